"""PDF → canonical text, with pypdfium2 (PDFium: the text layer with each character's font
size, baseline and box, and the page's link annotations).

What the layout tells, and text alone does not:
- a note marker is a run of digits set smaller than its line and raised above its
  baseline ("day.¹²" → "day.[12]"); the same digits at the start of a small-type line at
  the page foot begin note 12's definition; notes run on across pages;
- running headers and footers are lines in the page margins that repeat from page to page
  (digits aside), and bare page numbers; they are dropped;
- lines of a paragraph are joined; a word hyphenated across lines is rejoined (the hyphen
  kept where the halves are words of their own), and so is a URL broken across lines;
- a link annotation over words is an inline link (evidence), kept with its character span.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from . import Document, TextBuilder

_SUFFIXES = ("tion", "tions", "sion", "sions", "ing", "ings", "ment", "ments", "ed", "ly", "ity", "ities", "ness",
             "ance", "ence", "ances", "ences", "al", "ally", "ive", "ives", "able", "ible", "ous", "ize", "ized",
             "izes", "ise", "ised", "er", "ers", "est", "ies", "es", "s", "ure", "ures", "ant", "ants", "ent",
             "ents", "ist", "ists", "ism", "ial", "ian", "ic", "ics", "ical", "ory", "ary", "ate", "ated", "ates")
_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*$")
_NOTES_TITLE = re.compile(r"^\s*(notes|endnotes|footnotes|references)\s*:?\s*$", re.I)  # not "Sources": a figure's
_PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?\s*$", re.I)
_LEADERS = re.compile(r"(?:\.\s?){8,}\s*\d+\s*$")  # a table of contents line: "Summary ........ 3"
_WORD = re.compile(r"(?<![-\w])[A-Za-z]{3,}(?![-\w])")
_BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")  # a site's address alone on a line in the margin
_NOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+\S")


class PdfError(ValueError):
    """An encrypted, damaged or text-less PDF; the message says which."""


@dataclass
class _Char:
    ch: str
    x: float  # origin
    y: float  # baseline
    size: float
    bold: bool = False
    link: int = -1


@dataclass
class _Line:
    chars: list[_Char]
    y: float
    size: float  # the line's main font size
    page: int
    sup: list[bool] = field(default_factory=list)  # each char: raised and small

    @cached_property
    def text(self) -> str:
        return "".join(c.ch for c in self.chars)

    @cached_property
    def bold(self) -> bool:
        """Set in bold throughout (a run-in heading or a caption)."""
        letters = [c for c in self.chars if c.ch.isalpha()]
        return bool(letters) and all(c.bold for c in letters)


def read_pdf(data: bytes) -> Document:
    """Read a PDF's text layer into canonical text; raise ``PdfError`` when it cannot."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        reason = str(e)
        if "password" in reason.lower():
            raise PdfError("the PDF is encrypted (password protected); decrypt it first") from None
        raise PdfError(f"the PDF is damaged or not a PDF ({reason})") from None
    try:
        pages, urls, heights = [], [], []
        for i in range(len(doc)):
            page = doc[i]
            heights.append(page.get_height())
            chars, links = _page_chars(doc, page)
            urls.append(links)
            pages.append(chars)
            page.close()
        meta = _metadata(doc)
    finally:
        doc.close()
    if sum(len(c) for c in pages) < 20:
        raise PdfError("the PDF has no text layer (a scan?); kg does not run OCR: run OCR first (e.g. ocrmypdf)")
    lines = [_lines(chars, k) for k, chars in enumerate(pages)]
    body = _body_size([ln for page in lines for ln in page])
    _drop_furniture(lines, heights, body)
    return _compose(lines, urls, body, meta)


def _page_chars(doc, page) -> tuple[list[_Char], list[str]]:
    """The page's characters in content order, with origin, size and weight, each marked
    with the link annotation it sits under. The text comes in one call; the layout takes
    two calls a character (three at a word's start), one a space, and a box on pages with
    links."""
    import pypdfium2.raw as R

    tp = page.get_textpage()
    raw = tp.raw
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    if len(text) != n:  # characters outside the Basic Multilingual Plane: one call each
        text = "".join(chr(R.FPDFText_GetUnicode(raw, i)) for i in range(n))
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    origin, size, weight, box = R.FPDFText_GetCharOrigin, R.FPDFText_GetFontSize, R.FPDFText_GetFontWeight, R.FPDFText_GetCharBox
    rects, urls = _link_rects(doc, page)
    chars: list[_Char] = []
    bold, last_size, word_start = False, -1.0, True
    for i, ch in enumerate(text):
        if ch in "\r\n":
            word_start = True
            continue
        origin(raw, i, x, y)
        if ch.isspace():  # a space's size and weight tell nothing
            chars.append(_Char(ch, x.value, y.value, 0.0))
            word_start = True
            continue
        font_size = size(raw, i)
        if word_start or font_size != last_size:  # weight changes between words, or with the type
            bold = weight(raw, i) >= 600
        word_start, last_size = False, font_size
        c = _Char(ch, x.value, y.value, font_size, bold)
        if rects:
            box(raw, i, left, right, bottom, top)
            cx, cy = (left.value + right.value) / 2, (bottom.value + top.value) / 2
            for k, (l, b, r, t) in enumerate(rects):
                if l <= cx <= r and b <= cy <= t:
                    c.link = k
                    break
        chars.append(c)
    tp.close()
    return chars, urls


