"""The stance network: who supports, opposes, depends on, cooperates with or meets whom.

Reads relations from the store (``ontology/queries/network-edges.rq``), never spaCy, and
builds a networkx MultiDiGraph with one edge per (subject, relation, object). Each edge
counts its evidence: claims, distinct articles, and independent origins (each publisher a
claim's footnotes cite; a claim with no footnote counts as its article's own voice), and the
share of that evidence that is hedged or negated. The evidence rows wait in a temporary
SQLite file (``Evidence``), so the graph holds counts and claim IRIs whatever the corpus's
size. ``analyse`` turns the graph into the tables users ask for first; ``write`` saves
JSON, GraphML (an element at a time) and a CSV edge list.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import networkx as nx

from . import store as kg_store
from .query import query, query_pages
from .sanitize import for_xml

RELATIONS = ("supports", "opposes", "dependsOn", "cooperatesWith", "meets")
SYMMETRIC = {"cooperatesWith", "meets"}
LEVELS = ("actor", "state")
FILES = ("network.json", "network.graphml", "network-edges.csv")  # what ``write`` writes


class Evidence:
    """The rows behind a network's edges (edge, claim, polarity, sentence, article, origin) in
    a temporary SQLite file, indexed by edge: the graph holds counts and claim IRIs, and a
    corpus of any size is read an edge at a time. Made by ``Evidence.read``; close it (or use
    it in a ``with``) to remove the file."""

    def __init__(self, level: str = "actor") -> None:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}")
        self.level = level
        self.labels: dict[str, str] = {}
        self.types: dict[str, str] = {}
        fd, name = tempfile.mkstemp(prefix="kg-network-", suffix=".sqlite")
        os.close(fd)
        self.path = Path(name)
        self._db = sqlite3.connect(name)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE"):  # a scratch file: sorts spill to disk
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute("CREATE TABLE ev (s TEXT, rel TEXT, o TEXT, claim TEXT, polarity TEXT, text TEXT, article TEXT, origin TEXT)")

    @classmethod
    def read(cls, store: str | Path = "output", level: str = "actor") -> Evidence:
        """Every relation statement in ``store`` with its evidence, an article at a time.
        ``level="state"`` rolls people and groups up to the state they are affiliated with
        (where the text says so); an edge from an actor to itself is left out."""
        ev = cls(level)
        try:
            ev._read(kg_store.open_store(store))
        except BaseException:
            ev.close()
            raise
        return ev

    def _read(self, st) -> None:
        labels, types = self.labels, self.types

        def node(iri: str, affiliation: str | None) -> str:
            if self.level == "state" and affiliation and types.get(iri) in ("Person", "Group", "Organization"):
                return affiliation
            return iri

        batch: list[tuple] = []
        insert = "INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        for r in query_pages("network-edges", st):  # an article at a time: the rows are never one list
            for side in ("subject", "object"):
                labels[r[side]] = r[f"{side}Label"]
                types[r[side]] = r[f"{side}Type"]
            s = node(r["subject"], r.get("subjectAffiliation"))
            o = node(r["object"], r.get("objectAffiliation"))
            if s == o:
                continue
            batch.append((s, r["relation"], o, r["claim"], r["polarity"], r["text"], r["article"], r["publisher"] or r["article"]))
            if len(batch) >= 1000:
                self._db.executemany(insert, batch)
                batch.clear()
        self._db.executemany(insert, batch)
        self._db.execute("CREATE INDEX ev_edge ON ev (s, rel, o, claim)")
        missing = [n for (n,) in self._db.execute("SELECT s FROM ev UNION SELECT o FROM ev") if n not in labels]
        for n in missing:  # affiliations reached by roll-up: fetch their labels too
            rows = query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?a ?l WHERE { ?a skos:prefLabel ?l }", st, bindings={"a": n}).rows
            labels[n] = rows[0]["l"] if rows else n.rsplit("/", 1)[-1]
            types[n] = "State"

    def edges(self) -> Iterator[tuple[tuple[str, str, str], dict[str, str], set[str], set[str]]]:
        """Each edge in order, one at a time: its (subject, relation, object), its claims in
        order with their polarity, the articles they are in and their independent origins."""
        rows = self._db.execute("SELECT s, rel, o, claim, polarity, article, origin FROM ev ORDER BY s, rel, o, claim, rowid")
        for key, group in groupby(rows, key=itemgetter(0, 1, 2)):
            claims: dict[str, str] = {}
            articles: set[str] = set()
            origins: set[str] = set()
            for _, _, _, claim, polarity, article, origin in group:
                claims[claim] = sys.intern(polarity)  # a claim listed twice (two publishers): its last row's
                articles.add(article)
                origins.add(origin)
            yield key, claims, articles, origins

    def sentences(self, s: str, relation: str, o: str) -> list[str]:
        """The text of an edge's claims, in the order of its ``claims``."""
        rows = self._db.execute("SELECT claim, text FROM ev WHERE s = ? AND rel = ? AND o = ? ORDER BY claim, rowid", (s, relation, o))
        return list(dict(rows).values())

    def claims_per_node(self) -> dict[str, int]:
        """How many distinct claims each actor's edges rest on."""
        return dict(self._db.execute("SELECT n, COUNT(DISTINCT claim) FROM (SELECT s AS n, claim FROM ev UNION ALL SELECT o, claim FROM ev) GROUP BY n"))

    def graph(self, *, with_articles: bool = False, with_sentences: bool = True) -> nx.MultiDiGraph:
        """The networkx graph, one edge per (subject, relation, object) with its counts, its
        claims and their polarities; ``with_articles`` gives each edge the IRIs of the articles
        its evidence is in (``in_articles``), ``with_sentences`` the text of its claims."""
        g = nx.MultiDiGraph(level=self.level)
        for (s, rel, o), claims, articles, origins in self.edges():
            pols = list(claims.values())
            n = len(pols)
            g.add_edge(
                s, o, key=rel,
                relation=rel,
                evidence=n,
                articles=len(articles),
                independent=len(origins),
                asserted=pols.count("asserted"),
                hedged=pols.count("hedged"),
                negated=pols.count("negated"),
                hedged_share=round(pols.count("hedged") / n, 3),
                negated_share=round(pols.count("negated") / n, 3),
                claims=list(claims),
                polarities=pols,
                **({"sentences": self.sentences(s, rel, o)} if with_sentences else {}),
                **({"in_articles": sorted(articles)} if with_articles else {}),
            )
        counts = self.claims_per_node()
        for n in g.nodes:
            g.nodes[n]["label"] = self.labels.get(n, n)
            g.nodes[n]["type"] = self.types.get(n, "Actor")
            g.nodes[n]["claims"] = counts.get(n, 0)
        return g

    def close(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Evidence:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def build_graph(store: str | Path = "output", *, level: str = "actor", with_articles: bool = False,
                with_sentences: bool = True) -> nx.MultiDiGraph:
    """The network of relations in ``store`` (see ``Evidence.graph``). ``level="state"``
    rolls people and groups up to the state they are affiliated with (where the text says
    so); ``with_sentences=False`` leaves out the text of each edge's evidence, which a reader
    that does not show it need not hold."""
    with Evidence.read(store, level) as ev:
        return ev.graph(with_articles=with_articles, with_sentences=with_sentences)


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


def write(g: nx.MultiDiGraph, report: dict, out: str | Path, *,
          sentences: Callable[[str, str, str], list[str]] | None = None) -> list[Path]:
    """``network.json`` (the analyses), ``network.graphml`` (Gephi, Cytoscape) and
    ``network-edges.csv``; return their paths. ``sentences(subject, relation, object)``
    gives an edge's evidence sentences for the GraphML when the graph does not hold them
    (``Evidence.sentences``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in FILES]
    paths[0].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_graphml(g, paths[1], sentences)
    with paths[2].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "source_label", "relation", "target", "target_label", "polarity", "evidence", "articles", "independent", "hedged_share", "negated_share"])
        for s, o, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[2]["relation"], e[1])):
            w.writerow([s, g.nodes[s]["label"], d["relation"], o, g.nodes[o]["label"], stance(d), d["evidence"], d["articles"], d["independent"], d["hedged_share"], d["negated_share"]])
    return paths


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string", list: "string"}


def _write_graphml(g: nx.MultiDiGraph, path: Path, sentences: Callable[[str, str, str], list[str]] | None) -> None:
    """GraphML as networkx writes it (the same keys, elements and layout), one element at a
    time through lxml's incremental writer, so no document tree of the whole network is
    built; lists are joined with " | " and text is made safe for XML 1.0."""
    from lxml import etree

    node_attrs = next(iter(g.nodes.values()), {})
    edge_attrs = dict(next(iter(g.edges.values()), {}))
    if sentences is not None and edge_attrs and "sentences" not in edge_attrs:
        edge_attrs["sentences"] = []
    keys = {(scope, name): (f"d{i}", _GRAPHML_TYPES[type(v)]) for i, (scope, name, v) in
            enumerate([("node", k, v) for k, v in node_attrs.items()] + [("edge", k, v) for k, v in edge_attrs.items()])}

    def element(tag: str, scope: str, data: dict, **attrib) -> etree._Element:
        el = etree.Element(tag, **attrib)
        for k, v in data.items():
            etree.SubElement(el, "data", key=keys[scope, k][0]).text = str(_xml_value(v))
        return el

    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                                    "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"}):
            for (scope, name), (kid, kind) in reversed(keys.items()):
                xf.write(etree.Element("key", {"id": kid, "for": scope, "attr.name": name, "attr.type": kind}), pretty_print=True)
            with xf.element("graph", edgedefault="directed"):
                for n, d in g.nodes(data=True):
                    xf.write(element("node", "node", d, id=for_xml(n)), pretty_print=True)
                for s, o, k, d in g.edges(keys=True, data=True):
                    if sentences is not None and "sentences" not in d:
                        d = {**d, "sentences": sentences(s, k, o)}
                    xf.write(element("edge", "edge", d, source=for_xml(s), target=for_xml(o), id=str(k)), pretty_print=True)


def _xml_value(v):
    if isinstance(v, list):
        v = " | ".join(map(str, v))
    return for_xml(v) if isinstance(v, str) else v


def network(store: str | Path = "output", out: str | Path | None = None, *, level: str = "actor", top: int = 15) -> dict:
    """Build, analyse and (when ``out`` is given) write the network; return the analyses.
    The graph holds each edge's counts and claim IRIs; the sentences stay on disk until the
    GraphML is written, an edge at a time."""
    with Evidence.read(store, level) as ev:
        g = ev.graph(with_sentences=False)
        report = analyse(g, top=top)
        if out is not None:
            write(g, report, out, sentences=ev.sentences)
    return report
