"""Footnote markers in the body and footnote definitions in the notes section.

Pure functions on strings, no spaCy: ``find_markers`` finds ``[12]``, ``[12][13]``,
``[12, 13]`` and ``[12-14]`` in the body; ``split_notes`` finds where the notes section
starts; ``parse_definitions`` turns it into ``Footnote`` records with normalised URLs.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

from .records import Footnote, Marker, Url

MAX_FOOTNOTE = 999

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
_DEFINITION = re.compile(r"^[ \t\u00a0]*\[(\d{1,3})\][ \t\u00a0.:)]*(.*)$")
# a definition line with a typo: "[2 text" (no "]") or "2] text" (no "["); never merged into
# another note, never body text
_MALFORMED = re.compile(r"^[ \t\u00a0]*+(?:\[[ \t]*+(\d{1,3})(?![\d\]])(?![ \t]*+\])|(\d{1,3})\])")
_NOTES_HEADING = re.compile(
    r"^\s*+#*+\s*+(notes|endnotes|footnotes|references|sources|citations)\s*+:?\s*+$", re.I
)
# A URL, allowing hosts obfuscated as "example dot com" (each " dot " is rewritten to ".").
_URL = re.compile(r"(?:https?://|www\.)[^\s;<>\"]++(?:\s++dot\s++[^\s;<>\"]++)*+", re.I)
_BARE_DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/[^\s;]+)", re.I)
_DOT = re.compile(r"(?<!\s)\s++dot\s++", re.I)
_DOI_HOSTS = ("doi.org", "dx.doi.org")
# zero-width, soft-hyphen and bidirectional control characters: invisible, or they reorder text
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")


def find_markers(body: str) -> list[Marker]:
    """Footnote markers in ``body``, one per cited number.

    >>> [(m.n, m.start) for m in find_markers("It grew.[3][4] Others [5, 6].")]
    [(3, 8), (4, 11), (5, 22), (6, 22)]
    >>> find_markers("[Russian President Vladimir] Putin")
    []
    """
    markers: list[Marker] = []
    for m in _MARKER.finditer(body):
        numbers = _expand(m.group(1))
        if not numbers:
            continue
        markers.extend(Marker(n, m.start(), m.end()) for n in numbers)
    return markers


def _expand(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2:
            lo, hi = int(bounds[0]), int(bounds[1])
            if not 0 < lo <= hi <= MAX_FOOTNOTE or hi - lo > 50:
                return []
            numbers.extend(range(lo, hi + 1))
        else:
            n = int(bounds[0])
            if not 0 < n <= MAX_FOOTNOTE:
                return []
            numbers.append(n)
    return numbers


def split_notes(text: str) -> int:
    """Offset where the footnote definitions section starts (``len(text)`` if none).

    The section is the trailing run of lines that are definitions ``[n] ...``, their
    continuation lines (more URLs, ``; ...``), blank lines, and an optional heading.

    >>> t = "Body.[1]\\n\\n[1] https://example.org/a ;\\nhttps://example.org/b\\n"
    >>> t[split_notes(t):].splitlines()[0]
    '[1] https://example.org/a ;'
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    start = None
    # Walk back from the end while lines look like part of a notes section.
    for i in range(len(lines) - 1, -1, -1):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if _DEFINITION.match(lines[i]):
            start = i
            continue
        if _MALFORMED.match(lines[i]):
            continue  # a definition with a typo stays in the section (and is reported there)
        if _is_continuation(stripped):
            continue
        if start is None and len(stripped) <= 60 and not stripped.endswith((".", "!", "?")):
            continue  # trailing page furniture after the notes ("Tags", "Share")
        break
    if start is None:
        return len(text)
    # Definitions with a typo, and a notes heading, just above the first definition belong to it.
    j = start - 1
    while j >= 0 and (not lines[j].strip() or _MALFORMED.match(lines[j])):
        if lines[j].strip():
            start = j
        j -= 1
    if j >= 0 and _NOTES_HEADING.match(lines[j]):
        start = j
    return offsets[start]


def _is_continuation(line: str) -> bool:
    return bool(
        line.startswith(";")
        or _URL.match(line)
        or _BARE_DOI.match(line)
        or (len(line) < 160 and ("http" in line or "doi" in line.lower()))
    )


class Notes(NamedTuple):
    """A notes section parsed: its footnotes, the numbers defined twice, the malformed lines."""

    footnotes: list[Footnote]
    duplicates: list[tuple[int, str]]
    malformed: list[str]


