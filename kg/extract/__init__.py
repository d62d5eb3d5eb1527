"""Extraction: pure functions from a parsed spaCy Doc to plain records.

``extract_doc`` runs each extractor on one Doc (an article, or one part of a long one)
and returns records whose offsets index into the article's text.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ._text import doc_sents, release, seed_text, token_attrs

from ..lexicon import AliasTable, Lexicon
from .actors import RawMention, find_mentions
from .claims import RawAttribution, RawSentence, sentences
from .figures import figures
from .relations import BODY_KINDS, Discourse, RawRelation, load_relation_lexicon, relations
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
        rels, proxies = doc_relations(doc, mentions, offset=offset, table=table, lex=lex)
        if proxies:
            mentions = sorted([*mentions, *proxies], key=lambda m: (m.start, m.end))
        return DocRecords(mentions=mentions, sentences=sents, figures=figs, relations=rels)
    finally:
        release(doc)  # the cached sentences point back at the Doc: drop them, and the Doc frees at once


def doc_relations(doc: Doc, mentions: list[RawMention], *, offset: int = 0, table: AliasTable | None = None,
                  lex: Lexicon | None = None) -> tuple[list[RawRelation], list[RawMention]]:
    """Relations in every sentence; subjects and objects are the mentions' spans. With the
    alias ``table``, a state's adjective stands for the state in a relation ("Ukrainian
    strikes damaged Russian refineries": Ukraine opposes Russia); such adjectives that end
    up in a relation are returned as derived mentions, to resolve with the others."""
    rlex = load_relation_lexicon()
    actor_at: dict[int, tuple[int, int]] = {}
    persons: set[int] = set()
    states: set[tuple[int, int]] = set()
    keyed: set[tuple[int, int]] = set()
    for m in mentions:
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if span is None:
            continue
        if m.table_key:
            keyed.add((m.start - offset, m.end - offset))
        elif m.kind != "person" and span.root.ent_type_ in ("GPE", "LOC", "FAC"):
            continue  # an unknown place ("a village near the front") is no party to a relation
        for t in span:
            actor_at.setdefault(t.i, (m.start - offset, m.end - offset))
        if m.kind == "person" or (m.kind == "propn" and span.root.tag_ != "NNPS"):
            persons.add(span.root.i)  # "he" is never "the Soviet Republics"
        if m.kind == "state":
            states.add((m.start - offset, m.end - offset))
    proxies = _demonym_proxies(doc, actor_at, table, lex, offset, keyed) if table is not None else {}
    out: list[RawRelation] = []
    people, places = frozenset(persons), frozenset(states) | frozenset(span for span, m in proxies.items() if m.kind == "state")
    bodies = frozenset((m.start - offset, m.end - offset) for m in mentions if m.kind in BODY_KINDS) | frozenset(
        span for span, m in proxies.items() if m.kind in BODY_KINDS)
    discourse = Discourse(bodies)
    for sent in doc_sents(doc):
        target = discourse.before(sent, actor_at)
        found = relations(sent, actor_at, rlex, offset=offset, persons=people, states=places, proxies=frozenset(proxies),
                          keyed=frozenset(keyed), implicit_target=target, groups=discourse.groups)
        discourse.after(actor_at, found, offset)
        out.extend(found)
    used = {span for r in out for span in (r.subject, r.object)}
    return out, [m for span, m in proxies.items() if (span[0] + offset, span[1] + offset) in used]


def _demonym_proxies(doc: Doc, actor_at: dict[int, tuple[int, int]], table: AliasTable, lex: Lexicon | None,
                     offset: int, keyed: set[tuple[int, int]]) -> dict[tuple[int, int], RawMention]:
    """"Russian refineries", "Ukrainian strikes": the adjective and its noun stand for the
    state (registered in ``actor_at``), unless the noun names people ("Ukrainian refugees")."""
    people = lex.people_nouns if lex is not None else frozenset()
    out = {}
    for i, word in enumerate(token_attrs(doc, "ORTH")):
        key = table.by_demonym.get(word)
        if not key or i in actor_at or table.actors[key].type != "state":
            continue
        t = doc[i]
        head = t.head
        if (t.dep_ not in ("amod", "compound", "nmod") or head.pos_ != "NOUN" or head.i in actor_at
                or head.lower_ in people or head.lemma_.lower() in people):
            continue
        span = (t.idx, t.idx + len(t.text))
        actor_at[t.i] = actor_at[head.i] = span
        keyed.add(span)
        out[span] = RawMention(span[0] + offset, span[1] + offset, t.text, span[0] + offset, span[1] + offset, t.text,
                               "state", key, is_name=False)
    return out


__all__ = ["extract_doc", "doc_relations", "DocRecords", "RawMention", "RawSentence", "RawAttribution", "RawRelation"]
