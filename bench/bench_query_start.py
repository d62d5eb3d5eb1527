"""How long does ``kg query`` take on a built store, next to starting Python with its two
libraries (``python -c "import pyoxigraph, rich"``)? The goal is at most 4× that.

Builds the bundled corpus into a temporary folder (or uses ``--store``), then runs each
command ``--repeat`` times and prints the median wall time and the ratio to the baseline.

    python bench/bench_query_start.py [--store output] [--repeat 7] [--query actors]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a folder kg build wrote (default: build the bundled corpus)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--query", default="actors", help="a competency query name or SPARQL text")
    args = ap.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    tmp = None
    store = args.store
    if store is None:
        tmp = Path(tempfile.mkdtemp(prefix="kg-query-start-"))
        store = tmp / "output"
        subprocess.run([kg, "build", str(ROOT / "corpus"), "--out", str(store), "--no-reports", "--quiet"], check=True,
                       stdout=subprocess.DEVNULL)
    try:
        base = median_seconds([sys.executable, "-c", "import pyoxigraph, rich"], args.repeat)
        print(f"{'command':<48} {'median s':>9} {'ratio':>6}")
        baseline = 'python -c "import pyoxigraph, rich"'
        print(f"{baseline:<48} {base:>9.3f} {1:>6.2f}")
        for fmt in ("table", "csv", "json"):
            t = median_seconds([kg, "query", args.query, "--store", str(store), "--format", fmt], args.repeat)
            print(f"{'kg query ' + args.query + ' --format ' + fmt:<48} {t:>9.3f} {t / base:>6.2f}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
