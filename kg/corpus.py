"""Articles on disk → ``Article`` records: front matter, body, clutter, footnotes.

The body text is kept exactly as written (offsets index into it). Page clutter found
by general line rules is recorded as ranges, which the NLP stage masks with spaces.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import yaml

from .errors import ArticleError, Errors, Warnings
from .footnotes import find_glued, find_markers, fragment_text, normalise_url, numbered_tail, parse_notes, split_notes
from .outdir import is_kg_folder
from .records import Article, Link, Url

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf")
MEDIA_TYPES = {".md": "text/markdown", ".markdown": "text/markdown", ".html": "text/html", ".htm": "text/html",
               ".xhtml": "text/html", ".pdf": "application/pdf"}
_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body")
MAX_BYTES = 50_000_000

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_BOILERPLATE = re.compile(
    r"^(advertisement|advertisements|sponsored( content)?|promoted( content)?|ad|ads|"
    r"subscribe( now)?|share( this)?( article| story)?|click here.*|loading\.*|"
    r"(sign up|subscribe) (for|to) .*newsletter.*|follow us on .*|"
    r"download (the )?.* app.*|catch all the .*news.*|read more news on)$",
    re.I,
)
# possessive runs and a left guard on every run: each run is scanned once (no backtracking)
_COUNTER = re.compile(r"(?<![\d,.])\d[\d,.]*+\s*+k?\s*+(views?|comments?|shares?|reads?)\b|(?<!\d)\d++\s*+min(ute)?s?\s*+(read)?\b", re.I)
_PUBLISHED_POSTS = re.compile(r"\bpublished posts\s*:\s*\d+", re.I)
_TAIL_START = re.compile(
    r"^(also read|read more|read also|related( articles| stories| posts| news)?|next story|"
    r"previous story|end of article|more from [\w ]+|recommended( for you| stories)?|"
    r"you may also like|trending( now| stories)?|more stories|latest news)\s*:?$",
    re.I,
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.I,
)
# one way to split a line into words: a name is words and "&" apart by white space
_BYLINE = re.compile(r"^by\s++([A-Z][\w.'’-]*+(?:\s++(?:[A-Z][\w.'’-]*+|&))*+)\s*+$", re.I)


def discover(paths: Iterable[str | Path], warnings: list[str] | None = None) -> list[tuple[Path, str]]:
    """Article files under ``paths`` (files or folders), each with its path relative to the
    folder it was found in, sorted for a stable order.

    Hidden files and folders and kg's own output folders are passed over; a dangling link
    or a folder that cannot be read is reported in ``warnings``.
    """
    found: dict[Path, str] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f, rel in _walk(p, warnings):
                found.setdefault(f, rel)
        elif p.exists():
            found.setdefault(p, p.name)
        elif p.is_symlink() and warnings is not None:
            warnings.append(Warnings.W006.format(path=p))
    return sorted(found.items())


def _walk(root: Path, warnings: list[str] | None) -> Iterator[tuple[Path, str]]:
    def unreadable(e: OSError) -> None:
        if warnings is not None:
            warnings.append(Warnings.W007.format(path=e.filename, reason=e.strerror or e))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not is_kg_folder(here / d))
        for name in sorted(files):
            f = here / name
            if name.startswith(".") or f.suffix.lower() not in SUFFIXES:
                continue
            if not f.exists():
                if warnings is not None:
                    warnings.append(Warnings.W006.format(path=f))
                continue
            yield f, f.relative_to(root).as_posix()


def load_article(path: str | Path) -> Article:
    """Read one article (text, Markdown, HTML or PDF); raise ``ArticleError`` naming the
    file and the problem. A sidecar ``<file>.yaml`` (title, author, date, publisher, url,
    id) overrides what the file states."""
    path = Path(path)
    name = str(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ArticleError(name, Errors.E004.format(path=name, suffix=path.suffix or "(none)"))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ArticleError(name, Errors.E007.format(path=name, reason=e.strerror or e)) from None
    if not data.strip():
        raise ArticleError(name, Errors.E001.format(path=name))
    if len(data) > MAX_BYTES:
        raise ArticleError(name, Errors.E007.format(path=name, reason=f"{len(data):,} bytes is over the {MAX_BYTES:,}-byte limit"))
    media = sniff(path, data)
    sidecar = _sidecar(path)
    if media == "application/pdf":
        doc = _read_pdf(data, name)
    else:
        raw = _decode(data, name)
        if media != "text/html":
            article = parse_article(raw, path=name, article_id=path.stem, media_type=media, sidecar=sidecar)
            return replace(article, sha256=hashlib.sha256(data).hexdigest(), media_type=media)
        doc = _read_html(raw, name, url=_str(sidecar.get("url")))
    article = build_article(doc.text, path=name, article_id=path.stem, meta=sidecar, stated=doc.meta, links=doc.links)
    return replace(article, sha256=hashlib.sha256(data).hexdigest(), media_type=media)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise ArticleError(name, Errors.E002.format(path=name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ArticleError(name, Errors.E003.format(path=name, reason=f"byte 0x{data[e.start]:02x} at offset {e.start}")) from None


def _read_pdf(data: bytes, name: str):
    from .formats import pdf

    try:
        return pdf.read_pdf(data)
    except pdf.PdfError as e:
        raise ArticleError(name, Errors.E008.format(path=name, reason=e)) from None
    except Exception as e:  # a reader library failing on a strange file loses this file only
        raise ArticleError(name, Errors.E008.format(path=name, reason=f"the PDF reader failed ({type(e).__name__}: {e})")) from None


def _read_html(raw: str, name: str, url: str | None):
    from .formats import html

    try:
        return html.read_html(raw, url=url)
    except html.NoMainText as e:
        raise ArticleError(name, Errors.E009.format(path=name, reason=e)) from None
    except Exception as e:  # a reader library failing on a strange page loses this page only
        raise ArticleError(name, Errors.E009.format(path=name, reason=f"the HTML reader failed ({type(e).__name__}: {e})")) from None


def sniff(path: Path, data: bytes) -> str:
    """The file's format: by its content first (a PDF, or HTML saved as ``.txt``), then by
    its suffix."""
    if data[:5] == b"%PDF-":
        return "application/pdf"
    head = data[:4096].lower().removeprefix(b"\xef\xbb\xbf").lstrip()
    while head.startswith(b"<!--") and b"-->" in head:  # comments before the first tag
        head = head.split(b"-->", 1)[1].lstrip()
    if head.startswith(_HTML_OPENINGS):
        return "text/html"
    return MEDIA_TYPES.get(path.suffix.lower(), "text/plain")  # a ".pdf" that is not one: the PDF reader says so


def _sidecar(path: Path) -> dict:
    """Metadata from ``<file>.yaml`` beside the file, when there is one."""
    side = path.with_name(path.name + ".yaml")
    if not side.is_file():
        return {}
    try:
        meta = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ArticleError(str(path), Errors.E005.format(path=side, reason=str(e).splitlines()[0])) from None
    if not isinstance(meta, dict):
        raise ArticleError(str(path), Errors.E005.format(path=side, reason="expected key: value pairs"))
    return meta


def parse_article(raw: str, *, path: str = "<text>", article_id: str = "article", media_type: str = "text/plain",
                  sidecar: dict | None = None) -> Article:
    """Parse an article's text or Markdown (front matter optional) into an ``Article``."""
    raw = raw.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict = {}
    m = _FRONT.match(raw)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as e:
            raise ArticleError(path, Errors.E005.format(path=path, reason=str(e).splitlines()[0])) from None
        if not isinstance(meta, dict):
            raise ArticleError(path, Errors.E005.format(path=path, reason="expected key: value pairs"))
        raw = raw[m.end():]
    links: list[tuple[int, int, str]] = []
    if media_type == "text/markdown":
        from .formats.markdown import read_markdown

        doc = read_markdown(raw)
        raw, links = doc.text, doc.links
    return build_article(raw, path=path, article_id=article_id, meta={**meta, **(sidecar or {})}, links=links)


