"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL).

``validate`` returns data (conforms, report graph, text); only the CLI turns it into exit
codes: 0 conforms, 1 does not conform, 2 error.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Errors, KgError, StoreNotFound
from .lexicon import ontology_dir

REPORT_FORMATS = {"text": None, "turtle": "turtle", "json-ld": "json-ld"}  # --format → rdflib's format name


def validate(out: str | Path = "output", *, shapes: str | Path | None = None):
    """Validate ``out/kg.ttl``; return ``(conforms, report_graph, report_text)``."""
    import rdflib

    data = Path(out) / "kg.ttl"
    if not data.exists():
        raise StoreNotFound(Errors.E031.format(path=out))
    g = rdflib.Graph().parse(data, format="turtle")
    return validate_graph(g, shapes=shapes)


def validate_graph(g, *, shapes: str | Path | None = None):
    import pyshacl
    import rdflib

    sg = _shapes(Path(shapes) if shapes else ontology_dir() / "shapes.ttl")
    ont = rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    data = rdflib.Graph()
    data += g
    data += ont  # the ontology's individuals (source types, modes) are typed there
    conforms, report, text = pyshacl.validate(data, shacl_graph=sg, inference="none", advanced=True)
    return conforms, report, text


def _shapes(path: Path):
    """The shapes graph, or ``KgError`` naming the file and what is wrong with it."""
    import rdflib

    if not path.is_file():
        raise KgError(Errors.E051.format(path=path, reason="no such file"))
    try:
        g = rdflib.Graph().parse(path, format="turtle")
    except Exception as e:  # noqa: BLE001 - rdflib raises many parser types
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise KgError(Errors.E051.format(path=path, reason=f"not valid Turtle: {reason}")) from None
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    if not any(g.subjects(rdflib.RDF.type, SH.NodeShape)) and not any(g.subjects(rdflib.RDF.type, SH.PropertyShape)):
        raise KgError(Errors.E051.format(path=path, reason="it declares no sh:NodeShape or sh:PropertyShape"))
    return g