def _link_rects(doc, page) -> tuple[list[tuple[float, float, float, float]], list[str]]:
    """The page's URI link annotations: their rectangles and URLs."""
    import pypdfium2.raw as R

    rects, urls = [], []
    pos, link = ctypes.c_int(0), R.FPDF_LINK()
    while R.FPDFLink_Enumerate(page, ctypes.byref(pos), ctypes.byref(link)):
        action = R.FPDFLink_GetAction(link)
        if not action or R.FPDFAction_GetType(action) != R.PDFACTION_URI:
            continue
        size = R.FPDFAction_GetURIPath(doc, action, None, 0)
        buf = ctypes.create_string_buffer(size)
        R.FPDFAction_GetURIPath(doc, action, buf, size)
        url = buf.value.decode("latin-1", "replace").strip()
        rect = R.FS_RECTF()
        if url and R.FPDFLink_GetAnnotRect(link, rect):
            rects.append((rect.left, rect.bottom, rect.right, rect.top))
            urls.append(url)
    return rects, urls


def _metadata(doc) -> dict:
    meta = {}
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # damaged metadata is no reason to lose the text
        return meta
    if info.get("Title") and len(info["Title"]) > 3:
        meta["title"] = info["Title"].strip()
    if info.get("Author"):
        meta["author"] = info["Author"].strip()
    return meta


def _lines(chars: list[_Char], page: int) -> list[_Line]:
    """Group a page's characters (in content order) into lines by baseline; a small, raised
    run stays on the line it is raised above."""
    lines: list[_Line] = []
    cur: list[_Char] = []
    base = size = 0.0
    for c in chars:
        if c.ch.isspace() and cur:
            cur.append(c)
            continue
        if c.ch.isspace():
            continue
        if cur:
            if abs(c.y - base) <= 0.25 * size and c.size > 0.85 * size and c.x >= cur[-1].x - size:
                cur.append(c)
                size = max(size, c.size) if c.size < 1.4 * size else size
                continue
            if c.size < 0.85 * size and 0 < c.y - base < 0.8 * size and c.x >= cur[-1].x - 1:
                cur.append(c)  # a superscript on this line
                continue
            if all(_small(x, c) for x in cur if not x.ch.isspace()) and 0 < base - c.y < 0.8 * c.size:
                cur.append(c)  # the line began with a superscript: its baseline is this one
                base, size = c.y, c.size
                continue
            lines.append(_make_line(cur, base, size, page))
        cur, base, size = [c], c.y, c.size
    if cur:
        lines.append(_make_line(cur, base, size, page))
    return [ln for ln in lines if ln.text.strip()]


def _small(x: _Char, than: _Char) -> bool:
    return x.size < 0.85 * than.size


def _make_line(chars: list[_Char], base: float, size: float, page: int) -> _Line:
    while chars and chars[-1].ch.isspace():
        chars.pop()
    sizes = Counter(c.size for c in chars if not c.ch.isspace())
    main = round(sizes.most_common(1)[0][0], 1) if sizes else size
    sup = [not c.ch.isspace() and c.size < 0.85 * main and c.y - base > 0.12 * main for c in chars]
    return _Line(chars, base, main, page, sup)


def _body_size(lines: list[_Line]) -> float:
    """The body text's font size: the most used one, unless that is the notes' size (lines
    that begin with a raised number) and a larger size is used nearly as much."""
    weights, note_sizes = Counter(), set()
    for ln in lines:
        weights[ln.size] += len(ln.chars)
        if ln.sup and ln.sup[0] and ln.chars[0].ch.isdigit():
            note_sizes.add(ln.size)
    if not weights:
        return 10.0
    top, most = weights.most_common(1)[0]
    if top in note_sizes:
        larger = [(w, size) for size, w in weights.items() if size > top and w >= 0.4 * most]
        if larger:
            return max(larger)[1]
    return top