def build_article(raw: str, *, path: str, article_id: str, meta: dict, stated: dict | None = None,
                  links: list[tuple[int, int, str]] = ()) -> Article:
    """An ``Article`` from canonical text: notes split off, clutter, markers, links.

    ``meta`` (front matter, sidecar) overrides ``stated`` (what the file's own metadata says).
    """
    meta = {**{k: v for k, v in (stated or {}).items() if v}, **meta}
    notes_at = split_notes(raw)
    text, notes = raw[:notes_at], raw[notes_at:]
    clutter, found = find_clutter(text, author=_str(meta.get("author")))
    if not _content(text, clutter).strip():
        raise ArticleError(path, Errors.E006.format(path=path))
    warnings: list[str] = []
    footnotes, duplicates, malformed = parse_notes(notes)
    if not footnotes and (tail := numbered_tail(text, {mk.n for mk in find_markers(text)})):
        text, notes = text[: tail[0]], tail[1]  # notes as a numbered list: "12. Agency, https://…"
        clutter, found = find_clutter(text, author=_str(meta.get("author")))
        footnotes, duplicates, malformed = parse_notes(notes)
    for n, _ in duplicates:
        warnings.append(Warnings.W003.format(path=path, n=n))
    for line in malformed:
        warnings.append(Warnings.W008.format(path=path, line=line))
    clutter_starts = [a for a, _ in clutter]
    markers = [mk for mk in find_markers(text) if not _inside(mk.start, clutter, starts=clutter_starts)]
    if not markers and not footnotes:
        glued = find_glued(text)  # a PDF's text layer saved as text: "day.12" and "12 Agency, …"
        if glued.markers:
            markers, footnotes = glued.markers, glued.footnotes
            clutter = _merge(clutter + glued.ranges)
    cited = {mk.n for mk in markers}
    defined = {f.n for f in footnotes}
    warnings += [Warnings.W001.format(path=path, n=n) for n in sorted(cited - defined)]
    warnings += [Warnings.W002.format(path=path, n=n) for n in sorted(defined - cited)]
    title = _str(meta.get("title")) or _first_line(text, clutter) or article_id
    return Article(
        id=_slug_id(_str(meta.get("id")) or article_id),
        path=path,
        text=text,
        title=title,
        author=_str(meta.get("author")) or found.get("author"),
        publisher=_str(meta.get("publisher")),
        published=_date(meta.get("date") or meta.get("published")) or found.get("date"),
        url=_str(meta.get("url")),
        clutter=tuple(clutter),
        markers=tuple(markers),
        footnotes=tuple(footnotes),
        warnings=tuple(warnings),
        links=_links(text, links, clutter),
    )


