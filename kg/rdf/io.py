"""Write a built dataset as TriG (one named graph per article) and Turtle (their union).

Both files list the quads in the order the mapping made them (graph by graph for TriG),
each once; that order depends only on the input, so the same input gives byte-identical
files. pyoxigraph's serializers write them.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .mapping import PREFIXES


def _prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in PREFIXES.items()}


def write_trig(quads: list[ox.Quad], path: Path) -> list[ox.Quad]:
    """Write ``path``; return the distinct quads, grouped by graph as written."""
    unique = list(dict.fromkeys(quads))
    first: dict[ox.NamedNode, int] = {}
    for q in unique:
        first.setdefault(q.graph_name, len(first))
    unique.sort(key=lambda q: first[q.graph_name])  # stable: each graph's quads keep their order
    ox.serialize(unique, str(path), format=ox.RdfFormat.TRIG, prefixes=_prefixes())
    return unique


def write_turtle(quads: list[ox.Quad], path: Path) -> int:
    """Write the union of the graphs to ``path``; return the number of distinct triples."""
    triples = dict.fromkeys(q.triple for q in quads)
    ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    return len(triples)


def memory_store(quads: list[ox.Quad]) -> ox.Store:
    """An in-memory store of ``quads`` (named graphs only; query with the union default graph)."""
    mem = ox.Store()
    mem.bulk_extend(quads)
    return mem
