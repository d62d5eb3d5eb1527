"""Per-Doc caches the extractors share.

``Doc.text`` and ``Span.text`` rebuild their string from the tokens on every access, and
``Doc.sents`` scans the sentence starts on every call; the extractors read them here.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = "kg.text"
_SENTS = "kg.sents"


def _cached(doc: Doc, key: str, make):
    """``doc.user_data[key]``, made by ``make()`` on first use."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = make()
    return value


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once and kept in ``doc.user_data``."""
    return _cached(doc, _TEXT, lambda: doc.text)


def span_text(span: Span) -> str:
    """``span.text``, sliced from the cached Doc text."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def doc_sents(doc: Doc) -> list[Span]:
    """The Doc's sentences, listed once."""
    return _cached(doc, _SENTS, lambda: list(doc.sents))


def token_attrs(doc: Doc, name: str) -> list[str]:
    """One string attribute of every token (``"LOWER"``, ``"POS"``, ``"DEP"``, ``"ENT_TYPE"``,
    ``"LEMMA"``), read in one ``Doc.to_array`` call: a full pass over the tokens creates no
    Token objects."""
    strings = doc.vocab.strings
    return _cached(doc, f"kg.attr.{name}", lambda: [strings[h] if h else "" for h in doc.to_array(name).tolist()])


def token_flags(doc: Doc, name: str) -> list[int]:
    """One integer attribute of every token (``"IS_PUNCT"``, ``"IS_SPACE"``, ...), as ``token_attrs``."""
    return _cached(doc, f"kg.flag.{name}", lambda: doc.to_array(name).tolist())


def seed_text(doc: Doc, text: str) -> None:
    """Tell the caches the text the Doc was made from (spaCy keeps it exactly: ``doc.text == text``)."""
    doc.user_data[_TEXT] = text


def release(doc: Doc) -> None:
    """Drop every cache of the Doc (the sentence list refers back to it: a reference cycle)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("kg.")]:
        del doc.user_data[key]
