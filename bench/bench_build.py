"""Build throughput against bare spaCy: ``kg build`` words/s ÷ ``nlp.pipe`` words/s.

Both parse the same texts (the bundled corpus, copied N times under new names) with the
same model, process count and batch size, and both are timed end to end (model loading
included); kg build also extracts, resolves, writes RDF and loads the store. The goal is a
ratio of at least 0.80 for the graph itself (``--no-reports``); the full build also
writes the network, audit and graph pages. Each timing is the best of ``--repeat`` runs,
taken in turns, so that a busy moment of the machine does not decide a ratio.

    python bench/bench_build.py [--copies 8] [--jobs 1 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import spacy

from kg.build import build as kg_build
from kg.corpus import load_corpus, nlp_text
from kg.pipeline import model_name

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(dest: Path, copies: int) -> list[Path]:
    files = sorted((ROOT / "corpus").glob("*.md"))
    out = []
    for i in range(copies):
        for f in files:
            text = f.read_text(encoding="utf-8").replace("\nid: ", f"\nid: copy{i}-", 1)
            p = dest / f"copy{i}-{f.name}"
            p.write_text(text, encoding="utf-8")
            out.append(p)
    return out


def bare(texts: list[str], jobs: int, batch_size: int) -> float:
    """spaCy alone, end to end like kg build: load the model, then parse every text."""
    t = time.perf_counter()
    nlp = spacy.load(model_name())
    for _ in nlp.pipe(texts, n_process=jobs, batch_size=batch_size):
        pass
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        (tmp / "in").mkdir()
        make_corpus(tmp / "in", args.copies)
        articles = [a for a in load_corpus([tmp / "in"]) if not isinstance(a, Exception)]
        texts = [nlp_text(a) for a in articles]
        words = sum(len(t.split()) for t in texts)
        print(f"{len(texts)} articles, {words:,} words, model {model_name()}")
        print(f"{'jobs':>4} {'bare nlp.pipe w/s':>18} {'kg build --no-reports':>22} {'ratio':>6} {'kg build (all reports)':>23} {'ratio':>6}")
        for jobs in args.jobs:
            b = k = f = float("inf")
            for _ in range(args.repeat):
                b = min(b, bare(texts, jobs, args.batch_size))
                t = time.perf_counter()
                kg_build([tmp / "in"], tmp / f"out{jobs}", jobs=jobs, batch_size=args.batch_size, reports=False, cache=False)
                k = min(k, time.perf_counter() - t)
                t = time.perf_counter()
                kg_build([tmp / "in"], tmp / f"full{jobs}", jobs=jobs, batch_size=args.batch_size, cache=False)
                f = min(f, time.perf_counter() - t)
            print(f"{jobs:>4} {words / b:>18,.0f} {words / k:>22,.0f} {b / k:>6.2f} {words / f:>23,.0f} {b / f:>6.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