def parse_notes(notes: str) -> Notes:
    """Footnotes defined in a notes section, numbers defined more than once, and the lines
    that look like a definition with a typo (``[2 https://…`` or ``2] …``): those are
    reported, and neither they nor the lines that follow them join another note.

    >>> n = parse_notes("[1] https://a.org/x\\n[2 https://b.org/y\\nhttps://c.org/z\\n[3] https://d.org/")
    >>> [[u.url for u in f.urls] for f in n.footnotes], n.malformed
    ([['https://a.org/x'], ['https://d.org/']], ['[2 https://b.org/y'])
    """
    pieces: list[tuple[int, list[str]]] = []
    malformed: list[str] = []
    current = False  # whether continuation lines still belong to the last good definition
    for line in notes.splitlines():
        m = _DEFINITION.match(line)
        if m:
            pieces.append((int(m.group(1)), [m.group(2)]))
            current = True
        elif _MALFORMED.match(line):
            malformed.append(line.strip()[:200])
            current = False
        elif current and line.strip() and _is_continuation(line.strip()):
            pieces[-1][1].append(line.strip())
    seen: dict[int, Footnote] = {}
    duplicates: list[tuple[int, str]] = []
    for n, parts in pieces:
        text = " ".join(p.strip() for p in parts if p.strip())
        if n in seen:
            duplicates.append((n, text))
            continue
        seen[n] = parse_definition(n, text)
    return Notes([seen[n] for n in sorted(seen)], duplicates, malformed)


def parse_definitions(notes: str) -> tuple[list[Footnote], list[tuple[int, str]]]:
    """Footnotes defined in a notes section, and numbers defined more than once.

    >>> notes, dup = parse_definitions("[2] https://asia.nikkei dot com/x ; https://t.me/a/1")
    >>> [u.url for u in notes[0].urls], notes[0].urls[0].repaired
    (['https://asia.nikkei.com/x', 'https://t.me/a/1'], True)
    """
    return parse_notes(notes)[:2]


def parse_definition(n: int, text: str) -> Footnote:
    """One footnote's text → URLs (normalised), DOI and any remaining note text."""
    urls: list[Url] = []
    rest = text
    for m in _URL.finditer(text):
        raw = m.group(0)
        url, repaired = normalise_url(raw)
        if url:
            urls.append(Url(url=url, raw=raw, repaired=repaired, fragment_text=fragment_text(url)))
            rest = rest.replace(raw, " ", 1)  # an unusable address stays in the note's text
    for m in _BARE_DOI.finditer(rest):
        doi_url = "https://doi.org/" + m.group(1).rstrip(".,")
        urls.append(Url(url=doi_url, raw=m.group(0)))
        rest = rest.replace(m.group(0), " ", 1)
    doi = next((doi_of(u.url) for u in urls if doi_of(u.url)), None)
    note = re.sub(r"\s+", " ", re.sub(r"(^|\s);(?=\s|$)", " ", _INVISIBLE.sub("", rest))).strip(" ;")
    return Footnote(n=n, text=text, urls=tuple(urls), note=note or None, doi=doi)


def normalise_url(raw: str) -> tuple[str, bool]:
    """Rewrite ``" dot "`` to ``"."``, strip trailing separators; return (url, repaired).

    The result is a usable web address or ``""``: http(s) only, a host with a dot, no
    user name or password (``https://bank.example@evil.example/`` names evil.example), an
    internationalised host in its ASCII (punycode) form, so a lookalike shows what it is,
    and no invisible or direction-changing characters. Fragments are kept exactly as
    written, so a ``#:~:text=`` link may end in ".".

    >>> normalise_url("https://www.rfa dot org/english/x.html;")
    ('https://www.rfa.org/english/x.html', True)
    >>> normalise_url("https://example.org/page.")
    ('https://example.org/page', False)
    >>> normalise_url("www.")[0], normalise_url("https://exa")[0]
    ('', '')
    >>> normalise_url("https://user:pw@bank.example.org/a")[0], normalise_url("https://bücher.example/")[0]
    ('https://bank.example.org/a', 'https://xn--bcher-kva.example/')
    """
    url, count = _DOT.subn(".", raw.strip())
    url = _INVISIBLE.sub("", url).rstrip(";,")
    if "#" not in url:
        url = url.rstrip(".")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
    if url.lower().startswith("www."):
        url = "https://" + url
    return _usable(url), count > 0


