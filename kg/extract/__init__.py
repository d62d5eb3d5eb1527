"""Extraction: pure functions from a parsed spaCy Doc to plain records.

``extract_doc`` runs each extractor on one Doc (an article, or one part of a long one)
and returns records whose offsets index into the article's text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..lexicon import AliasTable, Lexicon
from ..records import Figure
from .actors import RawMention, find_mentions
from .claims import RawAttribution, RawSentence, sentences
from .figures import figures


@dataclass
class DocRecords:
    mentions: list[RawMention]
    sentences: list[RawSentence]
    figures: list[Figure]


def extract_doc(doc: Doc, *, article_id: str, title: str | None, lex: Lexicon, table: AliasTable, offset: int = 0, first_index: int = 0) -> DocRecords:
    figs = [replace(f, article_id=article_id) for f in figures(doc, lex, table, offset=offset)]
    return DocRecords(
        mentions=find_mentions(doc, table, lex, offset=offset),
        sentences=sentences(doc, lex, offset=offset, first_index=first_index, title=title),
        figures=figs,
    )


__all__ = ["extract_doc", "DocRecords", "RawMention", "RawSentence", "RawAttribution"]
