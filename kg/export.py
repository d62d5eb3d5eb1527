"""``kg export``: the built graph in another RDF syntax.

TriG (one named graph per article), N-Quads, Turtle (the union of the graphs) and JSON-LD,
compacted with kg's packaged context (``ontology/context.jsonld``: the prefixes kg writes,
so ``"kg:Claim"`` and ``"schema:text"`` read as in Turtle). TriG, N-Quads and Turtle are
written by pyoxigraph; JSON-LD by rdflib's serializer, which compacts with a context.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import Errors, KgError
from .lexicon import ontology_dir

FORMATS = ("jsonld", "trig", "nq", "ttl")


def context() -> dict:
    """The packaged JSON-LD context."""
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def export(out: str | Path, fmt: str) -> bytes:
    """The graph ``out`` holds (its ``kg.trig``), serialised as ``fmt``."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise KgError(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")
    trig = Path(out) / "kg.trig"
    if not trig.is_file():
        raise KgError(Errors.E031.format(path=out))
    if fmt == "trig":
        return trig.read_bytes()
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    if fmt == "nq":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    ctx = context()["@context"]
    if fmt == "ttl":
        triples = list(dict.fromkeys(q.triple for q in quads))
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={k: v for k, v in ctx.items() if isinstance(v, str)})
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds.serialize(format="json-ld", context=ctx, auto_compact=True, indent=1).encode("utf-8")
