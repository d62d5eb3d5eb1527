"""The stance network: who supports, opposes, depends on, cooperates with or meets whom.

Reads relations from the store (``ontology/queries/network-edges.rq``), never spaCy, and
builds a networkx MultiDiGraph with one edge per (subject, relation, object). Each edge
counts its evidence: claims, distinct articles, and independent origins (each publisher a
claim's footnotes cite; a claim with no footnote counts as its article's own voice), and the
share of that evidence that is hedged or negated. ``analyse`` turns the graph into the
tables users ask for first; ``write`` saves JSON, GraphML and a CSV edge list.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx

from . import store as kg_store
from .query import query, query_pages
from .sanitize import for_xml

RELATIONS = ("supports", "opposes", "dependsOn", "cooperatesWith", "meets")
SYMMETRIC = {"cooperatesWith", "meets"}
LEVELS = ("actor", "state")


def build_graph(store: str | Path = "output", *, level: str = "actor", with_articles: bool = False,
                with_sentences: bool = True) -> nx.MultiDiGraph:
    """The network of relations in ``store``. ``level="state"`` rolls people and groups up to
    the state they are affiliated with (where the text says so). ``with_articles`` gives each
    edge the IRIs of the articles its evidence is in (``in_articles``; the graph page filters
    by them); ``with_sentences=False`` leaves out the text of its evidence (``sentences``),
    which a reader that does not show it need not hold."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    st = kg_store.open_store(store)
    g = nx.MultiDiGraph(level=level)
    labels: dict[str, str] = {}
    types: dict[str, str] = {}

    def node(iri: str, affiliation: str | None) -> str:
        if level == "state" and affiliation and types.get(iri) in ("Person", "Group", "Organization"):
            return affiliation
        return iri

    evidence: dict[tuple[str, str, str], dict] = {}
    for r in query_pages("network-edges", st):  # an article at a time: the rows are never one list
        for side in ("subject", "object"):
            labels[r[side]] = r[f"{side}Label"]
            types[r[side]] = r[f"{side}Type"]
        s = node(r["subject"], r.get("subjectAffiliation"))
        o = node(r["object"], r.get("objectAffiliation"))
        if s == o:
            continue
        e = evidence.setdefault((s, r["relation"], o), {"claims": {}, "articles": set(), "origins": set()})
        e["claims"][r["claim"]] = (r["polarity"], r["text"] if with_sentences else None, r["article"])
        e["articles"].add(r["article"])
        e["origins"].add(r["publisher"] or r["article"])
    missing = {n for key in evidence for n in (key[0], key[2]) if n not in labels}
    if missing:  # affiliations reached by roll-up: fetch their labels too
        for n in missing:
            rows2 = query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?a ?l WHERE { ?a skos:prefLabel ?l }", st, bindings={"a": n}).rows
            labels[n] = rows2[0]["l"] if rows2 else n.rsplit("/", 1)[-1]
            types[n] = "State"
    claims_of: dict[str, set] = defaultdict(set)
    for (s, rel, o), e in sorted(evidence.items()):
        pols = [p for p, _, _ in e["claims"].values()]
        n = len(pols)
        g.add_edge(
            s, o, key=rel,
            relation=rel,
            evidence=n,
            articles=len(e["articles"]),
            independent=len(e["origins"]),
            asserted=pols.count("asserted"),
            hedged=pols.count("hedged"),
            negated=pols.count("negated"),
            hedged_share=round(pols.count("hedged") / n, 3),
            negated_share=round(pols.count("negated") / n, 3),
            claims=sorted(e["claims"]),
            polarities=[e["claims"][c][0] for c in sorted(e["claims"])],
            **({"sentences": [e["claims"][c][1] for c in sorted(e["claims"])]} if with_sentences else {}),
            **({"in_articles": sorted(e["articles"])} if with_articles else {}),
        )
        claims_of[s] |= set(e["claims"])
        claims_of[o] |= set(e["claims"])
    for n in g.nodes:
        g.nodes[n]["label"] = labels.get(n, n)
        g.nodes[n]["type"] = types.get(n, "Actor")
        g.nodes[n]["claims"] = len(claims_of[n])
    return g


def stance(d: dict) -> str:
    """An edge's overall polarity: asserted if any claim asserts it, else negated or hedged."""
    if d["asserted"]:
        return "asserted"
    return "negated" if d["negated"] >= d["hedged"] else "hedged"


