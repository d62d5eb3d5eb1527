"""Write a built dataset: TriG, Turtle and the on-disk store, all through pyoxigraph.

The quads go into an in-memory store first; its dumps come out in the store's index
order, which depends only on the data, so the same input gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .mapping import PREFIXES

_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def write(quads: list[ox.Quad], trig: Path, ttl: Path) -> tuple[int, ox.Store]:
    """Write ``trig`` (one named graph per article) and ``ttl`` (their union); return the
    number of distinct quads and the in-memory store that holds them (named graphs only)."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    mem = ox.Store()
    mem.bulk_extend(quads)
    n = len(mem)
    mem.dump(str(trig), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    mem.update(_UNION)
    mem.dump(str(ttl), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    mem.update("CLEAR DEFAULT")  # queries see the union of the named graphs, as on disk
    return n, mem
