"""Write a built dataset article by article: kg.trig (one named graph per article), kg.ttl
(the union of the graphs) and the TriG blocks the store loads.

Each article's quads are serialised once, into an ``ArticlePart``: the TriG block of its
named graph, the Turtle of the triples about its own resources (the article, its claims,
figures, notes and links, which no other graph describes) and, as N-Quads, everything else
it says (how the actors it names relate, the documents it cites): what may repeat across
articles. ``DatasetWriter`` puts the parts together: kg.trig is the ontology and actors
graphs, every article's block in build order, then the sources and build graphs; kg.ttl is
every article's own triples, then each shared triple once. A part depends on its article's
result alone, so the part of an unchanged article can be kept (``kg.cache``) and writes the
same bytes the next time: an incremental build's files equal a full build's byte for byte.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ..store import PREFIXES
from .mapping import SOURCES_GRAPH

# what an article's graph says about its own resources (the article, its claims, figures,
# notes and links) no other graph says
_OWN = tuple(f"{PREFIXES['kgid']}{kind}/" for kind in ("article", "claim", "figure", "footnote", "link"))
_PACK = struct.Struct("<III")


def prefixes() -> dict[str, str]:
    """The one prefix map queries use (``kg.store.PREFIXES``); kg's own resources are written
    as full IRIs in the files."""
    return {p: ns for p, ns in PREFIXES.items() if p != "kgid"}


@lru_cache(maxsize=1)
def header() -> bytes:
    """The prefix lines every kg.trig and kg.ttl starts with (and every block lacks): the
    ones pyoxigraph's serializer writes, in its order."""
    probe = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    data = ox.serialize([probe], format=ox.RdfFormat.TRIG, prefixes=prefixes())
    return data[: data.index(b"<urn:x:g>")]


def _serialize(items: list, fmt: ox.RdfFormat) -> bytes:
    """Quads or triples in ``fmt`` with kg's prefixes, without the prefix lines."""
    if not items:
        return b""
    data = ox.serialize(items, format=fmt, prefixes=prefixes())
    head = header()
    if not data.startswith(head):  # the serializer writes its prefixes first, in the map's order
        raise ValueError("unexpected prefix lines from the serializer")
    return data[len(head):]


def trig_block(quads: Iterable[ox.Quad]) -> bytes:
    """The TriG of ``quads`` (each once), without prefix lines."""
    return _serialize(list(dict.fromkeys(quads)), ox.RdfFormat.TRIG)


class ArticlePart(NamedTuple):
    """One article's share of the output files, serialised."""

    graph: str  # the article's named graph
    trig: bytes  # its TriG block(s)
    turtle: bytes  # the Turtle of the triples about its own resources
    shared: bytes  # N-Quads: what other graphs may say too (shared subjects, the sources graph)

    @classmethod
    def of(cls, graph: ox.NamedNode, parts: Iterable[list[ox.Quad]]) -> ArticlePart:
        """The part made from an article's quads (``kg.rdf.mapping.article_quads``)."""
        trig, turtle, shared = [], [], []
        seen: set[ox.Quad] = set()  # a quad about shared resources may come again in a later part
        for quads in parts:
            quads = [q for q in dict.fromkeys(quads) if _is_own(q.subject) or q not in seen]
            seen.update(q for q in quads if not _is_own(q.subject))
            mine = [q for q in quads if q.graph_name == graph]
            trig.append(_serialize(mine, ox.RdfFormat.TRIG))
            turtle.append(_serialize([q.triple for q in mine if _is_own(q.subject)], ox.RdfFormat.TURTLE))
            rest = [q for q in quads if q.graph_name != graph or not _is_own(q.subject)]
            shared.append(ox.serialize(rest, format=ox.RdfFormat.N_QUADS) if rest else b"")
        return cls(graph.value, b"".join(trig), b"".join(turtle), b"".join(shared))

    def pack(self) -> bytes:
        """The part as one compressed blob (``unpack`` reads it)."""
        g = self.graph.encode()
        return zlib.compress(_PACK.pack(len(g), len(self.trig), len(self.turtle)) + g + self.trig + self.turtle + self.shared, 1)

    @classmethod
    def unpack(cls, blob: bytes) -> ArticlePart:
        data = zlib.decompress(blob)
        ng, nt, nu = _PACK.unpack_from(data)
        i = _PACK.size
        return cls(data[i : i + ng].decode(), data[i + ng : i + ng + nt], data[i + ng + nt : i + ng + nt + nu], data[i + ng + nt + nu :])


def _is_own(subject) -> bool:
    return isinstance(subject, ox.NamedNode) and subject.value.startswith(_OWN)


class DatasetWriter:
    """Writes kg.trig and kg.ttl into ``folder`` as the parts come, and hands every TriG
    block meant for the store to ``store`` (a callable taking the block's bytes; an
    incremental build hands over only what changed).

    Call ``vocabulary`` first, then ``article`` for each article in build order, then
    ``finish``; ``close`` closes the files whatever happened.
    """

    def __init__(self, folder: str | Path, store: Callable[[bytes], None]):
        self._store = store
        self._trig = open(Path(folder) / "kg.trig", "wb")
        self._ttl = open(Path(folder) / "kg.ttl", "wb")
        for f in (self._trig, self._ttl):
            f.write(header())
        self._union: dict[ox.Triple, None] = {}  # triples that may repeat, in order, each once
        self._sources: dict[ox.Quad, None] = {}

    def vocabulary(self, quads: list[ox.Quad]) -> None:
        """The ontology and actors graphs (``kg.rdf.mapping.vocabulary_quads``)."""
        self._shared(quads)

    def article(self, part: ArticlePart, *, store: bool = True) -> None:
        self._trig.write(part.trig)
        self._ttl.write(part.turtle)
        if store:
            self._store(part.trig)
        if part.shared:
            for q in ox.parse(part.shared, format=ox.RdfFormat.N_QUADS):
                self._union[q.triple] = None
                if q.graph_name == SOURCES_GRAPH:
                    self._sources[q] = None

    def finish(self, build: list[ox.Quad]) -> None:
        """The sources graph (every cited document once), the build's graph, and the union's
        shared triples at the end of kg.ttl."""
        self._shared(list(self._sources))
        self._shared(build)
        self._ttl.write(_serialize(list(self._union), ox.RdfFormat.TURTLE))
        self.close()

    def _shared(self, quads: list[ox.Quad]) -> None:
        block = trig_block(quads)
        self._trig.write(block)
        self._store(block)
        for q in quads:
            self._union[q.triple] = None

    def close(self) -> None:
        self._trig.close()
        self._ttl.close()
        self._union, self._sources = {}, {}  # written: not held while the reports run