def _key(line: _Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.strip().lower()))[:24]


def _drop_furniture(pages: list[list[_Line]], heights: list[float], body: float) -> None:
    """Remove running headers, footers and page numbers: lines near the top or bottom of a
    page that also open a line in the margins of other pages (digits aside: "Page 3",
    "Report 12 · Version 4"), and lines that are only a page number or a web address."""
    def band(ln: _Line, h: float, share: float) -> bool:
        return ln.y > (1 - share) * h or ln.y < share * h

    margins = [{_key(ln) for ln in lines if band(ln, heights[k], 0.1)} for k, lines in enumerate(pages)]
    seen: dict[str, bool] = {}

    def running(key: str) -> bool:
        if key not in seen:
            pages_with = sum(1 for keys in margins if any(k.startswith(key) or key.startswith(k) and len(k) >= 3 for k in keys))
            seen[key] = len(key) >= 3 and pages_with >= max(2, 0.3 * len(pages))  # on most pages; two notes may share words
        return seen[key]

    def furniture(ln: _Line, h: float) -> bool:
        if _LEADERS.search(ln.text):
            return True  # a table of contents line
        if not band(ln, h, 0.15) or ln.size > body * 1.05 or (ln.sup and ln.sup[0]):
            return False  # body text, a title, or a note at the page foot
        return bool(band(ln, h, 0.1) and _PAGE_NUMBER.match(ln.text) or _BARE_URL.match(ln.text) or running(_key(ln)))

    for k, lines in enumerate(pages):
        lines[:] = [ln for ln in lines if not furniture(ln, heights[k])]


def _compose(pages: list[list[_Line]], urls: list[list[str]], body: float, meta: dict) -> Document:
    b = TextBuilder()
    notes: dict[int, list[str]] = {}
    last_note: int | None = None
    prev: _Line | None = None
    endnotes = False
    gaps = _line_gaps(pages)
    words = {w.lower() for page in pages for ln in page for w in _WORD.findall(ln.text)}
    for k, lines in enumerate(pages):
        foot = _foot_start(lines, body)
        for j, ln in enumerate(lines):
            if j >= foot or endnotes:
                last_note = _note_line(ln, notes, last_note, urls[k])
                continue
            if _NOTES_TITLE.match(ln.text) and k >= len(pages) // 2:
                endnotes = True  # an endnotes section: numbered lines from here on are notes
                b.end_block()
                continue
            _join(b, prev, ln, gaps, words)
            _write_line(b, ln, urls[k])
            prev = ln
    for n, parts in notes.items():
        b.note(n, _join_parts(parts))
    if not meta.get("title"):
        first = next((ln for page in pages for ln in page if ln.size > body * 1.2), None)
        if first is not None:
            meta["title"] = first.text.strip()
    return b.document(meta, media_type="application/pdf")


def _foot_start(lines: list[_Line], body: float) -> int:
    """Index of the first line of the page's footnote block: from there to the page foot
    every line is set smaller than the body, and the block begins with a note number."""
    start = len(lines)
    for j in range(len(lines) - 1, -1, -1):
        ln = lines[j]
        if ln.size >= body * 0.95:
            break
        if _starts_note(ln) is not None:
            start = j
    # the run-on of the last page's last note, set close above the first new note
    while 0 < start < len(lines):
        above, ln = lines[start - 1], lines[start]
        if abs(above.size - ln.size) > 0.6 or not 0 < above.y - ln.y <= 1.5 * ln.size or above.size >= body * 0.95:
            break
        start -= 1
    return start


def _starts_note(ln: _Line) -> tuple[int, bool] | None:
    """The number a note line begins with, and whether it is raised ("¹²" rather than "12 ")."""
    digits = ""
    for c, s in zip(ln.chars, ln.sup):
        if s and c.ch.isdigit():
            digits += c.ch
        else:
            break
    if digits and 0 < int(digits) <= 999:
        return int(digits), True
    m = _NOTE_START.match(ln.text)
    return (int(m.group(1)), False) if m and 0 < int(m.group(1)) <= 999 else None