def _usable(url: str) -> str:
    """``url`` rebuilt from its parts when it is a usable http(s) address, else ``""``."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return ""
    # a host has a dot ("https://exa" is an address cut short); localhost is kept for the audit to flag
    if parts.scheme.lower() not in ("http", "https") or not host or ("." not in host.strip(".") and host != "localhost"):
        return ""
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return ""
    labels = ascii_host.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit() and not _IPV4.fullmatch(ascii_host):
        return ""
    netloc = ascii_host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def fragment_text(url: str) -> str | None:
    """The passage a text-fragment link (``#:~:text=start,end``) quotes.

    >>> fragment_text("https://x.org/a#:~:text=Russia%20is,explosive%20material.")
    'Russia is … explosive material.'
    """
    if "#:~:text=" not in url:
        return None
    directive = url.split("#:~:text=", 1)[1].split("&", 1)[0]
    parts = [unquote(p) for p in directive.split(",") if not p.endswith("-") and not p.startswith("-")]
    return " … ".join(parts) if parts else None


def doi_of(url: str) -> str | None:
    """The DOI of a doi.org link, else None."""
    m = re.match(r"https?://([^/]+)/(10\.\d{4,9}/\S+)", url)
    if m and m.group(1).lower() in _DOI_HOSTS:
        return m.group(2)
    return None


_GLUED = re.compile(r"(?<=[a-z.,;:)”\"’'])(\d{1,3})(?=[\s.,;:)]|$)")
_YEAR = re.compile(r"(?:1[89]|20)\d\d\.$")
_NOTE_LINE = re.compile(r"^[ \t]*(\d{1,3})[.)]?[ \t]+(\S.*)$", re.M)


class Glued(NamedTuple):
    """Notes found in text that lost its superscripts: markers, notes, the notes' line ranges."""

    markers: list[Marker]
    footnotes: list[Footnote]
    ranges: list[tuple[int, int]]


def find_glued(text: str) -> Glued:
    """Note numbers glued to words ("day.12") in text extracted from a PDF, and the numbered
    note lines ("12 Agency, https://…") at page feet or at the end that define them.

    Markers must run in order (1, 2, 3 …, one number skipped at most) and each must have its
    note line after it; years, counts ("in 3 days") and ordinals ("21st") never qualify,
    as they are not glued to a word or are followed by letters. Fewer than three linked notes
    is no evidence of a note system: nothing is returned.

    >>> t = "Prices rose.1 Trade fell in 2023,2 and 3 ports shut.3\\n1 https://a.org/x\\n2 Agency report.\\n3 https://b.org/y\\n"
    >>> g = find_glued(t)
    >>> [(m.n, t[m.start:m.end]) for m in g.markers], [f.n for f in g.footnotes]
    ([(1, '1'), (2, '2'), (3, '3')], [1, 2, 3])
    """
    events: list[tuple[int, int, str, re.Match]] = []
    for m in _GLUED.finditer(text):
        before = text[max(0, m.start() - 5) : m.start()]
        if before[-2:-1].isdigit() and (before[-1] == "." and not _YEAR.match(before) or before[-1] == "," and len(m.group(1)) == 3):
            continue  # a decimal or a thousands group: "1.5", "3,200" (but "in 2023.4" is a year and a note)
        events.append((m.start(), 0, "marker", m))
    for m in _NOTE_LINE.finditer(text):
        events.append((m.start(), 1, "note", m))
    events.sort(key=lambda e: (e[0], e[1]))
    cited: dict[int, re.Match] = {}
    notes: dict[int, re.Match] = {}
    expected, next_note = 1, 1
    for _, _, kind, m in events:
        n = int(m.group(1))
        if kind == "marker" and n in (expected, expected + 1) and n not in cited:
            cited[n] = m
            expected = n + 1
        elif kind == "note" and n in cited and n not in notes and n >= next_note:
            notes[n] = m
            next_note = n + 1
    linked = sorted(set(cited) & set(notes))
    if len(linked) < 3:
        return Glued([], [], [])
    markers = [Marker(n, cited[n].start(1), cited[n].end(1)) for n in linked]
    footnotes, ranges = [], []
    for n in linked:
        m = notes[n]
        end = m.end()
        body = [m.group(2)]
        # continuation lines: up to a blank line or the next numbered line
        for line in re.finditer(r"\n([^\n]*)", text[end:]):
            s = line.group(1)
            if not s.strip() or _NOTE_LINE.match(s) or not _is_continuation(s.strip()) and not s[:1].islower():
                break
            body.append(s.strip())
            end += line.end() - line.start()
        footnotes.append(parse_definition(n, " ".join(body)))
        ranges.append((m.start(), end))
    return Glued(markers, footnotes, ranges)


_NUMBERED = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(\S.*)$")


def numbered_tail(text: str, cited: set[int]) -> tuple[int, str] | None:
    """A trailing list of numbered notes ("12. Agency, https://…") that defines the cited
    marker numbers ``cited``: where it starts, and the list rewritten as ``[n] …`` lines for
    ``parse_notes``. None unless the list defines most of ``cited``.

    >>> t = "Body.[1] More.[2]\\n\\n1. https://a.org/x\\n2. Agency report,\\n   https://b.org/y\\n"
    >>> at, notes = numbered_tail(t, {1, 2})
    >>> t[:at].strip(), notes.splitlines()
    ('Body.[1] More.[2]', ['[1] https://a.org/x', '[2] Agency report,', '   https://b.org/y'])
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    start, numbers = None, set()
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i].strip()
        m = _NUMBERED.match(lines[i])
        if m:
            start = i
            numbers.add(int(m.group(1)))
        elif s and not (start is not None and (_is_continuation(s) or s[:1].islower() or len(s) < 60)):
            if start is None and len(s) <= 60 and not s.endswith((".", "!", "?")):
                continue  # trailing page furniture
            break
    if start is None or not cited or len(numbers & cited) < max(2, 0.6 * len(cited)):
        return None
    if start > 0 and _NOTES_HEADING.match(lines[start - 1]):
        start -= 1
    notes = "".join(_NUMBERED.sub(r"[\1] \2", line) for line in lines[start:])
    return offsets[start], notes
