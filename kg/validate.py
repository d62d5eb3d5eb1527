"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL).

``validate`` returns data (conforms, report graph, text); only the CLI turns it into exit
codes: 0 conforms, 1 does not conform, 2 error.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Errors, StoreNotFound
from .lexicon import ontology_dir


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

    sg = rdflib.Graph().parse(Path(shapes) if shapes else ontology_dir() / "shapes.ttl", format="turtle")
    ont = rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    data = rdflib.Graph()
    data += g
    data += ont  # the ontology's individuals (source types, modes) are typed there
    conforms, report, text = pyshacl.validate(data, shacl_graph=sg, inference="none", advanced=True)
    return conforms, report, text
