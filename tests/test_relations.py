"""Relations between actors and the stance network, with the real model."""

import json

import networkx as nx
import pytest

from kg import build, query
from kg.network import Evidence, analyse, build_graph, network
from kg.sanitize import for_xml

from .conftest import DATA

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def rel_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("rel") / "output"
    build([DATA / "relations"], out)
    return out


def triples(out):
    return {(r["subjectLabel"], r["relation"], r["objectLabel"], r["polarity"]) for r in query("who-supports-whom", out).rows}


@pytest.mark.parametrize(
    "expected",
    [
        ("Iran", "supports", "Russia", "asserted"),            # supply X with Y
        ("North Korea", "supports", "Russia", "asserted"),     # send Y to X
        ("Belarus", "supports", "Russia", "asserted"),         # coordination: three relations
        ("Syria", "supports", "Russia", "asserted"),
        ("China", "supports", "Russia", "negated"),            # denied selling
        ("China", "meets", "Brazil", "hedged"),                # may meet
        ("Russia", "dependsOn", "China", "asserted"),          # relies on loans from
        ("Russia", "dependsOn", "Belarus", "asserted"),
        ("Brazil", "cooperatesWith", "India", "asserted"),     # signed an agreement (nominal)
        ("Turkey", "opposes", "Russia", "asserted"),           # sanctioned
        ("United States", "supports", "Ukraine", "asserted"),
    ],
)
def test_relations_found(rel_build, expected):
    assert expected in triples(rel_build)


def test_no_relation_from_conditions_or_recommendations(rel_build):
    found = triples(rel_build)
    assert not any(s == "Germany" for s, *_ in found)           # "If Germany helps Poland"
    assert not any(s == "the West" for s, *_ in found)          # "The West should sanction"


def test_no_self_relations_and_every_row_has_evidence(rel_build):
    rows = query("who-supports-whom", rel_build).rows
    assert rows
    for r in rows:
        assert r["subject"] != r["object"]
        assert r["text"] and r["claim"]


def test_only_asserted_relations_are_direct_triples(rel_build):
    q = "PREFIX kg: <https://w3id.org/kg#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?a ?b WHERE { ?s kg:supports ?o . ?s skos:prefLabel ?a . ?o skos:prefLabel ?b }"
    direct = {(r["a"], r["b"]) for r in query(q, rel_build).rows}
    assert ("Iran", "Russia") in direct


def test_a_graph_without_sentences_is_the_same_graph(rel_build):
    full, bare = build_graph(rel_build), build_graph(rel_build, with_sentences=False)
    assert all(d["sentences"] and all(d["sentences"]) for _, _, d in full.edges(data=True))
    assert [(s, o, {k: v for k, v in d.items() if k != "sentences"}) for s, o, d in full.edges(data=True)] == list(bare.edges(data=True))
    assert dict(full.nodes(data=True)) == dict(bare.nodes(data=True))


def test_graphml_written_an_edge_at_a_time_is_what_networkx_writes(rel_build, tmp_path):
    # network() holds no sentences: they are read from the evidence file edge by edge
    network(rel_build, tmp_path)
    full = build_graph(rel_build)
    flat = nx.MultiDiGraph()
    for n, d in full.nodes(data=True):
        flat.add_node(for_xml(n), **d)
    for s, o, k, d in full.edges(keys=True, data=True):
        flat.add_edge(for_xml(s), for_xml(o), key=k, **{a: " | ".join(v) if isinstance(v, list) else v for a, v in d.items()})
    nx.write_graphml(flat, tmp_path / "nx.graphml")
    assert (tmp_path / "network.graphml").read_bytes() == (tmp_path / "nx.graphml").read_bytes()
    assert "<data key=\"d14\">" in (tmp_path / "network.graphml").read_text()  # the sentences are there


def test_the_evidence_file_goes_when_closed_or_when_reading_fails(rel_build, tmp_path, monkeypatch):
    with Evidence.read(rel_build) as ev:
        path = ev.path
        assert path.exists() and sum(len(c) for _, c, _, _ in ev.edges()) == sum(d["evidence"] for _, _, d in build_graph(rel_build).edges(data=True))
    assert not path.exists()
    made = []
    real = Evidence.__init__

    def spy(self, level="actor"):
        real(self, level)
        made.append(self.path)

    monkeypatch.setattr(Evidence, "__init__", spy)
    with pytest.raises(Exception):
        Evidence.read(tmp_path / "no-store-here")
    assert made and not made[0].exists()


def test_network_edges_and_analyses(rel_build, tmp_path):
    g = build_graph(rel_build)
    assert isinstance(g, nx.MultiDiGraph)
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    edges = {(labels[s], d["relation"], labels[o]): d for s, o, d in g.edges(data=True)}
    iran = edges[("Iran", "supports", "Russia")]
    assert iran["evidence"] == 2 and iran["articles"] == 1
    assert iran["independent"] == 2  # footnote 1's publisher, plus the unfootnoted sentence's article
    nk = edges[("North Korea", "supports", "Russia")]
    assert nk["evidence"] == 1 and nk["independent"] == 2  # one sentence, footnote 2 cites two publishers
    china = edges[("China", "supports", "Russia")]
    assert china["evidence"] == 2 and china["negated_share"] == 0.5
    report = analyse(g)
    assert set(report["supporters_and_opposers"]["Russia"]["supporters"]) >= {"Iran", "North Korea", "Belarus"}
    assert "Turkey" in report["supporters_and_opposers"]["Russia"]["opposers"]
    assert any({"Iran", "Russia"} <= set(b) for b in report["blocs"])
    singles = {(e["subject"], e["object"]) for e in report["single_sentence_edges"]}
    assert ("North Korea", "Russia") in singles and ("Iran", "Russia") not in singles
    # "China backs Russia" against "Beijing denied selling weapons to Russia"
    assert [(c["subject"], c["object"], c["against"]) for c in report["contradictions"]] == [("China", "Russia", "said not to support")]


def test_network_files(rel_build, tmp_path):
    report = network(rel_build, tmp_path)
    data = json.loads((tmp_path / "network.json").read_text())
    assert data["edges"] == report["edges"] > 0
    g = nx.read_graphml(tmp_path / "network.graphml")
    assert g.number_of_edges() == report["edges"]
    lines = (tmp_path / "network-edges.csv").read_text().splitlines()
    assert lines[0].startswith("source,source_label,relation") and len(lines) == report["edges"] + 1


def test_state_level_rolls_people_up(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "Talks\n\nFrench President Emmanuel Macron supports Ukraine. Macron met Polish officials in Warsaw.\n", encoding="utf-8")
    build([src], tmp_path / "out")
    people = {(d["label"]) for _, d in build_graph(tmp_path / "out").nodes(data=True)}
    states = {(d["label"]) for _, d in build_graph(tmp_path / "out", level="state").nodes(data=True)}
    assert "Emmanuel Macron" in people and "France" in states and "Emmanuel Macron" not in states
