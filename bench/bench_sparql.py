"""SPARQL latency at millions of triples, embedded and served.

Builds the bundled corpus once, then copies its article graphs (each copy a new article: its
article, claims, figures, notes and links under new IRIs; actors, sources and ontology
shared) until the store holds ``--triples`` quads, and loads them into an on-disk store laid
out as a build's output folder. Then times, median of ``--repeat`` runs each:

* one claim's provenance chain (``kg.audit.claim_chain``'s queries with the claim bound:
  its grade, its attribution, the documents it rests on, the relations it evidences, its
  figures);
* every audit query (``audit-*.rq``): the per-article aggregates, and the listings (a row
  per claim, figure or finding) whole and as one article's page (``?article`` bound); with
  ``--all`` the competency queries too;

embedded (pyoxigraph, as ``kg query`` runs them) and served (``kg serve``'s Oxigraph server,
through its read-only front, over HTTP). Goals at ≥ 5 million triples, served: the chain
≤ 50 ms, each audit aggregate (and listing page) ≤ 1 s.

    python bench/bench_sparql.py [--triples 5000000] [--repeat 5] [--all] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
from bench_store import timed as bench_timed  # noqa: E402

from kg.build import build  # noqa: E402
from kg.query import load_query  # noqa: E402
from kg.rdf.mapping import SHARED_GRAPHS  # noqa: E402
from kg.remote import post as remote_post  # noqa: E402
from kg.remote import with_values  # noqa: E402
from kg.store import PREFIXES, open_store, run  # noqa: E402

ID = PREFIXES["kgid"]
_OWN = re.compile(r"(<" + re.escape(ID) + r"(?:article|claim|figure|footnote|link|graph)/)([^/>]+)")
CHAIN = ("claim-grades", "claims", "claim-sources", "who-supports-whom", "claim-figures")
LISTINGS = ("audit-claims", "audit-figures", "audit-hygiene")  # a row per claim, figure or finding: paged by article


def replicate(trig: Path, target: int) -> tuple[list[bytes], int]:
    """N-Quads chunks: the shared graphs once, the article graphs copied until ``target``."""
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    shared = [q for q in quads if q.graph_name in SHARED_GRAPHS]
    own = ox.serialize([q for q in quads if q.graph_name not in SHARED_GRAPHS], format=ox.RdfFormat.N_QUADS).decode()
    per_copy = len(quads) - len(shared)
    copies = max(1, -(-(target - len(shared)) // per_copy))
    chunks = [ox.serialize(shared, format=ox.RdfFormat.N_QUADS)]
    for k in range(copies):
        chunks.append(_OWN.sub(lambda m, k=k: f"{m.group(1)}{m.group(2)}~{k}", own).encode())
    return chunks, len(shared) + copies * per_copy


def timed(fn, repeat: int) -> float:
    """``bench_store.timed`` after a warm-up run (3 runs for a query over 5 s)."""
    t = time.perf_counter()
    fn()  # warm: the first run reads the indexes from disk
    return bench_timed(fn, min(repeat, 3) if time.perf_counter() - t > 5 else repeat)


def post(url: str, text: str) -> bytes:
    return remote_post(url, text, "application/sparql-results+json", 600)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--all", action="store_true", help="time every competency query too, not only the chain and the audit")
    ap.add_argument("--keep", type=Path, help="build the big store here (reused when it is there already)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-sparql-"))
    out = args.keep or tmp / "big"
    try:
        if not (out / "kg-store.json").is_file():
            small = tmp / "small"
            build([ROOT / "corpus"], small, reports=False, cache=False)
            t = time.perf_counter()
            chunks, n = replicate(small / "kg.trig", args.triples)
            version = "v1-0"
            (out / "store").mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(out / "store" / version))
            for c in chunks:
                store.bulk_load(c, format=ox.RdfFormat.N_QUADS, lenient=True)
            store.optimize()
            store.flush()
            del store
            (out / "kg-store.json").write_text(json.dumps({"store": f"store/{version}"}))
            print(f"loaded {n:,} quads in {time.perf_counter() - t:.1f} s")
        store = open_store(out)
        print(f"store: {len(store):,} quads")
        claim = next(iter(run(store, "SELECT ?c WHERE { ?c a <https://w3id.org/kg#Claim> ; <http://www.w3.org/ns/prov#qualifiedAttribution> ?a ; <http://purl.org/spar/cito/cites> ?f } LIMIT 1")))["c"]
        article = next(iter(run(store, "SELECT ?a WHERE { ?a a <https://w3id.org/kg#Article> } LIMIT 1")))["a"]
        names = [p.stem for p in sorted((ROOT / "ontology" / "queries").glob("*.rq"))
                 if not p.stem.startswith("eval-") and (args.all or p.stem.startswith("audit-"))]
        # (label, query, bindings): the chain bound to a claim; each audit listing whole and as
        # one article's page (?article bound); the per-article aggregates and the rest whole
        runs = [(n, n, {"claim": claim}) for n in CHAIN]
        for n in names:
            runs.append((n, n, None))
            if n in LISTINGS:
                runs.append((f"{n} (one article)", n, {"article": article}))
        texts = {n: load_query(n)[0] for _, n, _ in runs}

        embedded = {label: timed(lambda n=n, b=b: list(run(store, texts[n], bindings=b)), args.repeat) for label, n, b in runs}

        from kg.serve import make_server

        server, backend = make_server(out, "127.0.0.1", 0, timeout=600)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        try:
            served = {label: timed(lambda n=n, b=b: post(url, with_values(texts[n], {k: str(v) for k, v in b.items()}) if b else texts[n]),
                                   args.repeat) for label, n, b in runs}
        finally:
            server.shutdown()
            server.server_close()
            backend.close()

        print(f"\n{'query':34} {'embedded':>10} {'served':>10}")
        for label, n, _ in runs:
            mark = " (chain)" if n in CHAIN else " (listing: every row)" if n in LISTINGS and label == n else ""
            print(f"{label:34} {embedded[label] * 1000:8.0f} ms {served[label] * 1000:8.0f} ms{mark}")
        print(f"\none claim's chain ({len(CHAIN)} queries): embedded {sum(embedded[n] for n in CHAIN) * 1000:.0f} ms, "
              f"served {sum(served[n] for n in CHAIN) * 1000:.0f} ms (goal ≤ 50 ms served)")
        audits = [label for label, n, _ in runs if n.startswith("audit-") and not (n in LISTINGS and label == n)]
        print("slowest audit aggregate or page: embedded {:.2f} s, served {:.2f} s (goal ≤ 1 s each, served)".format(
            max(embedded[n] for n in audits), max(served[n] for n in audits)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
