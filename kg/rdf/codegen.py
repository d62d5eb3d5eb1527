"""Generate ``kg/rdf/namespace.py`` from ``ontology/kg.ttl``.

Run ``python -m kg.rdf.codegen`` after editing the ontology; a test regenerates the
module and fails if the committed one differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

KG = "https://w3id.org/kg#"


def render(ttl: str | Path) -> str:
    g = rdflib.Graph().parse(ttl, format="turtle")
    terms: dict[str, str] = {}
    for s in set(g.subjects()):
        if isinstance(s, rdflib.URIRef) and str(s).startswith(KG):
            name = str(s)[len(KG):]
            label = g.value(s, RDFS.comment) or g.value(s, RDFS.label) or g.value(s, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) or ""
            kind = "class" if (s, RDF.type, OWL.Class) in g else "property" if any(
                (s, RDF.type, t) in g for t in (OWL.ObjectProperty, OWL.DatatypeProperty)) else "individual"
            terms[name] = f"{kind}: {' '.join(str(label).split())}".strip()
    lines = [
        '"""The kg ontology terms (generated from ontology/kg.ttl by kg.rdf.codegen; do not edit)."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """kg: claims, their sources and the actors in analysis articles."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{KG}")',
        "",
    ]
    for name in sorted(terms):
        lines.append(f"    {name}: URIRef  # {terms[name]}"[:118].rstrip())
    return "\n".join(lines) + "\n"


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    target = Path(__file__).with_name("namespace.py")
    target.write_text(render(root / "ontology" / "kg.ttl"), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
