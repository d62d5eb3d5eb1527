"""``kg export`` writes the graph in four syntaxes that hold the same triples, JSON-LD
compacted with the packaged context; query results become typed DataFrames and notebook
tables."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import context, export
from kg.query import Result, query
from kg.store import PREFIXES

pytestmark = pytest.mark.model


def test_context_is_the_prefix_map_queries_use():
    assert context()["@context"] == PREFIXES


def test_every_syntax_holds_the_same_graph(fixture_build):
    out, _ = fixture_build
    trig = Dataset()
    trig.parse(data=export(out, "trig"), format="trig")
    nq = Dataset()
    nq.parse(data=export(out, "nq"), format="nquads")
    assert len(trig) == len(nq) > 0
    jsonld = export(out, "jsonld")
    doc = json.loads(jsonld)
    assert doc["@context"] == PREFIXES and "kg:Claim" in jsonld.decode()  # compacted
    ld = Dataset()
    ld.parse(data=jsonld, format="json-ld")
    union = Graph()
    for q in trig.quads((None, None, None, None)):
        union.add(q[:3])
    ld_union = Graph()
    for q in ld.quads((None, None, None, None)):
        ld_union.add(q[:3])
    ttl = Graph().parse(data=export(out, "ttl"), format="turtle")
    assert isomorphic(union, ld_union) and isomorphic(union, ttl)


def test_results_as_typed_dataframes_and_notebook_tables(fixture_build):
    pytest.importorskip("pandas")
    out, _ = fixture_build
    r = query("claims", out)
    df = r.to_pandas()
    assert list(df.columns) == r.variables and len(df) == len(r.rows)
    assert str(df["start"].dtype) == "Int64" and str(df["text"].dtype) == "string"
    page = Result(["text"], [{"text": "<script>x</script>"}])._repr_html_()
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_turtle_is_the_union_of_the_graphs_each_triple_once(tmp_path):
    import pyoxigraph as ox

    from kg.rdf.io import ArticlePart, DatasetWriter

    kgid, kg = PREFIXES["kgid"], PREFIXES["kg"]
    actor, other = ox.NamedNode(kgid + "actor/state-FR"), ox.NamedNode(kgid + "actor/state-DE")
    claim = ox.NamedNode(kgid + "claim/a/0-10")
    blocks = []
    writer = DatasetWriter(tmp_path, blocks.append)
    writer.vocabulary([])
    for g in ("a", "b"):  # one relation drawn from two articles, and each article's own claim
        graph = ox.NamedNode(kgid + "graph/" + g)
        quads = [ox.Quad(actor, ox.NamedNode(kg + "supports"), other, graph),
                 ox.Quad(ox.NamedNode(kgid + f"claim/{g}/0-10"), ox.NamedNode(kg + "mentions"), actor, graph)]
        writer.article(ArticlePart.of(graph, [quads]))
    writer.finish([])
    text = (tmp_path / "kg.ttl").read_text()
    triples = list(ox.parse(path=str(tmp_path / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 3 and text.count("kg:supports") == 1
    assert any(t.subject == claim for t in triples)
    quads = list(ox.parse(path=str(tmp_path / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == 4 and {q.graph_name.value[-1] for q in quads} == {"a", "b"}
    assert b"".join(blocks).count(b"kg:supports") == 2  # the store gets both graphs' statements
