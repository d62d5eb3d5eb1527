"""What reading a PDF or a web page costs next to parsing it: extraction time (kg's PDF and
HTML readers, from bytes to the ``Article`` record) ÷ spaCy parse time of the text they
yield. The goal is a ratio of at most 0.25 for each format.

PDFs come from ``--pdf`` (default: the CRS reports in ../shared/docs/crs-pdf); web pages
are the articles of ``--gold`` (default ../shared/gold-more) saved as news pages, as
``bench_html_parity.py`` writes them. Each timing is the best of ``--repeat`` runs.

    python bench/bench_formats.py [--pdf DIR] [--gold DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import spacy

from kg.corpus import load_article, nlp_text
from kg.pipeline import model_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_html_parity import page  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", type=Path, default=ROOT.parent / "shared" / "docs" / "crs-pdf")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold-more")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    nlp = spacy.load(model_name())
    with tempfile.TemporaryDirectory() as tmp:
        pages = []
        for f in sorted((args.gold / "texts").glob("*.txt")):
            p = Path(tmp) / (f.stem + ".html")
            p.write_text(page(f), encoding="utf-8")
            pages.append(p)
        sets = {"pdf": sorted(args.pdf.glob("*.pdf")), "html": pages}
        print(f"{'format':<6} {'files':>5} {'words':>8} {'extract s':>10} {'parse s':>9} {'ratio':>7}")
        for name, files in sets.items():
            if not files:
                print(f"{name:<6} no files")
                continue
            extract = best(lambda: [load_article(f) for f in files], args.repeat)
            texts = [nlp_text(load_article(f)) for f in files]
            parse = best(lambda: list(nlp.pipe(texts, batch_size=4)), args.repeat)
            words = sum(len(t.split()) for t in texts)
            print(f"{name:<6} {len(files):>5} {words:>8,} {extract:>10.2f} {parse:>9.2f} {extract / parse:>7.3f}")


if __name__ == "__main__":
    main()
