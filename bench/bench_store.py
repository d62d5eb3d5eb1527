"""Which SPARQL engine answers kg's audit queries interactively at a million triples?

Builds a synthetic claim graph in kg's own shape (claims → footnotes → sources → domains,
claims → actors, attributions) and times loading plus three audit-style queries on:
rdflib's in-memory Graph, pyoxigraph in memory, pyoxigraph on disk (kg's default: a
persisted store, nothing to start), and rdflib over the Oxigraph store when oxrdflib is
installed. Prints seconds (median of 3) and each engine's time relative to kg's default.

    python bench/bench_store.py [--triples 1000000] [--skip-rdflib]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

KG = "https://w3id.org/kg#"
ID = "https://w3id.org/kg/id/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"

PREFIX = f"PREFIX kg: <{KG}> PREFIX schema: <{SCHEMA}> PREFIX prov: <{PROV}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
QUERIES = {
    "claims citing a domain": PREFIX + "SELECT ?claim ?text WHERE { ?claim kg:citesFootnote ?fn ; schema:text ?text . ?fn kg:cites ?src . ?src kg:domain ?domain }",
    "claims per actor": PREFIX + "SELECT ?actor ?label (COUNT(DISTINCT ?claim) AS ?n) WHERE { ?claim kg:mentions ?actor . ?actor skos:prefLabel ?label } GROUP BY ?actor ?label ORDER BY DESC(?n)",
    "claims with no source": PREFIX + "SELECT ?claim WHERE { ?claim a kg:Claim . FILTER NOT EXISTS { ?claim kg:citesFootnote ?f } FILTER NOT EXISTS { ?claim prov:qualifiedAttribution ?a } }",
}
BINDINGS = {"claims citing a domain": {"domain": "example-12.org"}}


def synthetic_nquads(n_triples: int, seed: int = 7) -> tuple[str, int]:
    """N-Quads text of a claim graph with about ``n_triples`` triples, one graph per article."""
    rnd = random.Random(seed)
    lines: list[str] = []
    domains = [f"example-{i}.org" for i in range(200)]
    actors = [f"<{ID}actor/a{i}>" for i in range(2000)]
    for a in actors:
        lines.append(f'{a} <{SKOS_LABEL}> "Actor {a[-6:-1]}" <{ID}graph/actors> .')
    sources = []
    for i in range(20000):
        s = f"<{ID}source/s{i}>"
        sources.append(s)
        lines.append(f'{s} <{KG}domain> "{rnd.choice(domains)}" <{ID}graph/sources> .')
        lines.append(f'{s} <{SCHEMA}url> "https://{rnd.choice(domains)}/{i}" <{ID}graph/sources> .')
    c = 0
    while len(lines) < n_triples:
        art = c // 300
        g = f"<{ID}graph/a{art}>"
        claim = f"<{ID}claim/a{art}/{c}>"
        lines.append(f"{claim} <{RDF_TYPE}> <{KG}Claim> {g} .")
        lines.append(f'{claim} <{SCHEMA}text> "Claim number {c} says something about the world." {g} .')
        lines.append(f"{claim} <{KG}inArticle> <{ID}article/a{art}> {g} .")
        lines.append(f'{claim} <{KG}start> "{c * 100}"^^<http://www.w3.org/2001/XMLSchema#integer> {g} .')
        for actor in rnd.sample(actors, 2):
            lines.append(f"{claim} <{KG}mentions> {actor} {g} .")
        if rnd.random() < 0.5:
            fn = f"<{ID}footnote/a{art}/{c}>"
            lines.append(f"{claim} <{KG}citesFootnote> {fn} {g} .")
            for s in rnd.sample(sources, 2):
                lines.append(f"{fn} <{KG}cites> {s} {g} .")
        if rnd.random() < 0.2:
            att = f"<{ID}claim/a{art}/{c}/attribution/0>"
            lines.append(f"{claim} <{PROV}qualifiedAttribution> {att} {g} .")
            lines.append(f"{att} <{PROV}agent> {rnd.choice(actors)} {g} .")
        c += 1
    return "\n".join(lines) + "\n", len(lines)


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_oxigraph(data: bytes, path: Path | None) -> dict:
    out = {}
    t = time.perf_counter()
    store = ox.Store(str(path)) if path else ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    if path:
        store.flush()
        store.optimize()
    out["load"] = time.perf_counter() - t
    for name, q in QUERIES.items():
        subs = {ox.Variable(k): ox.Literal(v) for k, v in BINDINGS.get(name, {}).items()}
        if subs:  # a bound variable must be projected
            q = q.replace("SELECT ?claim ?text", "SELECT ?claim ?text ?domain")
        out[name] = timed(lambda: list(store.query(q, use_default_graph_as_union=True, substitutions=subs or None)))
    return out


def bench_rdflib(data: str, store: str = "default") -> dict:
    import rdflib

    out = {}
    t = time.perf_counter()
    ds = rdflib.Dataset(store=store, default_union=True)
    ds.parse(data=data, format="nquads")
    out["load"] = time.perf_counter() - t
    for name, q in QUERIES.items():
        init = {k: rdflib.Literal(v) for k, v in BINDINGS.get(name, {}).items()}
        out[name] = timed(lambda: list(ds.query(q, initBindings=init)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--skip-rdflib", action="store_true", help="leave out rdflib's own engine (slow to load)")
    args = ap.parse_args()
    text, n = synthetic_nquads(args.triples)
    data = text.encode("utf-8")
    print(f"synthetic claim graph: {n:,} quads")
    tmp = Path(tempfile.mkdtemp(prefix="kg-store-bench-"))
    results = {}
    try:
        results["pyoxigraph on disk (kg default)"] = bench_oxigraph(data, tmp / "store")
        results["pyoxigraph in memory"] = bench_oxigraph(data, None)
        try:
            import oxrdflib  # noqa: F401

            results["rdflib + Oxigraph store"] = bench_rdflib(text, store="Oxigraph")
        except ImportError:
            pass
        if not args.skip_rdflib:
            results["rdflib in memory"] = bench_rdflib(text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = results["pyoxigraph on disk (kg default)"]
    cols = ["load", *QUERIES]
    print(f"{'engine':34}" + "".join(f"{c:>26}" for c in cols))
    for name, r in results.items():
        cells = "".join(f"{r[c]:>12.3f} s ({r[c] / base[c]:>6.1f}x) " for c in cols)
        print(f"{name:34}{cells}")


if __name__ == "__main__":
    main()
