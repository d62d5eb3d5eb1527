"""Extraction: pure functions from a parsed spaCy Doc to plain records.

``extract_doc`` runs each extractor on one Doc (an article, or one part of a long one)
and returns records whose offsets index into the article's text.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ._text import doc_sents, release, seed_text

from ..lexicon import AliasTable, Lexicon
from .actors import RawMention, find_mentions
from .claims import RawAttribution, RawSentence, sentences
from .figures import figures
from .relations import RawRelation, load_relation_lexicon, relations
from ..raw import DocRecords  # noqa: F401 - the records live in kg.raw (no spaCy)


def extract_doc(doc: Doc, *, article_id: str, title: str | None, lex: Lexicon, table: AliasTable, offset: int = 0, first_index: int = 0,
                text: str | None = None) -> DocRecords:
    """``text``, when given, is the string the Doc was made from (saves rebuilding it)."""
    if text is not None:
        seed_text(doc, text)
    try:
        figs = [replace(f, article_id=article_id) for f in figures(doc, lex, table, offset=offset)]
        mentions = find_mentions(doc, table, lex, offset=offset)
        sents = sentences(doc, lex, offset=offset, first_index=first_index, title=title)
        return DocRecords(mentions=mentions, sentences=sents, figures=figs, relations=doc_relations(doc, mentions, offset=offset))
    finally:
        release(doc)  # the cached sentences point back at the Doc: drop them, and the Doc frees at once


def doc_relations(doc: Doc, mentions: list[RawMention], *, offset: int = 0) -> list[RawRelation]:
    """Relations in every sentence; subjects and objects are the mentions' spans."""
    rlex = load_relation_lexicon()
    actor_at: dict[int, tuple[int, int]] = {}
    persons: set[int] = set()
    states: set[tuple[int, int]] = set()
    for m in mentions:
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            actor_at.setdefault(t.i, (m.start - offset, m.end - offset))
        if m.kind in ("person", "propn"):
            persons.add(span.root.i)
        if m.kind == "state":
            states.add((m.start - offset, m.end - offset))
    out: list[RawRelation] = []
    people, places = frozenset(persons), frozenset(states)
    for sent in doc_sents(doc):
        out.extend(relations(sent, actor_at, rlex, offset=offset, persons=people, states=places))
    return out


__all__ = ["extract_doc", "doc_relations", "DocRecords", "RawMention", "RawSentence", "RawAttribution", "RawRelation"]
