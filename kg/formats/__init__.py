"""Document formats → one canonical text: the body with ``[n]`` note markers, then a notes
section of ``[n] …`` lines, plus the body's inline hyperlinks as character spans.

Each reader (Markdown, HTML, PDF) writes through a ``TextBuilder``, so every format lands
in the shape ``kg.corpus`` already reads: offsets index the text kg stores as
``schema:text``, and markup never reaches a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

NOTES_HEADING = "Notes"
# the fragment of a link to a note in the same document: "#fn12", "#footnote-3", "#_ftn4", "#cite_note-7"
NOTE_FRAGMENT = re.compile(r"^#?(?:_?ftn|fn|footnote|endnote|note|en|cite_note)[-_:.]?(?:[a-z]+-)?(\d{1,3})(?:[-_.].*)?$", re.I)
NOTE_NUMBER = re.compile(r"^\[?(\d{1,3})\]?$")
NOTES_TITLE = re.compile(r"^\s*(notes|endnotes|footnotes|references|sources|citations)\s*:?\s*$", re.I)  # a notes heading
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


@dataclass
class Document:
    """What a reader made of a file: canonical text, inline links, metadata the file states."""

    text: str
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, absolute URL)
    meta: dict = field(default_factory=dict)  # title, author, date, publisher, url
    media_type: str = "text/plain"


class TextBuilder:
    """Writes canonical text block by block, keeping link spans and notes apart.

    >>> b = TextBuilder()
    >>> b.write("Prices rose"); b.marker(3); b.write("."); b.end_block()
    >>> b.note(3, "Agency, https://example.org/a"); d = b.document()
    >>> d.text
    'Prices rose[3].\\n\\nNotes\\n[3] Agency, https://example.org/a\\n'
    """

    def __init__(self, base_url: str | None = None):
        self._parts: list[str] = []
        self._len = 0
        self.links: list[tuple[int, int, str]] = []
        self.notes: dict[int, str] = {}
        self.base_url = base_url
        self._open: list[tuple[int, str | None]] = []

    @property
    def pos(self) -> int:
        return self._len

    def tail(self, n: int = 1) -> str:
        out = ""
        for p in reversed(self._parts):
            out = p + out
            if len(out) >= n:
                break
        return out[-n:]

    def write(self, s: str) -> None:
        if s:
            self._parts.append(s)
            self._len += len(s)

    def unwrite(self, n: int) -> None:
        """Take back the last ``n`` characters written."""
        while n > 0 and self._parts:
            last = self._parts.pop()
            cut = min(n, len(last))
            if len(last) > cut:
                self._parts.append(last[:-cut])
            self._len -= cut
            n -= cut

    def space(self) -> None:
        """One space, unless the text already ends in white space."""
        if self._len and not self.tail().isspace():
            self.write(" ")

    def newline(self) -> None:
        if self._len and self.tail() != "\n":
            self._strip_trailing()
            self.write("\n")

    def end_block(self) -> None:
        """End a paragraph, heading or list item: a blank line after it."""
        if not self._len:
            return
        self._strip_trailing()
        t = self.tail(2)
        if t != "\n\n":
            self.write("\n" if t.endswith("\n") else "\n\n")

    def _strip_trailing(self) -> None:
        while self._parts and self._parts[-1] and self._parts[-1][-1] in " \t":
            last = self._parts.pop()
            kept = last.rstrip(" \t")
            self._len -= len(last) - len(kept)
            if kept:
                self._parts.append(kept)
                break

    def marker(self, n: int) -> None:
        """A note marker ``[n]``, glued to the word before it."""
        self._strip_trailing()
        self.write(f"[{n}]")

    def open_link(self, href: str | None) -> None:
        self._open.append((self._len, self.absolute(href)))

    def close_link(self) -> None:
        if not self._open:
            return
        start, url = self._open.pop()
        if url:
            self.add_link(start, self._len, url)

    def add_link(self, start: int, end: int, url: str) -> None:
        if end > start:
            self.links.append((start, end, url))

    def absolute(self, href: str | None) -> str | None:
        """``href`` as an absolute http(s) URL, resolved against the page's own URL; None for
        in-page anchors, mail and script links, and relative links with no base."""
        if not href:
            return None
        href = href.strip()
        if href.startswith("#"):
            return None
        if self.base_url:
            href = urljoin(self.base_url, href)
        try:
            scheme = urlsplit(href).scheme.lower()
        except ValueError:
            return None
        return href if scheme in ("http", "https") else None

    def note(self, n: int, text: str) -> None:
        """The definition of note ``n`` (the first one wins)."""
        text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
        if text and n not in self.notes:
            self.notes[n] = text

    def document(self, meta: dict | None = None, media_type: str = "text/plain") -> Document:
        self.end_block()
        if self.notes:
            self.write(NOTES_HEADING + "\n")
            for n in sorted(self.notes):
                self.write(f"[{n}] {self.notes[n]}\n")
        text = "".join(self._parts)
        links = []
        for start, end, url in sorted(self.links):
            anchor = text[start:end]
            start += len(anchor) - len(anchor.lstrip())
            end -= len(anchor) - len(anchor.rstrip())
            if end <= start:  # white space around an anchor is not part of it
                continue
            if links and links[-1][2] == url and not text[links[-1][1] : start].strip():
                links[-1] = (links[-1][0], end, url)  # one anchor broken over two lines
            else:
                links.append((start, end, url))
        return Document(text=text, links=links, meta=meta or {}, media_type=media_type)


def note_number(text: str, href: str | None) -> int | None:
    """The note number a link stands for: its text is a number and it points at a note
    ("#fn12", ".../report#footnote-12"), or its text is "[12]".

    >>> note_number("12", "#fn12"), note_number("[3]", "https://x.org/a"), note_number("2024", "#fn2024")
    (12, 3, None)
    >>> note_number("12", "https://example.org/page")
    """
    m = NOTE_NUMBER.match(text.strip())
    if not m or not 0 < int(m.group(1)) <= 999:
        return None
    n = int(m.group(1))
    if text.strip().startswith("["):
        return n
    fragment = urlsplit(href or "").fragment if href and "#" in href else ""
    if fragment and NOTE_FRAGMENT.match(fragment):
        return n
    return None


def clean(s: str) -> str:
    """White space runs (no-break and thin spaces too) as one space."""
    return _SPACES.sub(" ", s)
