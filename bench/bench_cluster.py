"""Dask with two local workers ÷ ``--jobs 2``: build throughput of ``kg build --cluster`` on a
scheduler and two one-thread worker processes started here on 127.0.0.1, against a local
build with two processes, on the bundled corpus copied N times (no cache, no reports; the
workers are warmed up with one build first, as a running cluster would be). Goal ≥ 0.8.

    python bench/bench_cluster.py [--copies 8]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_corpus  # noqa: E402

from kg.build import build  # noqa: E402
from kg.cluster import wait_for_workers  # noqa: E402
from kg.serve import free_port  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=8)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-cluster-"))
    dask = str(Path(sys.executable).parent / "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--local-directory", str(tmp / f"w{k}")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for k in range(2)]
    try:
        if not wait_for_workers(address, 2):
            raise SystemExit("the Dask cluster did not start")
        src = tmp / "in"
        src.mkdir()
        make_corpus(src, args.copies)
        build([src], tmp / "warm", reports=False, cache=False, cluster=address)  # each worker loads the model
        t = time.perf_counter()
        local = build([src], tmp / "local", jobs=2, reports=False, cache=False)
        t_local = time.perf_counter() - t
        t = time.perf_counter()
        remote = build([src], tmp / "remote", reports=False, cache=False, cluster=address)
        t_remote = time.perf_counter() - t
        same = (tmp / "local" / "kg.trig").read_bytes() == (tmp / "remote" / "kg.trig").read_bytes()
        w = local.words
        print(f"articles {local.articles}  words {w:,}")
        print(f"--jobs 2 {t_local:.1f} s ({w / t_local:,.0f} words/s)  --cluster (2 workers) {t_remote:.1f} s ({w / t_remote:,.0f} words/s)"
              f"  ratio {t_local / t_remote:.2f}  same graph: {same}  ({remote.articles} articles)")
    finally:
        for p in procs:
            p.terminate()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
