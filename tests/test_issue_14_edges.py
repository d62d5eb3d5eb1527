"""Regression tests for wrong edges (issue 14, part 2), each with its input inline."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.errors import KgError
from kg.extract.figures import number_value
from kg.lexicon import load_lexicon
from kg.sources import _type_by_rules, load_rules
from kg.store import parse_term

from .conftest import ROOT


@pytest.mark.parametrize(
    "value, expected",
    [("12", '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'), ('"12"', '"12"'), ("<https://x.org/a>", "<https://x.org/a>"),
     ('"https://x.org/a"^^<http://www.w3.org/2001/XMLSchema#anyURI>', '"https://x.org/a"^^<http://www.w3.org/2001/XMLSchema#anyURI>'),
     ("https://x.org/a", '"https://x.org/a"'), ('"Kyiv"@en', '"Kyiv"@en')],
)
def test_issue_14_bind_values_are_ntriples_terms(value, expected):
    assert str(parse_term(value)) == expected


def test_issue_14_bad_bind_value_is_a_message():
    with pytest.raises(KgError, match="not an N-Triples term"):
        parse_term('"unclosed')


@pytest.mark.model
def test_issue_14_readme_bind_example_returns_a_row(fixture_build):
    out, _ = fixture_build
    r = subprocess.run([sys.executable, "-m", "kg.cli", "query", "PREFIX kg: <https://w3id.org/kg#> SELECT ?fn ?n WHERE { ?fn kg:number ?n }",
                        "--bind", "n=2", "--store", str(out), "--format", "csv"], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "COLUMNS": "200"})
    assert r.returncode == 0 and len(r.stdout.strip().splitlines()) == 2, r.stdout + r.stderr


@pytest.mark.parametrize("num, scale, value", [("1.07", " billion", 1070000000), ("2.3", " million", 2300000), ("0.1", " thousand", 100)])
def test_issue_14_figures_carry_no_float_noise(num, scale, value):
    assert number_value(num, scale) == value and repr(number_value(num, scale)) == f"{value}.0"


@pytest.mark.parametrize("host, kind", [("notkremlin.ru", "OtherSource"), ("kremlin.ru", "GovernmentSource"), ("en.kremlin.ru", "GovernmentSource"),
                                        ("mil.ru.example.com", "OtherSource"), ("state.gov", "GovernmentSource")])
def test_issue_14_source_type_by_domain_labels(host, kind):
    assert _type_by_rules(host, host, load_rules()) == kind


def test_issue_14_lexicon_typo_names_file_and_field(tmp_path):
    text = (ROOT / "ontology" / "lexicon.yaml").read_text(encoding="utf-8").replace("quote_only_verbs:", "quote_only_verb:")
    (tmp_path / "lexicon.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=r"lexicon.yaml is not valid: .*quote_only_verbs: field required"):
        load_lexicon(str(tmp_path / "lexicon.yaml"))


def test_issue_14_yaml_on_is_a_word_not_true():
    assert "on" in load_lexicon().particle_verbs["call"]


@pytest.mark.model
def test_issue_14_standard_prefixes_need_no_declaration_and_tables_compact_them(fixture_build):
    from kg import query
    from kg.query import query_text

    out, _ = fixture_build
    rows = query("SELECT ?fn WHERE { ?fn a kg:Footnote ; kg:number 2 }", out).rows
    assert rows and rows[0]["fn"].startswith("https://w3id.org/kg/id/footnote/")
    table = query_text("SELECT ?fn WHERE { ?fn a kg:Footnote ; kg:number 2 }", out)
    assert "kgid:footnote/" in table and "kg:footnote/" not in table
