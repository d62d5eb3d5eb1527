"""Build wall time and peak memory as the corpus grows: the bundled corpus copied to 40, 160,
640 … articles, each size built by a fresh ``kg build --jobs 2 --no-cache`` process (reports
included unless ``--no-reports``); prints wall seconds, peak RSS of the build and its workers,
report sizes, and the growth exponent of time and memory between consecutive sizes
(1.0 = linear).

    python bench/bench_scale.py [--articles 40 160 640] [--jobs 2] [--no-reports] [--open]
"""

from __future__ import annotations

import argparse
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[40, 160, 640])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-reports", action="store_true")
    ap.add_argument("--open", action="store_true", help="also time graph.html until interactive in headless Chromium (median of 3)")
    args = ap.parse_args()
    kg = str(Path(sys.executable).parent / "kg")
    rows = []
    for n in args.articles:
        tmp = Path(tempfile.mkdtemp(prefix=f"kg-bench-scale-{n}-"))
        try:
            (tmp / "in").mkdir()
            make_corpus(tmp / "in", max(1, n // 5))
            cmd = [kg, "build", str(tmp / "in"), "--out", str(tmp / "out"), "--jobs", str(args.jobs), "--no-cache", "--quiet"]
            if args.no_reports:
                cmd.append("--no-reports")
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, the largest process so far
            sizes = {f: (tmp / "out" / f).stat().st_size / 1e6 for f in ("audit.html", "audit.json", "graph.html") if (tmp / "out" / f).exists()}
            rows.append((n, wall, max(peak, before) / 1e6, sizes))
            opened = ""
            if args.open and (tmp / "out" / "graph.html").exists():
                from bench_viz import time_to_interactive

                opened = f"  graph.html interactive after {statistics.median(time_to_interactive(tmp / 'out' / 'graph.html')):.2f} s"
            print(f"{n:>6} articles  {wall:8.1f} s  peak RSS {max(peak, before) / 1e6:5.2f} GB  "
                  + "  ".join(f"{k} {v:.1f} MB" for k, v in sizes.items()) + opened, flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    for (n0, t0, m0, _), (n1, t1, m1, _) in zip(rows, rows[1:]):
        k = math.log(n1 / n0)
        print(f"{n0} → {n1}: time exponent {math.log(t1 / t0) / k:.2f}, memory exponent {math.log(m1 / m0) / k:.2f}")


if __name__ == "__main__":
    main()
