"""The ontology files: namespace module in sync, alias table and shapes parse, queries parse."""

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.rdf import codegen
from kg.rdf.namespace import KG

from .conftest import ROOT


def test_namespace_module_is_generated_from_the_ontology():
    current = (ROOT / "kg" / "rdf" / "namespace.py").read_text(encoding="utf-8")
    assert codegen.render(ROOT / "ontology" / "kg.ttl") == current, "run: python -m kg.rdf.codegen"


def test_misspelt_term_is_an_error():
    with pytest.raises(AttributeError):
        KG.Claimm  # noqa: B018


@pytest.mark.parametrize("name", ["kg.ttl", "shapes.ttl", "actors.ttl"])
def test_turtle_files_parse(name):
    assert len(rdflib.Graph().parse(ROOT / "ontology" / name, format="turtle")) > 10


@pytest.mark.parametrize("path", sorted((ROOT / "ontology" / "queries").glob("*.rq")), ids=lambda p: p.name)
def test_queries_parse(path):
    ox.Store().query(path.read_text(encoding="utf-8"))


def test_alias_table_covers_states_capitals_and_organisations(table):
    assert table.lookup("Moscow") == "state-RU"
    assert table.lookup("the Kremlin") == "state-RU"
    assert table.lookup("Beijing") == "state-CN"
    assert table.by_demonym["Ukrainian"] == "state-UA"
    assert table.lookup("NATO") == "org-nato"
    assert sum(1 for a in table.actors.values() if a.type == "state") >= 190
