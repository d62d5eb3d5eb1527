"""Does kg read a saved web page as well as the same article as plain text?

Each article of a gold folder (``texts/`` plus annotation files, as ``kg eval`` reads them)
is written out a second time as a web page the way news sites save: navigation, an
advertisement, a share bar, the headline in ``<h1>``, paragraphs in ``<p>``, note markers
as ``<sup><a href="#fnN">N</a></sup>``, the notes as an ``<ol>`` of ``<li id="fnN">``,
related links and a footer. Both folders are built and scored against the same gold; the
script prints each score for text and for HTML, and their ratio.

    python bench/bench_html_parity.py ../shared/gold-more
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from pathlib import Path

from kg import build
from kg.corpus import load_article
from kg.evaluate import evaluate


def page(path: Path) -> str:
    """The article at ``path`` as a saved news page."""
    a = load_article(path)
    body = a.text
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", body) if p.strip()]
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(a.title)} | Example News</title>",
        f"<meta name='author' content='{html.escape(a.author or '')}'>" if a.author else "",
        f"<meta property='article:published_time' content='{a.published}'>" if a.published else "",
        "</head><body><header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        "<li><a href='/opinion'>Opinion</a></li></ul></nav></header>",
        "<div class='ad'>Advertisement</div><main><article>",
        f"<h1>{html.escape(paras[0])}</h1>" if paras else "",
        "<div class='share'><a href='https://social.example/share'>Share</a></div>",
    ]
    for p in paras[1:]:
        text = html.escape(p)
        text = re.sub(r"\[(\d{1,3})\]", r"<sup><a href='#fn\1'>\1</a></sup>", text)
        out.append(f"<p>{text}</p>")
    if a.footnotes:
        out.append("<h2>Notes</h2><ol>")
        for f in a.footnotes:
            refs = " ".join(f"<a href='{html.escape(u.url)}'>{html.escape(u.url)}</a>" for u in f.urls)
            out.append(f"<li id='fn{f.n}' value='{f.n}'>{html.escape(f.note or '')} {refs}</li>")
        out.append("</ol>")
    out.append("</article></main><aside><h3>Most read</h3><ul><li><a href='/x'>Another story</a></li></ul></aside>"
               "<footer><p>© Example News. All rights reserved.</p></footer></body></html>")
    return "\n".join(x for x in out if x)


def main(gold: Path) -> None:
    texts = gold / "texts"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        pages.mkdir()
        for f in sorted(texts.iterdir()):
            if f.suffix in (".txt", ".md"):
                (pages / (f.stem + ".html")).write_text(page(f), encoding="utf-8")
        scores = {}
        for name, src in (("text", texts), ("html", pages)):
            build([src], tmp / name, reports=False)
            scores[name] = {s.name: s for s in evaluate(gold, tmp / name)}
    print(f"{'file':<20} {'text P':>7} {'text R':>7} {'html P':>7} {'html R':>7} {'R ratio':>8}")
    for key in scores["text"]:
        t, h = scores["text"][key], scores["html"][key]
        ratio = h.recall / t.recall if t.recall else float("nan")
        print(f"{key:<20} {t.precision:7.3f} {t.recall:7.3f} {h.precision:7.3f} {h.recall:7.3f} {ratio:8.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/gold-more"))
