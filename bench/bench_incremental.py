"""Incremental build ÷ full build: the bundled corpus copied N times (5 × N articles) is
built once into a fresh folder (every article parsed, the cache filled), then one article
changes and the same folder is built again (one article parsed, the rest from the cache).
Prints both wall times, their ratio (goal ≤ 0.10 at 1,000 articles) and whether the graph
equals a full build's byte for byte.

    python bench/bench_incremental.py [--copies 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_corpus  # noqa: E402

from kg.build import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reports", action="store_true", help="also write the network, audit and graph pages")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-inc-"))
    try:
        src = tmp / "in"
        src.mkdir()
        files = make_corpus(src, args.copies)
        out = tmp / "out"
        t = time.perf_counter()
        full = build([src], out, jobs=args.jobs, reports=args.reports)
        t_full = time.perf_counter() - t
        changed = files[len(files) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOfficials said the talks would resume next month.\n",
                           encoding="utf-8")
        t = time.perf_counter()
        inc = build([src], out, jobs=args.jobs, reports=args.reports)
        t_inc = time.perf_counter() - t
        fresh = build([src], tmp / "fresh", jobs=args.jobs, reports=False, cache=False)
        same = (out / "kg.trig").read_bytes() == (tmp / "fresh" / "kg.trig").read_bytes()
        print(f"articles {full.articles}  words {full.words:,}  jobs {args.jobs}  reports {args.reports}")
        print(f"full build {t_full:.1f} s  incremental ({inc.cached} of {inc.articles} from the cache) {t_inc:.1f} s  "
              f"ratio {t_inc / t_full:.3f}  graph identical to a full build: {same}  ({fresh.articles} articles)")
        print("incremental stages:", ", ".join(f"{k} {v:.1f} s" for k, v in inc.timings.items()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