def analyse(g: nx.MultiDiGraph, *, top: int = 15) -> dict:
    """Supporters and opposers per actor, strongest edges, blocs, support chains, edges
    resting on one sentence, and contradictions."""
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    edges = [(s, o, d) for s, o, d in g.edges(data=True)]
    out: dict = {"level": g.graph.get("level", "actor"), "actors": g.number_of_nodes(), "edges": len(edges)}

    per_actor = {}
    for n in sorted(g.nodes, key=label):
        sup = sorted({label(s) for s, o, d in g.in_edges(n, data=True) if d["relation"] == "supports" and stance(d) == "asserted"})
        opp = sorted({label(s) for s, o, d in g.in_edges(n, data=True) if d["relation"] == "opposes" and stance(d) == "asserted"})
        if sup or opp:
            per_actor[label(n)] = {"supporters": sup, "opposers": opp}
    out["supporters_and_opposers"] = per_actor

    ranked = sorted(edges, key=lambda e: (-e[2]["independent"], -e[2]["articles"], -e[2]["evidence"], label(e[0]), e[2]["relation"], label(e[1])))
    out["strongest_edges"] = [_edge(g, s, o, d) for s, o, d in ranked[:top]]

    support = nx.Graph()
    for s, o, d in edges:
        if d["relation"] in ("supports", "cooperatesWith") and stance(d) == "asserted":
            support.add_edge(s, o)
    blocs = []
    if support.number_of_edges():
        for c in nx.community.louvain_communities(support, seed=7):
            if len(c) > 1:
                blocs.append(sorted(label(n) for n in c))
    out["blocs"] = sorted(blocs, key=lambda b: (-len(b), b))

    sup = nx.DiGraph([(s, o) for s, o, d in edges if d["relation"] == "supports" and stance(d) == "asserted"])
    chains = []
    for start in sorted(sup.nodes, key=label):
        for path in _paths(sup, start, 3):
            if len(path) >= 3:
                chains.append(" → ".join(label(n) for n in path))
    out["support_chains"] = sorted(set(chains))

    out["single_sentence_edges"] = [_edge(g, s, o, d) for s, o, d in sorted(edges, key=lambda e: (label(e[0]), e[2]["relation"], label(e[1]))) if d["evidence"] == 1]

    contradictions = []
    for s, o, d in edges:
        if d["relation"] != "supports" or not d["asserted"]:
            continue
        against = []
        if d["negated"]:
            against.append("said not to support")
        if g.has_edge(s, o, key="opposes"):
            against.append("said to oppose")
        if against:
            contradictions.append({"subject": label(s), "object": label(o), "supports": d["asserted"], "against": ", ".join(against),
                                   "claims": d["claims"] + (g.edges[s, o, "opposes"]["claims"] if g.has_edge(s, o, key="opposes") else [])})
    out["contradictions"] = sorted(contradictions, key=lambda c: (c["subject"], c["object"]))
    return out


def _paths(g: nx.DiGraph, start, cutoff: int):
    stack = [[start]]
    while stack:
        path = stack.pop()
        yield path
        if len(path) > cutoff:
            continue
        for nxt in g.successors(path[-1]):
            if nxt not in path:
                stack.append(path + [nxt])


def _edge(g, s, o, d) -> dict:
    return {
        "subject": g.nodes[s]["label"], "relation": d["relation"], "object": g.nodes[o]["label"],
        "polarity": stance(d), "evidence": d["evidence"], "articles": d["articles"], "independent": d["independent"],
        "hedged_share": d["hedged_share"], "negated_share": d["negated_share"], "claims": d["claims"],
    }


def write(g: nx.MultiDiGraph, report: dict, out: str | Path) -> list[Path]:
    """``network.json`` (the analyses), ``network.graphml`` (Gephi, Cytoscape) and
    ``network-edges.csv``; return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "network.json", out / "network.graphml", out / "network-edges.csv"]
    paths[0].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    flat = nx.MultiDiGraph()  # XML 1.0 cannot hold every character an article may contain
    for n, d in g.nodes(data=True):
        flat.add_node(for_xml(n), **{k: _xml_value(v) for k, v in d.items()})
    for s, o, k, d in g.edges(keys=True, data=True):
        flat.add_edge(for_xml(s), for_xml(o), key=k, **{k2: _xml_value(v) for k2, v in d.items()})
    nx.write_graphml(flat, paths[1])
    with paths[2].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "source_label", "relation", "target", "target_label", "polarity", "evidence", "articles", "independent", "hedged_share", "negated_share"])
        for s, o, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[2]["relation"], e[1])):
            w.writerow([s, g.nodes[s]["label"], d["relation"], o, g.nodes[o]["label"], stance(d), d["evidence"], d["articles"], d["independent"], d["hedged_share"], d["negated_share"]])
    return paths


def _xml_value(v):
    if isinstance(v, list):
        v = " | ".join(map(str, v))
    return for_xml(v) if isinstance(v, str) else v


def network(store: str | Path = "output", out: str | Path | None = None, *, level: str = "actor") -> dict:
    """Build, analyse and (when ``out`` is given) write the network; return the analyses."""
    g = build_graph(store, level=level)
    report = analyse(g)
    if out is not None:
        write(g, report, out)
    return report
