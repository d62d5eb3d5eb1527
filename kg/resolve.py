"""Mentions → canonical actors, across the whole corpus (plain Python, no spaCy).

Rules, in order: the alias table; a short form ("Putin", "Xi") links to the one full
name in the same article that ends or starts with it, else to the one such name in the
corpus; "the Russian president" links to the person introduced with that title; an
acronym links to the organisation it abbreviates (defined in parentheses, or by
initials); "Central Bank" links to the longer organisation name it ends.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .raw import RawAttribution, RawMention, RawSentence, mention_mask
from .lexicon import NAME_PARTICLES, AliasTable, Lexicon
from .records import Actor, Attribution, Mention

_STOP = {"of", "for", "the", "and", "on", "in", "&", "de", "at"}


@dataclass
class ArticleMentions:
    article_id: str
    text: str
    mentions: list[RawMention]
    sentences: list[RawSentence] = field(default_factory=list)
    publisher: str | None = None
    author: str | None = None


def _short_forms(full: str) -> set[str]:
    """The words of a full name a text may use alone: the first and the last, and with name
    particles the word before them ("Costa" of "Maria Helena Costa da Silva")."""
    words = full.split()
    out = {words[0], words[-1]}
    for i, w in enumerate(words[1:], 1):
        if w.lower() in NAME_PARTICLES and words[i - 1][:1].isupper():
            out.add(words[i - 1])
    return out


def normalise(name: str) -> str:
    """Lower-cased name without a leading article or trailing possessive.

    >>> normalise("The Russian Central Bank's")
    'russian central bank'
    """
    name = re.sub(r"^(the|an?)\s+", "", name.strip(), flags=re.I)
    name = re.sub(r"['’]s?$", "", name)
    return re.sub(r"\s+", " ", name).lower()


def initials(name: str) -> str:
    """The initials of a name, skipping small words.

    >>> initials("Royal United Services Institute")
    'RUSI'
    """
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _STOP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


class Resolver:
    """Resolves the raw mentions of every article; ``actors`` and ``mentions`` hold the result."""

    def __init__(self, table: AliasTable, lex: Lexicon):
        self.table = table
        self.lex = lex
        self.labels: dict[str, Counter] = defaultdict(Counter)
        self.types: dict[str, str] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.affiliations: dict[str, Counter] = defaultdict(Counter)
        self._title_re = None

    # -- public -----------------------------------------------------------------
    def resolve(self, articles: Sequence[ArticleMentions]) -> tuple[dict[str, Actor], dict[str, list[Mention]], dict[tuple[str, int], tuple[Attribution, ...]]]:
        """Canonical actors, resolved mentions per article, and attributions per (article, sentence).

        The same as the steps one at a time, which a big corpus takes so that its articles
        need not all be in memory at once: ``corpus`` over every article, then
        ``article_mentions`` for each in order, ``article_speakers`` for each in order, and
        ``actors``."""
        corpus = self.corpus(articles)
        out = {art.article_id: self.article_mentions(art, corpus) for art in articles}
        speakers: dict[tuple[str, int], tuple[Attribution, ...]] = {}
        for art in articles:
            speakers.update(self.article_speakers(art, out[art.article_id]))
        return self.actors(), out, speakers

    def corpus(self, articles: Iterable[ArticleMentions]) -> tuple:
        """The corpus-wide indexes, from one pass over the raw mentions: short form → full
        person names that end or start with it; multi-word titles ("russian president") →
        full names introduced with them; multi-word organisation names."""
        people: dict[str, set[str]] = defaultdict(set)
        titles: dict[str, set[str]] = defaultdict(set)
        orgs: dict[str, str] = {}
        self._known_short = set()
        for art in articles:
            for m in art.mentions:
                if m.kind == "person":
                    toks = _name_tokens(m.core)
                    if len(toks) == 1:
                        self._known_short.add(m.core)
                    if len(toks) >= 2 and not m.table_key:
                        people[toks[-1]].add(" ".join(toks))
                        people[toks[0]].add(" ".join(toks))
                    if len(toks) >= 2 and m.title and len(m.title.split()) >= 2 and m.title.split()[-1].lower() in self.lex.titles:
                        titles[m.title.lower()].add(" ".join(toks))
                elif m.kind == "organization" and len(m.core.split()) >= 2:
                    orgs[normalise(m.core)] = m.core
        return people, titles, orgs

    def article_mentions(self, art: ArticleMentions, corpus: tuple) -> list[Mention]:
        """The article's mentions resolved to actors (``corpus``: what ``corpus`` returned)."""
        return self._resolve_article(art, *corpus)

    def article_speakers(self, art: ArticleMentions, mentions: list[Mention]) -> dict[tuple[str, int], tuple[Attribution, ...]]:
        """The attributions of the article's sentences, by (article, sentence)."""
        speakers = self._resolve_speakers(art, mentions)
        if art.author:
            self._note(self._person_key(art.author), "person", art.author, art.author)
        if art.publisher:
            key = self.table.lookup(art.publisher) or f"organization:{normalise(art.publisher)}"
            self._note(key, self.table.actors[key].type if key in self.table.actors else "organization", _strip_article(art.publisher), art.publisher)
        return speakers

    def actors(self) -> dict[str, Actor]:
        """Every actor noted so far, and every actor an affiliation points at."""
        wanted = {a for c in self.affiliations.values() for a in c}
        wanted |= {self.table.actors[k].affiliation for k in self.types if k in self.table.actors and self.table.actors[k].affiliation}
        for key in sorted(wanted):
            if key in self.table.actors and key not in self.types:
                t = self.table.actors[key]
                self._note(key, t.type, t.label, None)
        actors = {}
        for key in sorted(self.types):
            label = self._label(key)
            aff = self.affiliations[key].most_common(1)[0][0] if self.affiliations[key] else None
            t = self.table.actors.get(key)
            if t and t.affiliation:
                aff = t.affiliation
            actors[key] = Actor(
                key=key,
                label=label,
                type=self.types[key],
                aliases=tuple(sorted(self.aliases[key])),
                affiliation=aff if aff != key else None,
                source="table" if t else "text",
            )
        return actors

    # -- speakers -----------------------------------------------------------------
    def _resolve_speakers(self, art: ArticleMentions, mentions: list[Mention]) -> dict[tuple[str, int], tuple[Attribution, ...]]:
        out = {}
        last_person: str | None = None
        last_body: str | None = None  # the last state, organisation or group: "it", "they"
        spoke: dict[str, tuple[int, str]] = {}  # "person" / "body" → (sentence, the last speaker of that kind)
        by_start = sorted(mentions, key=lambda m: m.start)  # (speakers found below add none here)
        starts = [m.start for m in by_start]
        for sent in art.sentences:
            atts = []
            # a pronoun speaker is first the speaker of the same kind in the last three sentences
            # ("…, it said" after "The institute assessed …"), then the last actor of that kind mentioned
            person = spoke["person"][1] if "person" in spoke and sent.index - spoke["person"][0] <= 3 else last_person
            body = spoke["body"][1] if "body" in spoke and sent.index - spoke["body"][0] <= 3 else last_body
            for raw in sent.attributions:
                key, label, kind = self._speaker(raw, art, mentions, person, body)
                if kind == "person":
                    last_person = key
                    spoke["person"] = (sent.index, key)
                elif kind in ("organization", "state", "group"):
                    last_body = key
                    spoke["body"] = (sent.index, key)
                atts.append(Attribution(key, raw.speaker_text, label, kind, raw.cue, raw.cue_start, raw.cue_end, raw.mode,
                                        raw.speaker_start, raw.speaker_end))
            if atts:
                out[(art.article_id, sent.index)] = tuple(dict.fromkeys(atts))
            # a named person mentioned in a sentence is who "he" most likely refers to next; a
            # heading or fragment ("- 'Rain and ruins' -") names no one a pronoun refers to
            if not sent.attributions and sent.is_claim:
                # the first of a kind in the sentence: subjects come first ("NATO met in Brussels. It said …")
                first_person = first_body = None
                for m in by_start[bisect.bisect_left(starts, sent.start) : bisect.bisect_left(starts, sent.end)]:
                    if self.types.get(m.actor) == "person":
                        first_person = first_person or m.actor
                    elif self.types.get(m.actor) in ("organization", "state", "group"):
                        first_body = first_body or m.actor
                last_person, last_body = first_person or last_person, first_body or last_body
        return out

    def _speaker(self, raw: RawAttribution, art: ArticleMentions, mentions: list[Mention], last_person: str | None, last_body: str | None = None):
        if raw.pronoun:
            # the nearest earlier actor that agrees with the pronoun; else the pronoun as written
            p = raw.speaker_text.strip().lower()
            target = last_person if p in ("he", "she") else last_body if p in ("it", "they") else None
            if target:
                return target, self._label(target), self.types[target]
            return None, raw.speaker_text, "unresolved"
        at_head = [m for m in mentions if m.start <= raw.head_start and raw.head_end <= m.end]
        if at_head:
            # the smallest mention around the head word: "Kommersant", not the whole phrase
            key = min(at_head, key=lambda m: m.end - m.start).actor
            return key, self._label(key), self.types[key]
        if raw.described:
            text = _strip_article(re.sub(r"^(some|other|several|many|most|a few|few|an?|the)\s+", "", raw.speaker_text.strip(), flags=re.I))
            key = f"source:{art.article_id}:{normalise(text)}"
            self._note(key, "source", text, text)  # the description as written is the name it goes by
            return key, text, "source"
        name = _strip_article(raw.name)
        if raw.kind == "person" and not self.table.lookup(name):
            # a transcript label ("MS. ADEYEMI"): the person of that surname the article names, if any
            known = [m.actor for m in mentions if self.types.get(m.actor) == "person" and m.actor.endswith(" " + name.lower())]
            key = known[0] if known else self._person_key(name)
            self._note(key, "person", name, raw.speaker_text)
            return key, self._label(key), "person"
        key = self.table.lookup(name) or f"organization:{normalise(name)}"
        kind = self.table.actors[key].type if key in self.table.actors else self.types.get(key, "organization")
        self._note(key, kind, name, name)
        start = art.text.find(raw.name, raw.speaker_start, raw.speaker_end)
        if start >= 0:
            mentions.append(Mention(art.article_id, start, start + len(raw.name), raw.name, key))
        return key, self._label(key), kind

    # -- per article --------------------------------------------------------------
    def _resolve_article(self, art: ArticleMentions, people, titles, corpus_orgs) -> list[Mention]:
        local_full = [(" ".join(_name_tokens(m.core))) for m in art.mentions if m.kind == "person" and not m.table_key and len(_name_tokens(m.core)) >= 2]
        local_orgs = {normalise(m.core): m for m in art.mentions if m.kind == "organization" and len(m.core.split()) >= 2}
        acronyms = self._acronyms(art)
        mentions = list(art.mentions)
        mentions += self._extra_short_forms(art, local_full, self._known_short)
        mentions += self._title_references(art, titles, local_full)
        resolved: list[Mention] = []
        for m in sorted(mentions, key=lambda m: (m.start, m.end)):
            key, kind, label = self._key_for(m, art, local_full, people, local_orgs, corpus_orgs, acronyms)
            if key is None:
                continue
            self._note(key, kind, label, m.text if m.is_name else None)
            if m.is_name and m.core != m.text:
                self._note(key, kind, label, m.core)
            if m.title or kind == "group" or kind == "organization":
                aff = self._affiliation(m.title if kind == "person" else m.core)
                if aff and aff != key:
                    self.affiliations[key][aff] += 1
            resolved.append(Mention(art.article_id, m.start, m.end, m.text, key))
        return resolved

    def _key_for(self, m: RawMention, art, local_full, people, local_orgs, corpus_orgs, acronyms):
        if m.table_key:
            t = self.table.actors[m.table_key]
            return t.key, t.type, t.label
        if m.kind == "propn":
            toks = _name_tokens(m.core)
            local = {f for f in local_full if toks[0] in _short_forms(f)}
            if len(local) == 1:
                full = local.pop()
            elif not local and len(people.get(toks[0], ())) == 1 and toks[0] == next(iter(people[toks[0]])).split()[-1]:
                full = next(iter(people[toks[0]]))  # a surname known from another article
            else:
                return None, None, None
            return self._person_key(full), "person", full
        if m.kind == "person" or (m.kind == "organization" and len(m.core.split()) == 1 and m.core in people):
            toks = _name_tokens(m.core)
            if not toks:
                return None, None, None
            full = " ".join(toks)
            if len(toks) == 1:
                local = {f for f in local_full if toks[0] in _short_forms(f)}
                if len(local) == 1:
                    full = local.pop()
                elif not local and len(people.get(toks[0], ())) == 1:
                    full = next(iter(people[toks[0]]))
            return self._person_key(full), "person", full
        if m.kind == "organization":
            norm = normalise(m.core)
            target = None
            if m.core in acronyms:
                target = acronyms[m.core]
            elif m.core.isupper() and len(m.core) >= 2:
                for pool in (local_orgs, corpus_orgs):
                    hits = {n for n, v in pool.items() if initials(v if isinstance(v, str) else v.core) == m.core}
                    if len(hits) == 1:
                        target = hits.pop()
                        break
            elif len(norm.split()) >= 2:
                longer = {n for n in local_orgs if n != norm and n.endswith(" " + norm)}
                if len(longer) == 1:
                    target = longer.pop()
            if target:
                tk = self.table.lookup(target if isinstance(target, str) else target)
                orig = local_orgs.get(target)
                name = orig.core if orig else corpus_orgs.get(target, target)
                tk = tk or self.table.lookup(name)
                if tk:
                    t = self.table.actors[tk]
                    return t.key, t.type, t.label
                return f"organization:{normalise(name)}", "organization", _strip_article(name)
            return f"organization:{norm}", "organization", _strip_article(m.core)
        if m.kind == "group":
            return f"group:{normalise(m.core)}", "group", _strip_article(m.core)
        if m.kind == "state":
            return None, None, None
        return None, None, None

    def _person_key(self, full: str) -> str:
        return f"person:{full.lower()}"

    def _acronyms(self, art: ArticleMentions) -> dict[str, str]:
        """Acronyms defined in parentheses right after an organisation's name."""
        found = {}
        for m in art.mentions:
            if m.kind != "organization":
                continue
            tail = art.text[m.core_end : m.core_end + 16]
            d = re.match(r"['’]?s?\s*\(([A-Z][A-Za-z]{1,7})\)", tail)
            if d:
                found[d.group(1)] = normalise(m.core)
        return found

    def _extra_short_forms(self, art: ArticleMentions, local_full: list[str], known_short: set[str]) -> list[RawMention]:
        """Short forms of people named in the article that the NER did not tag.

        A surname always counts; a first token ("Xi" of "Xi Jinping") only where the
        corpus uses it alone as a name elsewhere.
        """
        covered = mention_mask(len(art.text), art.mentions)
        extra = []
        fulls = set(local_full)
        shorts = Counter(f.split()[-1] for f in fulls)
        shorts.update(f.split()[0] for f in fulls if f.split()[0] in known_short)
        for short, n in shorts.items():
            if n != 1 or len(short) < 2 or (len(short) < 3 and short not in known_short):
                continue
            for hit in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", art.text):
                a, b = hit.span()
                if covered[a] or covered[b - 1]:
                    continue  # starts or ends inside a mention
                surface_start = a
                poss = re.search(r"([A-Z][\w.]*(?: [A-Z][\w.]*)*)['’]s $", art.text[max(0, a - 40) : a])
                if poss:
                    key = self.table.lookup(poss.group(1))
                    if key and self.table.actors[key].type == "state":
                        surface_start = a - len(poss.group(0))
                extra.append(RawMention(surface_start, b, art.text[surface_start:b], a, b, short, "person"))
        return extra

    def _title_references(self, art: ArticleMentions, titles, local_full) -> list[RawMention]:
        """"the Russian president" → the one person introduced as "Russian President ..."."""
        if not titles:
            return []
        if self._title_re is None or self._title_re[0] is not titles:  # one pattern for all titles
            alts = "|".join(re.escape(t) for t in sorted(titles, key=lambda t: (-len(t), t)))
            self._title_re = (titles, re.compile(rf"\b(?i:the ({alts}))\b(?!\s+[A-Z])"))
        covered = [(m.start, m.end) for m in art.mentions]
        fulls = set(local_full)
        extra = []
        for hit in self._title_re[1].finditer(art.text):
            names = titles.get(hit.group(1).lower())
            local = (names & fulls or names) if names else ()
            if len(local) != 1:
                continue
            a, b = hit.span()
            if any(x <= a < y or x < b <= y for x, y in covered):
                continue
            extra.append(RawMention(a, b, hit.group(0), a, b, next(iter(local)), "person"))
        return extra

    def _affiliation(self, words: str | None) -> str | None:
        if not words:
            return None
        for tok in re.findall(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*", words):
            for cand in (tok, tok.split()[0]):
                key = self.table.by_demonym.get(cand) or self.table.lookup(cand)
                if key and self.table.actors[key].type == "state":
                    return key
        return None

    def _note(self, key: str, kind: str, label: str, alias: str | None) -> None:
        self.types.setdefault(key, kind)
        self.labels[key][label] += 1
        if alias:
            self.aliases[key].add(alias)

    def _label(self, key: str) -> str:
        if key in self.table.actors:
            return self.table.actors[key].label
        counts = self.labels[key]
        # prefer the longest name, then the most frequent
        return max(counts, key=lambda s: (len(s.split()), counts[s], s))


def _name_tokens(core: str) -> list[str]:
    core = re.sub(r"['’]s?$", "", core.strip())
    return [t for t in core.split() if t]


def _strip_article(name: str) -> str:
    return re.sub(r"^(the|an?)\s+", "", name.strip(), flags=re.I)
