"""Actor mentions: spaCy entities and alias-table matches → ``RawMention`` records.

``find_mentions`` reads one parsed Doc and returns mentions with their surface form
(titles included: "Russian President Vladimir Putin") and their core name ("Vladimir
Putin"). Resolving mentions to canonical actors happens later, over the whole corpus,
in ``kg.resolve`` (plain Python, no spaCy).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ._text import doc_text, span_text, token_attrs, token_flags
from ..lexicon import NAME_PARTICLES, AliasTable, Lexicon
from ..pipeline import SPANS_KEY
from ..raw import RawMention, mention_mask  # noqa: F401 - the records live in kg.raw (no spaCy)

NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "gpe", "NORP": "norp"}
_POSSESSIVE = ("'s", "’s", "'", "’")
_DETERMINERS = {"the", "a", "an"}


def find_mentions(doc: Doc, table: AliasTable, lex: Lexicon, *, offset: int = 0) -> list[RawMention]:
    """All actor mentions in ``doc``; ``offset`` shifts token offsets into article offsets."""
    candidates: list[tuple[int, Span, str, str | None]] = []  # (priority, span, kind, table key)
    ner: list[tuple[Span, str, str | None]] = []
    for ent in _merge_of_phrases(doc):
        kind = NER_KINDS.get(ent.label_)
        if not kind:
            continue
        span = _clean(ent, kind)
        if span is None:
            continue
        for part, part_kind in _credit_parts(span, kind):
            key = table.lookup(part.text)
            ner.append((part, part_kind if not key else table.actors[key].type, key))
    # a longer organisation or person name wins over a table name inside it
    # ("King's College London" over "London"); otherwise the table comes first
    covering: dict[int, tuple[int, int]] = {}  # token → the name around it (entities never overlap)
    for s, k, key in ner:
        if k in ("organization", "person") and not key:
            covering.update(dict.fromkeys(range(s.start, s.end), (s.start, s.end)))
    for span in doc.spans.get(SPANS_KEY, []):
        a, b = covering.get(span.start, (0, 0))
        if a <= span.start and span.end <= b and (b - a) > (span.end - span.start):
            continue
        candidates.append((0, span, span.label_.lower(), span.id_ or None))
    for span in _titled_persons(doc, lex):
        candidates.append((1, span, "person", None))
    for span in _credit_names(doc):
        candidates.append((1, span, "person", None))
    for span in _unit_names(doc, lex):
        candidates.append((1, span, "organization", None))
    candidates += [(2, span, kind, key) for span, kind, key in ner]
    chosen = _select(candidates)
    acronyms = _lowercase_acronyms(doc)
    out: list[RawMention] = []
    for span, kind, key in chosen:
        if kind in ("gpe", "norp") and "-" in span.text:
            out.extend(_hyphen_parts(span, table, offset))
            continue
        if kind in ("gpe", "norp"):
            m = _demonym_mention(span, kind, table, lex, offset)
            if m:
                out.append(m)
            continue
        if kind == "organization" and not key and _aged(span):
            kind = "person"  # "said Jane Roe, 43": a name with an age is a person, whatever the tagger says
        if kind == "organization" and not key and (span.text in acronyms or not _org_like(span)):
            continue
        if kind in ("organization", "person") and not key and _thing_or_place(span, lex):
            continue
        if kind == "person" and not key:
            span = _complete_name(span)
        if kind == "person" and not key and (not _person_like(span) or _capitalised_modifier(span)):
            continue
        if key and table.actors[key].type in ("state", "organization"):
            group = _group_mention(span, key, lex, offset)
            if group:
                out.append(group)
                continue
        surface, title = _expand(span, lex) if kind in ("person", "organization") else (span, None)
        core = span
        if kind == "organization" and not key and title and _names_state(title, table) and not _ORDINAL.fullmatch(span[0].text):
            core, title = surface, None  # "Ukraine's Foreign Intelligence Service" is its own body ("Russian 2nd Army" is "2nd Army")
        out.append(
            RawMention(
                start=surface.start_char + offset,
                end=surface.end_char + offset,
                text=surface.text,
                core_start=core.start_char + offset,
                core_end=core.end_char + offset,
                core=core.text,
                kind=kind,
                table_key=key,
                title=title,
            )
        )
    out.extend(_descriptive_groups(doc, lex, out, offset))
    out.extend(_parenthetical_acronyms(doc, out, offset))
    out.extend(_proper_nouns(doc, out, lex, offset))
    return sorted(out, key=lambda m: (m.start, m.end))


def _proper_nouns(doc: Doc, found: list[RawMention], lex: Lexicon, offset: int) -> list[RawMention]:
    """Lone proper nouns no rule claimed: resolution keeps those that are a known person's
    short name ("Scholz" after "Olaf Scholz") and drops the rest."""
    covered = _mask(doc, found, offset)
    out = []
    for i, pos in enumerate(token_attrs(doc, "POS")):
        if pos != "PROPN":
            continue
        t = doc[i]
        if not t.text[:1].isupper() or len(t.text) < 2 or t.ent_type_ in ("NORP", "DATE"):
            continue
        a, b = t.idx, t.idx + len(t.text)
        if covered[a]:
            continue
        surface, title = _expand(doc[t.i : t.i + 1], lex)
        # an acronym or a brand written in capitals ("FSB", "SpaceX") is a body's name, unless
        # the text spells it out from common words ("electronic warfare (EW)")
        kind = "organization" if _acronym_like(t.text) and t.text not in _lowercase_acronyms(doc) and t.text.isalpha() else "propn"
        out.append(RawMention(surface.start_char + offset, surface.end_char + offset, surface.text, a + offset, b + offset,
                              t.text, kind, title=title))
    return out


def _hyphen_parts(span: Span, table: AliasTable, offset: int) -> list[RawMention]:
    """"Russian-Iranian" (relations), "Russia-Iran" (agreement): one state per part."""
    out = []
    for t in span:
        if t.text == "-":
            continue
        key = table.by_demonym.get(t.text) or table.lookup(t.text)
        if key and table.actors[key].type == "state":
            a = t.idx + offset
            out.append(RawMention(a, a + len(t.text), t.text, a, a + len(t.text), t.text, "state", key, is_name=t.text not in table.by_demonym))
    return out


def _mask(doc: Doc, found: list[RawMention], offset: int, *, core: bool = False) -> bytearray:
    """``mention_mask`` over the Doc's text."""
    return mention_mask(len(doc_text(doc)), found, offset, core=core)