def _note_line(ln: _Line, notes: dict[int, list[str]], last: int | None, urls: list[str]) -> int | None:
    """Add a line of the notes to the note it begins or continues; return the current note.
    A raised number begins a note; a plain one only when it is the next number (so a line
    that wraps to "240 ships in 2023." continues a note)."""
    start = _starts_note(ln)
    text = ln.text
    n = start[0] if start else None
    if start and n not in notes and (last is None or (n > last if start[1] else n == last + 1)):
        text = re.sub(r"^\s*\d{1,3}[.)]?\s*", "", text)
        notes.setdefault(n, []).append(text)
        last = n
    elif last is not None:
        notes[last].append(text)
    else:
        return last
    for u in dict.fromkeys(urls[c.link] for c in ln.chars if c.link >= 0):
        if u not in text:
            notes[last].append(u)
    return last


def _join_parts(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip().replace("\x02", "-").replace("\ufffe", "-")
        glue = _glue(out, p) if out else "space"
        out = out[:-1] + p if glue == "drop-hyphen" else out + p if glue in ("url", "keep-hyphen") else (out + " " + p).strip()
    return out


def _glue(tail: str, first: str, vocabulary: set[str] = frozenset()) -> str:
    """How a line that ends in ``tail`` joins the next one, which starts with ``first``:
    "url" (a URL broken across lines), "drop-hyphen" ("explora-" + "tion"), "keep-hyphen"
    ("dual-" + "capable", "F-" + "16") or "space". A hyphen goes when the halves make a word
    the document uses elsewhere (``vocabulary``) or the second half is a suffix ("-tion").

    >>> _glue("see https://example.org/a/", "b.html"), _glue("the explora-", "tion of")
    ('url', 'drop-hyphen')
    >>> _glue("its dual-", "capable systems"), _glue("in the", "year")
    ('keep-hyphen', 'space')
    """
    words = tail.split()
    first = first.lstrip()
    if words and _URL_TAIL.search(words[-1]) and tail[-1:] in "/-._=?&#%" and first[:1] and not first[:1].isupper():
        return "url"
    if tail[-1:] == "-" and tail[-2:-1].strip():
        left, right = re.search(r"([A-Za-z]+)-$", tail), re.match(r"([a-z]+)\b", first)
        if left and right and (right.group(1) in _SUFFIXES or (left.group(1) + right.group(1)).lower() in vocabulary):
            return "drop-hyphen"
        return "keep-hyphen"
    return "space"


def _line_gaps(pages: list[list[_Line]]) -> dict[float, float]:
    """The usual distance between baselines in a paragraph, for each font size."""
    gaps: dict[float, Counter] = {}
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            gap = a.y - b.y
            if a.size == b.size and 0.9 * a.size < gap < 2 * a.size:
                gaps.setdefault(a.size, Counter())[round(gap, 1)] += 1
    return {size: c.most_common(1)[0][0] for size, c in gaps.items()}


def _join(b: TextBuilder, prev: _Line | None, ln: _Line, gaps: dict[float, float], words: set[str]) -> None:
    """Continue ``prev``'s paragraph with ``ln``, or end the block first."""
    if prev is None:
        return
    tail = b.tail(80)
    first = ln.text.lstrip()
    if abs(prev.size - ln.size) > 0.15 * max(prev.size, ln.size) or prev.bold != ln.bold:
        b.end_block()  # a heading, a caption, a table in other type
        return
    gap = prev.y - ln.y
    if prev.page == ln.page and 0 < gap:
        if gap > 1.3 * gaps.get(ln.size, 1.2 * ln.size):
            b.end_block()  # the space between paragraphs
            return
    elif tail.rstrip()[-1:] in ".!?:\"”" and not first[:1].islower():
        b.end_block()  # a new column or page that starts a new paragraph
        return
    glue = _glue(tail, first, words)
    if glue == "drop-hyphen":
        b.unwrite(1)
    if glue == "space":
        b.space()


def _write_line(b: TextBuilder, ln: _Line, urls: list[str]) -> None:
    link, link_start = -1, 0
    digits = ""
    for c, sup in zip(ln.chars, ln.sup):
        if sup and c.ch.isdigit():
            digits += c.ch
            continue
        if digits:
            _markers(b, digits, c.ch)
            digits = ""
            if sup and c.ch in ",-–":
                continue
        if c.link != link:
            if link >= 0:
                b.add_link(link_start, b.pos, urls[link])
            link, link_start = c.link, b.pos
        b.write(" " if c.ch.isspace() else c.ch if c.ch not in "\x02\ufffe" else "-")
    if digits:
        _markers(b, digits, "")
    if link >= 0:
        b.add_link(link_start, b.pos, urls[link])


def _markers(b: TextBuilder, digits: str, after: str) -> None:
    n = int(digits)
    if 0 < n <= 999:
        b.marker(n)
        if after and not after.isspace() and after not in ".,;:)]”’\"'":
            b.write(" ")
    else:
        b.write(digits)
