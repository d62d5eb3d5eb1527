"""Markdown → canonical text, with markdown-it-py (CommonMark, tables, footnotes).

- ``[text](url)`` becomes the text, with the URL kept as an inline link (evidence);
- ``[^n]`` and ``[12](…#fn12)`` become note markers ``[12]``; their definitions (the
  ``[^n]:`` block, an ordered list under a "Notes" heading, or a table whose rows start
  with the note number) become the notes section;
- emphasis, headings, images, HTML tags and code fences leave their text and no markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import NOTES_TITLE, Document, TextBuilder, clean, note_number

_ROW_NUMBER = re.compile(r"^\[?\^?(\d{1,3})\]?[.)]?$")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)


def read_markdown(source: str) -> Document:
    """Render a Markdown body (front matter already removed).

    >>> d = read_markdown("Sales *rose* [by half](https://example.org/r).[^1]\\n\\n[^1]: https://example.org/n")
    >>> d.text
    'Sales rose by half.[1]\\n\\nNotes\\n[1] https://example.org/n\\n'
    >>> [(d.text[a:b], url) for a, b, url in d.links]
    [('by half', 'https://example.org/r')]
    """
    tokens = _parser().parse(source)
    return _Renderer().render(tokens)


class _Renderer:
    def __init__(self):
        self.b = TextBuilder()
        self.notes_section = False  # under a "Notes" heading
        self.footnote: tuple[int, list[str]] | None = None  # a [^n]: definition being read
        self.cited: set[int] = set()  # note numbers the body's markers cite
        self.notes_until = -1  # index of the token that closes a trailing list of notes

    def render(self, tokens) -> Document:
        b = self.b
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind == "heading_open":
                title = tokens[i + 1].content if i + 1 < len(tokens) else ""
                self.notes_section = bool(NOTES_TITLE.match(title))
                if self.notes_section:
                    i += 3  # the heading itself is not body text
                    continue
            elif kind == "footnote_open":
                n = _label_number(t.meta.get("label"), t.meta.get("id", 0))
                self.footnote = (n, [])
            elif kind == "footnote_close" and self.footnote:
                n, parts = self.footnote
                b.note(n, " ".join(parts))
                self.footnote = None
            elif kind == "ordered_list_open" and not self.notes_section and self.cited:
                self.notes_until = _trailing_notes_list(tokens, i, self.cited)
            elif kind == "inline":
                in_notes = self.notes_section or i < self.notes_until
                if self.footnote is not None:
                    self.footnote[1].append(self._note_text(t.children or []))
                elif in_notes and _in_list_item(tokens, i):
                    n = _item_number(tokens, i)
                    if n is not None:
                        b.note(n, self._note_text(t.children or []))
                    else:
                        self._inline(t.children or [])
                else:
                    self._inline(t.children or [])
            elif kind == "table_open":
                i = self._table(tokens, i)
                continue
            elif kind in ("fence", "code_block"):
                if self.footnote is None:
                    b.write(t.content.rstrip("\n"))
                    b.end_block()
            elif kind in ("paragraph_close", "heading_close", "list_item_close", "blockquote_close"):
                if self.footnote is None and not ((self.notes_section or i < self.notes_until) and kind in ("list_item_close", "paragraph_close")):
                    b.end_block()
            elif kind == "list_item_open" and t.info and self.footnote is None and not self.notes_section and i > self.notes_until:
                b.write(f"{t.info}{t.markup} ")  # an ordered list keeps its numbers
            i += 1
        return b.document(media_type="text/markdown")

    def _inline(self, children) -> None:
        b = self.b
        k = 0
        while k < len(children):
            c = children[k]
            kind = c.type
            if kind == "text" or kind == "code_inline":
                b.write(clean(c.content))
            elif kind in ("softbreak", "hardbreak"):
                b.write("\n")
            elif kind == "footnote_ref":
                b.marker(_label_number(c.meta.get("label"), c.meta.get("id", 0)))
                self.cited.add(_label_number(c.meta.get("label"), c.meta.get("id", 0)))
            elif kind == "link_open":
                href = c.attrs.get("href")
                close = _closing(children, k)
                anchor = "".join(x.content for x in children[k + 1 : close] if x.type in ("text", "code_inline"))
                n = note_number(anchor, href)
                if n is not None:
                    b.marker(n)
                    self.cited.add(n)
                    url = b.absolute(href)
                    if url and "#" not in href:  # a numbered link to another document: its note
                        b.note(n, url)
                    k = close + 1
                    continue
                b.open_link(href)
            elif kind == "link_close":
                b.close_link()
            k += 1  # an image, emphasis or inline HTML leaves nothing: alt text is not a sentence

    def _note_text(self, children) -> str:
        """A note's words, each link written as "text <url>" so the URL is found; links
        inside the page (a "↩" back to the marker) are left out."""
        out: list[str] = []
        href, inside, start = None, False, 0
        for c in children:
            if c.type == "link_open":
                raw = c.attrs.get("href") or ""
                inside = raw.startswith("#")
                href = None if inside else self.b.absolute(raw)
                start = len(out)
            elif c.type == "link_close":
                if href and href not in "".join(out[start:]):
                    out.append(f" {href} ")
                href, inside = None, False
            elif inside:
                continue
            elif c.type in ("text", "code_inline"):
                out.append(c.content)
            elif c.type in ("softbreak", "hardbreak"):
                out.append(" ")
        return clean("".join(out)).strip()

    def _table(self, tokens, i: int) -> int:
        """Write a table; rows that begin with a note number in a notes table become notes."""
        rows: list[list[tuple[str, list]]] = []
        j = i
        while tokens[j].type != "table_close":
            t = tokens[j]
            if t.type == "tr_open":
                rows.append([])
            elif t.type == "inline" and rows:
                rows[-1].append((t.content, t.children or []))
            j += 1
        body = rows[1:] if len(rows) > 1 else rows
        numbered = [r for r in body if r and _ROW_NUMBER.match(r[0][0].strip())]
        notes_table = len(numbered) >= max(1, 0.6 * len(body)) and any(len(r) > 1 for r in numbered)
        for row in rows:
            first = row[0][0].strip() if row else ""
            m = _ROW_NUMBER.match(first)
            if notes_table and m and len(row) > 1:
                self.b.note(int(m.group(1)), " ".join(self._note_text(ch) for _, ch in row[1:]))
                continue
            if notes_table and row is rows[0]:
                continue  # the header of a notes table
            for k, (_, children) in enumerate(row):
                if k:
                    self.b.write(" | ")
                self._inline(children)
            self.b.newline()
        self.b.end_block()
        return j + 1


def _closing(children, k: int) -> int:
    depth = 0
    for j in range(k, len(children)):
        if children[j].type == "link_open":
            depth += 1
        elif children[j].type == "link_close":
            depth -= 1
            if depth == 0:
                return j
    return len(children) - 1


def _label_number(label, fid: int) -> int:
    s = str(label or "")
    return int(s) if s.isdigit() and 0 < int(s) <= 999 else fid + 1


def _trailing_notes_list(tokens, i: int, cited: set[int]) -> int:
    """Where the ordered list opening at ``i`` closes, when it is the document's last block
    and its item numbers define most of the ``cited`` notes; else -1."""
    level = tokens[i].level
    numbers, j = set(), i + 1
    while j < len(tokens) and not (tokens[j].type == "ordered_list_close" and tokens[j].level == level):
        if tokens[j].type == "list_item_open" and tokens[j].level == level + 1 and (tokens[j].info or "").isdigit():
            numbers.add(int(tokens[j].info))
        j += 1
    trailing = all(t.type.startswith("footnote") or not t.content.strip() for t in tokens[j + 1 :] if t.type == "inline")
    return j if trailing and len(numbers & cited) >= max(1, 0.6 * len(cited)) else -1


def _in_list_item(tokens, i: int) -> bool:
    return i >= 2 and tokens[i - 2].type == "list_item_open"


def _item_number(tokens, i: int) -> int | None:
    info = tokens[i - 2].info
    return int(info) if info and info.isdigit() and 0 < int(info) <= 999 else None
