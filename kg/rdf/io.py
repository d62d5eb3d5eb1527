"""Write a built dataset from its store: TriG (one named graph per article) and Turtle (their union).

Both are streamed from the on-disk store, so writing them takes no more memory however big
the graph. The store lists quads in the order of its indexes, which depends only on the
quads: the same graph gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..store import PREFIXES


def _prefixes() -> dict[str, str]:
    """The one prefix map queries use (``kg.store.PREFIXES``); kg's own resources are written
    as full IRIs in the files."""
    return {p: ns for p, ns in PREFIXES.items() if p != "kgid"}


def write_trig(store: ox.Store, path: Path) -> None:
    """Write every named graph of ``store`` to ``path``."""
    store.dump(str(path), format=ox.RdfFormat.TRIG, prefixes=_prefixes())


def write_turtle(store: ox.Store, path: Path) -> None:
    """Write the union of the graphs of ``store`` to ``path``: a triple stated in several
    graphs (the same relation drawn from two articles) is written once."""
    # CONSTRUCT over the union default graph drops repeated triples as it streams
    union = store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    ox.serialize(union, str(path), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
