"""The graph of the fixture corpus, compared with a reviewed copy (``tests/data/golden``).

Any change to what kg writes (a new triple, an IRI, a datatype) shows up here as a diff of
triples. When the change is meant, review the diff and update the copy on purpose:

    KG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_graph.py
"""

import os

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from .conftest import DATA
from kg.rdf.mapping import BUILD_GRAPH, ONTOLOGY_GRAPH

pytestmark = pytest.mark.model

GOLDEN = DATA / "golden"
# not compared: the build's own graph (it names kg's version and the model's) and the
# ontology's (the vocabulary, checked by tests/test_ontology.py)
SKIP = {rdflib.URIRef(kg_graph.value) for kg_graph in (BUILD_GRAPH, ONTOLOGY_GRAPH)}


def _graphs(path, fmt: str) -> dict[str, rdflib.Graph]:
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    out = {}
    for g in ds.graphs():
        if g.identifier not in SKIP and len(g):
            out[str(g.identifier)] = rdflib.Graph() + g
    return out


def test_issue_14_the_fixture_graph_matches_the_reviewed_copy(fixture_build):
    out, _ = fixture_build
    got = _graphs(out / "kg.trig", "trig")
    golden = GOLDEN / "fixture-corpus.nq"
    if os.environ.get("KG_UPDATE_GOLDEN") == "1":
        # kg's own terms, one quad per line, sorted: a reviewable diff
        quads = ox.parse(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG)
        lines = sorted(ox.serialize([q], format=ox.RdfFormat.N_QUADS).decode() for q in quads
                       if rdflib.URIRef(q.graph_name.value) not in SKIP)
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text("".join(lines), encoding="utf-8")
        pytest.skip(f"wrote {golden}: review its diff before committing it")
    want = _graphs(golden, "nquads")
    assert sorted(got) == sorted(want), "the named graphs differ"
    for name in want:
        if not isomorphic(got[name], want[name]):
            _, only_golden, only_new = graph_diff(to_isomorphic(want[name]), to_isomorphic(got[name]))
            lines = [f"- {t}" for t in sorted(only_golden)[:10]] + [f"+ {t}" for t in sorted(only_new)[:10]]
            pytest.fail(f"graph {name} differs from the reviewed copy "
                        f"({len(only_golden)} triples gone, {len(only_new)} new):\n" + "\n".join(lines))
