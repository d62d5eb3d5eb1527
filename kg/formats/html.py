"""Saved web pages → canonical text, with trafilatura.

trafilatura finds the main text (navigation, ads, share widgets, captions and comments
dropped) and the page's metadata (title, author, date, site name, canonical URL). Before it
runs, kg resolves the page's own notes on the parsed tree: ``<sup><a href="#fn3">3</a></sup>``
becomes the marker ``[3]`` and the element it points at becomes note 3, so a footnoted page
reads like any footnoted article. The links left in the main text are inline evidence.
"""

from __future__ import annotations

import re
from copy import deepcopy

from . import NOTES_TITLE, NOTE_FRAGMENT, Document, TextBuilder, clean

_MARKER_TEXT = re.compile(r"^\s*\[?\s*(\d{1,3}(?:\s*,\s*\d{1,3})*)\s*\]?\s*$")
_BACKLINK = re.compile(r"^\s*(↩|↑|\^|back|return)\W*\s*$", re.I)
MIN_WORDS = 12  # fewer words than a sentence or two: a sign-in wall, an index page, an empty template
_BLOCKS = {"p", "head", "quote", "item", "row", "list", "table", "div", "code"}


class NoMainText(ValueError):
    """The page has no main text (an index page, a login wall, an empty template)."""


def read_html(source: str, url: str | None = None) -> Document:
    """Extract a page's main text, links, notes and metadata.

    >>> page = ('<html><head><title>T</title></head><body><nav>Home | World</nav><article>'
    ...         '<p>Exports rose, <a href="https://stats.example.org/r">the office said</a>.'
    ...         '<sup><a href="#fn1">1</a></sup> They fell later in the year, as the'
    ...         ' figures released on Friday show for every region.</p>'
    ...         '<ol><li id="fn1">Office, https://stats.example.org/q</li></ol></article></body></html>')
    >>> d = read_html(page)
    >>> d.text.splitlines()[0]
    'Exports rose, the office said.[1] They fell later in the year, as the figures released on Friday show for every region.'
    >>> d.text.splitlines()[-1], [d.text[a:b] for a, b, _ in d.links]
    ('[1] Office, https://stats.example.org/q', ['the office said'])
    """
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(source)
    except (ValueError, lxml.etree.ParserError) as e:
        raise NoMainText(f"not a readable HTML page ({e})") from None
    base = url or _canonical(tree)
    notes = _take_notes(tree, base)
    doc = trafilatura.bare_extraction(
        tree, url=base, include_links=True, include_formatting=True, include_tables=True,
        include_images=False, include_comments=False, with_metadata=True, favor_recall=True,
    )
    body = getattr(doc, "body", None) if doc is not None else None
    words = len(" ".join(body.itertext()).split()) if body is not None else 0
    if words < MIN_WORDS:
        raise NoMainText(f"no main text found in the page ({words} words outside navigation and forms)")
    b = TextBuilder(base_url=getattr(doc, "url", None) or base)
    _walk(body, b)
    for n, text in notes.items():
        b.note(n, text)
    meta = {
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "date": getattr(doc, "date", None),
        "publisher": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None) or base,
    }
    return b.document({k: v for k, v in meta.items() if v}, media_type="text/html")


def _canonical(tree) -> str | None:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = tree.xpath(xpath)
        if found and str(found[0]).startswith(("http://", "https://")):
            return str(found[0]).strip()
    return None