def _names_state(words: str, table: AliasTable) -> bool:
    return any(
        (k := table.by_demonym.get(w) or table.lookup(w)) and table.actors[k].type == "state"
        for w in re.findall(r"[A-Z][\w.-]*", words.replace("’s", "").replace("'s", ""))
    )


def _merge_of_phrases(doc: Doc) -> list[Span]:
    """Entities joined by "of (the)": "the Institute of Economics" + "of" + "the Russian Academy"."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        e = ents[i]
        if i + 1 < len(ents) and e.label_ == "ORG" and ents[i + 1].label_ == "ORG":
            gap = doc[e.end : ents[i + 1].start]
            if gap.text.strip().lower() in ("of", "of the", "at", "at the") or (not len(gap) and ents[i + 1][0].lower_ in ("of", "at")):
                out.append(Span(doc, e.start, ents[i + 1].end, label="ORG"))
                i += 2
                continue
        out.append(e)
        i += 1
    return out


def _parenthetical_acronyms(doc: Doc, found: list[RawMention], offset: int) -> list[RawMention]:
    """An acronym given in parentheses after an organisation, and its later uses."""
    out = []
    covered = _mask(doc, found, offset, core=True)
    for m in found:
        if m.kind != "organization":
            continue
        end = m.core_end - offset
        tail = doc_text(doc)[end : end + 16]
        d = re.match(r"['’]?s?\s*\(([A-Z][A-Za-z]{1,7})\)", tail)
        if not d:
            continue
        acr = d.group(1)
        for hit in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", doc_text(doc)):
            a, b = hit.span()
            if covered[a] or re.search(r"[A-Z][\w-]*\s$", doc_text(doc)[max(0, a - 30) : a]):
                continue  # covered, or part of a longer name ("Russian MoD")
            covered[a:b] = b"\x01" * (b - a)
            out.append(RawMention(a + offset, b + offset, acr, a + offset, b + offset, acr, "organization"))
    return out


def _select(candidates) -> list[tuple[Span, str, str | None]]:
    """Non-overlapping spans: alias table first, then titled persons, then NER; longer wins within a tier."""
    taken: set[int] = set()  # token indices already claimed
    chosen = []
    for prio, span, kind, key in sorted(candidates, key=lambda c: (c[0], -(c[1].end - c[1].start), c[1].start)):
        tokens = range(span.start, span.end)
        if any(i in taken for i in tokens):
            continue
        taken.update(tokens)
        chosen.append((span, kind, key))
    return sorted(chosen, key=lambda c: c[0].start)


def _credit_parts(span: Span, kind: str) -> list[tuple[Span, str]]:
    """A photo credit the tagger reads as one name, "Jane Roe/Reuters": the person and the
    agency."""
    a, b = span.start, span.end
    while a < b and span.doc[a].is_punct:
        a += 1  # "[Jane Roe/Reuters]": the brackets are no part of either name
    while b > a and span.doc[b - 1].is_punct:
        b -= 1
    slash = [t.i for t in span.doc[a:b] if t.text == "/" and not t.whitespace_ and t.i > a and not span.doc[t.i - 1].whitespace_]
    if len(slash) == 1 and a < slash[0] < b - 1:
        left, right = span.doc[a : slash[0]], span.doc[slash[0] + 1 : b]
        if all(t.text[:1].isupper() for t in left) and all(t.text[:1].isupper() for t in right):
            return [(left, "person" if len(left) >= 2 else kind), (right, "organization")]
    return [(span, kind)]


def _clean(ent: Span, kind: str) -> Span | None:
    """Trim whitespace, determiners, possessives and stray words from an entity span."""
    doc = ent.doc
    orth, lower, pos = token_attrs(doc, "ORTH"), token_attrs(doc, "LOWER"), token_attrs(doc, "POS")
    space, punct = token_flags(doc, "IS_SPACE"), token_flags(doc, "IS_PUNCT")
    start, end = ent.start, ent.end
    # cut at the first line break or parenthesis: "Shanghai Cooperation Organization (SCO"
    for i in range(start, end):
        if "\n" in orth[i] or (space[i] and i > start) or (orth[i] == "(" and i > start):
            end = i
            break
    while start < end and (space[start] or punct[start] or lower[start] in _DETERMINERS):
        start += 1
    while end > start and (space[end - 1] or orth[end - 1] in _POSSESSIVE or punct[end - 1]):
        end -= 1
    if kind == "person":
        while start < end and pos[start] != "PROPN":
            start += 1
        while end > start and pos[end - 1] != "PROPN":
            end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    text = span_text(span)
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return None
    return span


_ORDINAL = re.compile(r"\d{1,4}(?:st|nd|rd|th)")
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def _unit_names(doc: Doc, lex: Lexicon):
    """Military unit names: an ordinal or a capitalised word, capitalised words, and a unit
    noun ("28th Separate Mechanized Brigade", "Eastern Military District")."""
    if not lex.unit_nouns:
        return
    orth, lower = token_attrs(doc, "ORTH"), token_attrs(doc, "LOWER")
    for i, w in enumerate(lower):
        if i > 0 and _ACRONYM.fullmatch(orth[i]) and _ORDINAL.fullmatch(orth[i - 1]):
            yield doc[i - 1 : i + 1]  # "the 36th CAA", "the 2nd MRD": a unit by its ordinal and abbreviation
            continue
        if w not in lex.unit_nouns or not orth[i][:1].isupper():
            continue
        j = i
        while j > 0 and i - j < 6 and (orth[j - 1][:1].isupper() or (orth[j - 1] == "-" and j - 1 > 0)) and lower[j - 1] not in ("the", "a"):
            j -= 1
        if j > 0 and _ORDINAL.fullmatch(orth[j - 1]):
            j -= 1
        elif i - j < 2:
            continue  # "Army" or "Tank Army" alone is no name
        yield doc[j : i + 1]


def _thing_or_place(span: Span, lex: Lexicon) -> bool:
    """A name whose head word is a place, facility, text, weapon or event ("Donetsk Oblast",
    "Non-Proliferation Treaty"), or a name right after a word that places it ("near Andriivka")."""
    head = span[-1].lower_
    if head in lex.non_actor_heads and not (head in lex.unit_nouns and _unit_like(span, lex)):
        return True
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in ("near", "towards", "toward", "outside", "village", "settlement", "town", "city")


def _unit_like(span: Span, lex: Lexicon) -> bool:
    return bool(_ORDINAL.fullmatch(span[0].text)) or len(span) >= 3


def _titled_persons(doc: Doc, lex: Lexicon):
    """Names right after a role word: "Deputy Minister Anna Berg", "its head Jonas Lind"."""
    titles = lex.titles
    for i, word in enumerate(token_attrs(doc, "LOWER")):
        if word not in titles or i + 2 > len(doc):
            continue
        t = doc[i]
        j = t.i + 1
        while j < len(doc) and j - t.i <= 3 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].ent_type_ not in ("GPE", "NORP", "DATE") and doc[j].lower_ not in lex.titles:
            j += 1
        if j - (t.i + 1) >= 2 and "\n" not in doc[t.i + 1 : j].text:
            yield doc[t.i + 1 : j]


def _person_like(span: Span) -> bool:
    return all(t.pos_ == "PROPN" or t.text in ("-", ".") or t.text[:1].isupper() or t.lower_ in NAME_PARTICLES or _hyphen_tail(t)
               for t in span) and (span[0].pos_ == "PROPN" or (len(span) > 1 and all(t.is_upper for t in span)))


def _capitalised_modifier(span: Span) -> bool:
    """"Steady pressure on X is …": a word capitalised only because it opens the
    sentence, modifying a common noun, that the text never writes as a name elsewhere."""
    t = span[0]
    if len(span) != 1 or not t.is_sent_start or t.dep_ not in ("compound", "amod") or t.head.pos_ != "NOUN" or not t.head.is_lower:
        return False
    return not any(o.text == t.text and not o.is_sent_start for o in t.doc if o.i != t.i)


def _hyphen_tail(t: Token) -> bool:
    """The lower-case half of a hyphenated given name: "woo" of "Min-woo"."""
    return t.i >= 2 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 2].whitespace_ and not t.doc[t.i - 1].whitespace_ and t.is_alpha


def _complete_name(span: Span) -> Span:
    """A person's name the tagger cut short: on over particles to a capitalised word
    ("Hanna van der Berg"), and over the hyphenated half of a given name ("Lee Min-woo")."""
    doc, end = span.doc, span.end
    while True:
        j = end
        while j < len(doc) and doc[j].lower_ in NAME_PARTICLES and doc[j].whitespace_ == " ":
            j += 1
        if j > end and j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha:
            end = j + 1
            continue
        if end + 1 < len(doc) and _hyphen_tail(doc[end + 1]) and doc[end + 1].is_lower:
            end += 2
            continue
        return doc[span.start : end]


def _credit_names(doc: Doc):
    """A given name and an upper-case surname, as wire services write people in credits and
    bylines ("Jane DOUGLAS / AFP", "PAVEL IVANOV")."""
    for i in range(len(doc) - 1):
        a, b = doc[i], doc[i + 1]
        if (a.is_alpha and b.is_alpha and len(b.text) >= 3 and b.is_upper and (a.is_title or (a.is_upper and len(a.text) >= 3))
                and a.ent_type_ != "NORP" and a.pos_ in ("PROPN", "NOUN") and not a.is_stop  # not "Italian MOD", "The ECB"
                and b.ent_type_ not in ("ORG", "GPE", "NORP")  # not "Oslo AFP"
                and a.whitespace_ == " " and "\n" not in a.text_with_ws and (i == 0 or not doc[i - 1].is_upper or not doc[i - 1].is_alpha)
                and (i + 2 >= len(doc) or not (doc[i + 2].is_upper and doc[i + 2].is_alpha))):
            if a.is_upper and not (i + 2 >= len(doc) or doc[i + 2].text in ("/", "-", "—", "(", ",", "\n") or "\n" in b.whitespace_):
                continue  # two upper-case words are a name only in a credit: "PAVEL IVANOV / AFP"
            yield doc[i : i + 2]


def _org_like(span: Span) -> bool:
    if (span[0].like_num and not _ORDINAL.fullmatch(span[0].text)) or len(span.text) < 2:
        return False  # "28th Separate Mechanized Brigade" is a name, "300 Russians" is not
    return any(t.pos_ == "PROPN" or t.is_upper for t in span)


_PAREN_ACRONYM = re.compile(r"\(([A-Z]{2,6}s?)\)")
_PHRASE_BEFORE = re.compile(r"(?<![a-z-])([a-z][a-z\- ]{3,80}+)$")  # possessive: each start is scanned once


def _lowercase_acronyms(doc: Doc) -> set[str]:
    """Acronyms the text defines from a lower-case phrase ("defense industrial base (DIB)")."""
    cached = doc.user_data.get("kg.lower_acronyms")
    if cached is not None:
        return cached
    found: set[str] = set()
    doc.user_data["kg.lower_acronyms"] = found
    text = doc_text(doc)
    for p in _PAREN_ACRONYM.finditer(text):  # the acronym first, then the phrase before it
        m = _PHRASE_BEFORE.search(text, max(0, p.start() - 81), p.start())
        if not m:
            continue
        words = [w for w in re.split(r"[\s-]+", m.group(1)) if w]
        acr = p.group(1).rstrip("s")
        if len(words) >= len(acr) and "".join(w[0] for w in words[-len(acr):]).upper() == acr:
            found.add(p.group(1))
            found.add(acr)
    return found


def _expand(span: Span, lex: Lexicon) -> tuple[Span, str | None]:
    """Extend a name leftwards over its titles and modifiers: "Russian President" + "Vladimir Putin".

    Works on words (tokens glued without spaces, "Commander-in-Chief", "China’s"), each of
    which must be capitalised or a role word, and attached to the name in the parse.
    """
    doc = span.doc
    start = span.start
    i = span.start - 1
    while i >= 0:
        j = i  # the word is doc[j : i + 1]
        while j > 0 and not doc[j - 1].whitespace_ and not doc[j - 1].is_space:
            j -= 1
        word = doc[j : i + 1]
        if any(t.is_space or "\n" in t.text_with_ws for t in word):
            break
        text = word.text
        bare = re.sub(r"['’]s$", "", text)
        if not bare or not bare[0].isalpha() or "/" in text:
            break  # "Jane Roe/Reuters": a credit's slash parts two names
        if bare.lower() in _DETERMINERS or word[0].pos_ in ("DET", "PRON", "VERB", "AUX", "ADP", "CCONJ", "NUM", "SCONJ"):
            break
        if not (bare[0].isupper() or bare.lower() in lex.titles):
            break
        if not any(start <= t.head.i < span.end for t in word):
            break
        start = j
        i = j - 1
    surface = doc[start : span.end]
    title = doc[start : span.start].text.strip() if start < span.start else None
    return surface, title


def _demonym_mention(span: Span, kind: str, table: AliasTable, lex: Lexicon, offset: int) -> RawMention | None:
    """"Russian forces" → Russia; "Iranian officials" → a group; other demonyms are not actors."""
    text = span.text.strip()
    key = table.by_demonym.get(text) or table.lookup(text)
    plural = table.by_demonym_plural.get(text)
    if plural and not key:
        # "30 million Ukrainians": the people stand for their state (a derived mention)
        return RawMention(span.start_char + offset, span.end_char + offset, text, span.start_char + offset,
                          span.end_char + offset, text, "state", plural, is_name=False)
    if not key:
        return None
    head = span.root.head if span.root.dep_ in ("amod", "compound", "nmod") else None
    if kind == "gpe" and not head:
        return RawMention(span.start_char + offset, span.end_char + offset, text, span.start_char + offset,
                          span.end_char + offset, text, "state", key)
    if head is None:
        return None
    noun = _noun_phrase_tail(span, head)
    if noun is None:
        return None
    phrase, words = noun
    if words in lex.state_nouns or head.lemma_.lower() in lex.state_nouns:
        return RawMention(span.start_char + offset, phrase.end_char + offset, phrase.text, span.start_char + offset,
                          span.end_char + offset, text, "state", key, is_name=False)
    if words in lex.group_nouns or head.lower_ in lex.group_nouns:
        return RawMention(phrase.start_char + offset, phrase.end_char + offset, phrase.text, phrase.start_char + offset,
                          phrase.end_char + offset, phrase.text, "group", None)
    if words in lex.state_org_nouns or (_acronym_like(head.text) and not head.text.endswith("s") and head.text not in _lowercase_acronyms(span.doc)):
        return RawMention(phrase.start_char + offset, phrase.end_char + offset, phrase.text, phrase.start_char + offset,
                          phrase.end_char + offset, phrase.text, "organization", None)
    return None


def _aged(span: Span) -> bool:
    """A name followed by an age, as news writes people: "Tomas Novak, 43," or "…, 43."."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != "," or not doc[i + 1].text.isdigit() or not 1 <= int(doc[i + 1].text) <= 115:
        return False
    return i + 2 >= len(doc) or doc[i + 2].is_punct or doc[i + 2].lower_ in ("a", "an", "who", "said", "says", "told")


