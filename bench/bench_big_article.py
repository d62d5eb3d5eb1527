"""Memory and time of building one very long article (issue: a 30 MB article must build in at
most 2 GB of memory, with progress).

The article is synthetic (generated sentences with figures, footnote markers and clutter
lines, a notes section), so the measure depends on size, not on any real text. Each size is
built by ``kg build --no-reports`` in a child process; its peak resident memory comes from
``getrusage(RUSAGE_CHILDREN)``.

    python bench/bench_big_article.py [--mb 0.5 3] [--jobs 1]

Prints, per size: seconds, peak RSS, and the ratio of that peak to the 2 GB goal.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_BYTES = 2 * 1024**3
WORDS = ("the ministry said that the agency supplied 1,200 drones to the region in 2024 according to "
         "officials while analysts warned of further escalation and the army reported new losses").split()


def article(mb: float, seed: int = 1) -> str:
    """About ``mb`` megabytes of sentences, paragraphs of five, a clutter line now and then."""
    rng = random.Random(seed)
    paragraphs, sentences, size, n = [], [], 0, 0
    while size < mb * 1_000_000:
        s = " ".join(rng.choice(WORDS) for _ in range(18)).capitalize() + "."
        if rng.random() < 0.2:
            n += 1
            s += f"[{n % 900 + 1}]"
        sentences.append(s)
        size += len(s) + 1
        if len(sentences) == 5:
            paragraphs.append(" ".join(sentences))
            sentences = []
            if rng.random() < 0.05:
                paragraphs.append("Advertisement")
    paragraphs.append(" ".join(sentences))
    notes = "\n".join(f"[{i}] https://example{i % 17}.org/doc/{i}" for i in range(1, 901))
    return "Long report\n\n" + "\n\n".join(p for p in paragraphs if p) + "\n\nNotes\n" + notes + "\n"


def measure(mb: float, jobs: int, kg: str) -> tuple[float, int]:
    tmp = Path(tempfile.mkdtemp(prefix="kg-big-"))
    try:
        (tmp / "corpus").mkdir()
        (tmp / "corpus" / "long.md").write_text(article(mb), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        subprocess.run([kg, "build", str(tmp / "corpus"), "--out", str(tmp / "out"), "--no-reports", "--quiet", "--jobs", str(jobs)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
        return seconds, max(peak, before * 1024)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[0.5, 3.0])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--kg", default=str(Path(sys.executable).with_name("kg")))
    a = ap.parse_args()
    print(f"{'MB':>6} {'seconds':>8} {'peak RSS GB':>12} {'peak / 2 GB goal':>17}")
    for mb in sorted(a.mb):  # ascending: RUSAGE_CHILDREN keeps the largest child so far
        seconds, peak = measure(mb, a.jobs, a.kg)
        print(f"{mb:6.1f} {seconds:8.1f} {peak / 1024**3:12.2f} {peak / GOAL_BYTES:17.2f}")


if __name__ == "__main__":
    main()