def _take_notes(tree, base: str | None) -> dict[int, str]:
    """Find the page's note references and their definitions; turn each reference into the
    text ``[n]`` and remove the definitions from the page. Returns {n: note text}."""
    ids = {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    ids.update({el.get("name"): el for el in tree.iter("a") if el.get("name") and el.get("name") not in ids})
    notes: dict[int, str] = {}
    targets: list = []
    for a in list(tree.iter("a")):
        href = (a.get("href") or "").strip()
        if "#" not in href:
            continue
        fragment = href.split("#", 1)[1]
        m = _MARKER_TEXT.match(a.text_content())
        if not m or "," in m.group(1):
            continue
        n = int(m.group(1))
        target = ids.get(fragment)
        if target is None and not NOTE_FRAGMENT.match(fragment):
            continue
        if target is not None and _contains(target, a):
            continue  # a back-link inside the note itself
        if target is not None:
            note_el = _note_element(target)
            if n not in notes:
                notes[n] = _note_text(note_el, base)
                targets.append(note_el)
        _replace_with_marker(a, n)
    # endnotes with no links: numbered superscripts and an ordered list under a notes heading
    listed = _notes_list(tree, base)
    for n, (text, el) in listed.items():
        if n not in notes:
            notes[n] = text
            targets.append(el)
    if listed:
        for sup in list(tree.iter("sup")):
            m = _MARKER_TEXT.match(sup.text_content())
            if m and len(sup) == 0:
                numbers = [int(x) for x in re.findall(r"\d+", m.group(1))]
                if numbers and all(k in notes for k in numbers):
                    _replace_with_marker(sup, *numbers)
    for el in targets:
        _drop(el)
    return {n: t for n, t in notes.items() if t}


def _contains(outer, inner) -> bool:
    return any(x is outer for x in inner.iterancestors())


def _note_element(target):
    """The element that holds a note: the target itself, or the list item or paragraph
    around an anchor (``<li><a id="fn3"></a>Text</li>``). An empty list item is an empty
    note, never its list."""
    el = target
    if el.tag in ("a", "span", "sup"):
        parent = el.getparent()
        if parent is not None and parent.tag in ("li", "p", "div", "dd", "td"):
            return parent
    return el


def _note_text(el, base: str | None) -> str:
    """A note's words, each link written as "text url" so its URL is found; back-links dropped."""
    from urllib.parse import urljoin

    el = deepcopy(el)
    for a in list(el.iter("a")):
        href = (a.get("href") or "").strip()
        if href.startswith("#") or _BACKLINK.match(a.text_content() or ""):
            _drop(a)  # a back-link to the marker, or a jump inside the page
            continue
        if href:
            full = urljoin(base or "", href)
            if full.startswith(("http://", "https://")) and full not in a.text_content():
                a.tail = f" {full} " + (a.tail or "")
    text = clean(" ".join(el.itertext()))
    text = re.sub(r"^\s*[\^↑↩]+\s*", "", text)  # a back-link mark left without its link
    text = re.sub(r"^\s*\d{1,3}[.)]?\s+", "", text)  # the note's own number, when it is written
    return text.strip()


def _notes_list(tree, base: str | None) -> dict[int, tuple[str, object]]:
    """An ordered list right under a "Notes" (or "Endnotes", "References") heading."""
    found: dict[int, tuple[str, object]] = {}
    for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6|//p[b or strong]"):
        if not NOTES_TITLE.match(h.text_content()):
            continue
        nxt = h.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is None or nxt.tag != "ol":
            continue
        start = int(nxt.get("start") or 1) if (nxt.get("start") or "1").isdigit() else 1
        for k, li in enumerate(el for el in nxt if el.tag == "li"):
            found.setdefault(start + k, (_note_text(li, base), li))
    return found


def _replace_with_marker(el, *numbers: int) -> None:
    """Put the text "[n]" where ``el`` (a note link, or its superscript) was."""
    parent = el.getparent()
    if parent is not None and parent.tag == "sup" and len(parent) == 1 and not (parent.text or "").strip():
        el = parent
    text = "".join(f"[{n}]" for n in numbers)
    _drop(el, prefix=text)


def _drop(el, *, prefix: str = "") -> None:
    """Remove ``el`` from the tree; the text after it (and ``prefix`` before that) stays."""
    parent = el.getparent()
    if parent is None:
        return
    tail = prefix + (el.tail or "")
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _walk(el, b: TextBuilder) -> None:
    """trafilatura's body (TEI-like: head, p, list/item, table/row/cell, quote, hi, ref, lb)
    → text."""
    tag = el.tag
    if tag == "graphic":
        return
    if tag == "ref":
        b.open_link(el.get("target"))
    elif tag == "lb":
        b.newline()
    elif tag == "cell" and el.getprevious() is not None:
        b.write(" | ")
    if el.text and tag != "lb":
        b.write(clean(el.text))
    for child in el:
        _walk(child, b)
    if tag == "ref":
        b.close_link()
    elif tag in ("row",):
        b.newline()
    elif tag in _BLOCKS and tag not in ("list", "table", "div"):
        b.end_block()
    if el.tail and el.getparent() is not None:
        b.write(clean(el.tail))