def _links(text: str, links, clutter: list[tuple[int, int]]) -> tuple[Link, ...]:
    """Inline links in the body (not in the notes, not in clutter), with usable URLs."""
    starts = [a for a, _ in clutter]
    out = []
    for start, end, href in links:
        if end > len(text) or _inside(start, clutter, starts=starts):
            continue
        url, repaired = normalise_url(href)
        if url:
            out.append(Link(start, end, text[start:end], Url(url=url, raw=href, repaired=repaired, fragment_text=fragment_text(url))))
    return tuple(out)


def find_clutter(text: str, *, author: str | None = None) -> tuple[list[tuple[int, int]], dict]:
    """Line ranges of page clutter in ``text``, plus byline facts found on the way.

    >>> text = "Title\\nAdvertisement\\nTitle\\nBody here.\\n"
    >>> [text[a:b] for a, b in find_clutter(text)[0]]
    ['Advertisement\\nTitle\\n']
    """
    ranges: list[tuple[int, int]] = []
    found: dict = {}
    seen: set[str] = set()
    pos = 0
    lines = text.splitlines(keepends=True)
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line)
    body_chars = len(text)
    for i, line in enumerate(lines):
        s = line.strip().strip("•·*-–— ").strip()
        start, end = starts[i], starts[i] + len(line)
        if not s:
            continue
        key = re.sub(r"\s+", " ", s).lower()
        if _TAIL_START.match(s) and start > body_chars * 0.5:
            ranges.append((start, len(text)))
            break
        clutter = False
        if _BOILERPLATE.match(s) or _PUBLISHED_POSTS.search(s):
            clutter = True
        elif len(s) < 80 and _COUNTER.search(s) and not s.endswith((".", "?", "!")) and len(s.split()) <= 10:
            clutter = True
        elif len(s) <= 80 and (b := _BYLINE.match(s)):
            found.setdefault("author", b.group(1))
            clutter = True
        elif len(s) <= 60 and (d := _DATE.search(s)) and len(s.split()) <= 8 and not s.endswith("."):
            found.setdefault("date", _date(d.group(0)))
            clutter = True
        elif key in seen:
            clutter = True
        if clutter:
            ranges.append((start, end))
        seen.add(key)
    if author:
        ranges += _author_bio(text, lines, starts, author)
    return _merge(ranges), found


