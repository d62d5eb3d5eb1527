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
    ox.serialize(_union(store), str(path), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())


# what an article's graph says about its own resources (the article, its claims, figures,
# notes and links) no other graph says
_OWN = tuple(f"{PREFIXES['kgid']}{kind}/" for kind in ("article", "claim", "figure", "footnote", "link"))


def _union(store: ox.Store):
    """The triples of every graph, each once. Only triples about shared resources (actors,
    sources, publishers, the build) can repeat, so only those are remembered: memory grows
    with the actors and sources, not with the text (a SPARQL CONSTRUCT over the union
    remembers every triple it wrote)."""
    seen: set[ox.Triple] = set()
    for q in store.quads_for_pattern(None, None, None, None):
        t = q.triple
        s = t.subject
        if not (isinstance(s, ox.NamedNode) and s.value.startswith(_OWN)):
            if t in seen:
                continue
            seen.add(t)
        yield t