def _acronym_like(text: str) -> bool:
    """Looks like an acronym: two capitals or more, short.

    >>> _acronym_like("MoD"), _acronym_like("Army")
    (True, False)
    """
    return sum(c.isupper() for c in text) >= 2 and len(text) <= 8


def _group_mention(span: Span, key: str, lex: Lexicon, offset: int) -> RawMention | None:
    """A state name used as a modifier of a group noun: "Kremlin officials"."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i <= span.end - 1:
        return None
    noun = _noun_phrase_tail(span, root.head)
    if noun is None:
        return None
    phrase, words = noun
    if words in lex.group_nouns or root.head.lower_ in lex.group_nouns:
        kind = "group"
    elif words in lex.state_org_nouns:
        kind = "organization"
    else:
        return None
    return RawMention(phrase.start_char + offset, phrase.end_char + offset, phrase.text, phrase.start_char + offset,
                      phrase.end_char + offset, phrase.text, kind, None)


def _noun_phrase_tail(span: Span, head: Token) -> tuple[Span, str] | None:
    """The words from ``span`` to its head noun, if they are all modifiers of it."""
    if head.i < span.end or head.i - span.end > 2 or head.pos_ not in ("NOUN", "PROPN"):
        return None
    between = span.doc[span.end : head.i]
    if any(t.is_punct or t.pos_ not in ("ADJ", "NOUN", "PROPN") for t in between):
        return None
    phrase = span.doc[span.start : head.i + 1]
    words = " ".join(t.lower_ for t in span.doc[span.end : head.i + 1])
    return phrase, words


def _descriptive_groups(doc: Doc, lex: Lexicon, found: list[RawMention], offset: int) -> list[RawMention]:
    """Groups named by a capitalised modifier and a group noun the NER skipped ("Central Asian states")."""
    out = []
    covered = _mask(doc, found, offset)
    pos = token_attrs(doc, "POS")
    for i, word in enumerate(token_attrs(doc, "LOWER")):
        if word not in lex.group_nouns or pos[i] != "NOUN":
            continue
        t = doc[i]
        # a capitalised modifier names a group anywhere ("Central Asian states"); a lower-case
        # one only where the group acts as a subject ("regional industrialists ... supported")
        mods = [c for c in t.lefts if c.dep_ in ("amod", "compound", "nmod") and (c.text[:1].isupper() or (t.dep_ == "nsubj" and c.pos_ == "ADJ"))]
        if not mods:
            continue
        left = min(c.left_edge.i for c in mods)
        while left < t.i and (doc[left].lower_ in _DETERMINERS or doc[left].is_punct):
            left += 1
        span = doc[left : t.i + 1]
        if "\n" in span.text or covered[span.start_char] or covered[span.end_char - 1]:
            continue
        out.append(RawMention(span.start_char + offset, span.end_char + offset, span.text, span.start_char + offset,
                              span.end_char + offset, span.text, "group", None))
    return out