def _author_bio(text: str, lines: list[str], starts: list[int], author: str) -> list[tuple[int, int]]:
    """The closing author block: from the last line that names the author, near the end."""
    first = None
    for i in range(len(lines) - 1, -1, -1):
        if starts[i] < len(text) * 0.8:
            break
        s = lines[i].strip()
        if s == author or (len(s) < 400 and re.match(re.escape(author) + r"(\s*[,(]|\s+is\b)", s)):
            first = i
    return [(starts[first], len(text))] if first is not None else []


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _inside(pos: int, ranges: list[tuple[int, int]], *, starts: list[int]) -> bool:
    """Whether ``pos`` lies in one of ``ranges`` (merged, sorted; ``starts`` their starts)."""
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < ranges[k][1]


def _content(text: str, clutter: list[tuple[int, int]]) -> str:
    return mask(text, clutter)


def mask(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with each range blanked to spaces (newlines kept), so offsets do not move.

    >>> mask("ab[1] cd", [(2, 5)])
    'ab    cd'
    """
    parts, at = [], 0
    for a, b in _merge([(max(a, 0), min(b, len(text))) for a, b in ranges if b > a]):
        if a < at:
            a = at
        parts.append(text[at:a])
        parts.append(_NOT_NEWLINE.sub(" ", text[a:b]))
        at = max(at, b)
    parts.append(text[at:])
    return "".join(parts)


def nlp_text(article: Article) -> str:
    """The text the pipeline parses: clutter and footnote markers blanked out."""
    return mask(article.text, list(article.clutter) + [(m.start, m.end) for m in article.markers])


def _first_line(text: str, clutter: list[tuple[int, int]]) -> str | None:
    for line in mask(text, clutter).splitlines():
        s = line.strip().lstrip("#").strip()
        if s:
            return s
    return None


def _str(value) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = re.sub(r"\s+", " ", str(value).strip().replace(",", ""))
    for fmt in ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def _slug_id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-") or "article"


def load_corpus(paths: Iterable[str | Path], warnings: list[str] | None = None, *,
                load: Callable[[Path], Article] | None = None) -> Iterator[Article | ArticleError]:
    """Each article under ``paths``, or the error that stopped it; never raises for one file.

    Files that are skipped (dangling links, unreadable folders) are reported in ``warnings``.
    ``load`` reads one file (``load_article``, or the build's cache in front of it).
    """
    ids: dict[str, int] = {}
    for path, rel in discover(paths, warnings):
        try:
            article = (load or load_article)(path)
        except ArticleError as e:
            yield e
            continue
        article = replace(article, source_file=rel)
        if article.id in ids:  # two files with one id: keep both, apart
            ids[article.id] += 1
            article = replace(article, id=f"{article.id}-{ids[article.id]}")
        else:
            ids[article.id] = 1
        yield article
