"""Relations between actors: Doc sentences → ``RawRelation`` records.

Works from the dependency parse with the cue words of ``ontology/relations.ttl``:
- a cue verb links its subject to its objects ("Iran has supplied Russia with weapons",
  "North Korea sent troops to Russia"), through passives, coordination ("China, North Korea,
  and Iran" gives three relations) and borrowed subjects ("..., while supporting Russia");
- a cue noun links its owner or source to its target ("North Korea's aid to Russia",
  "support from China", "US military aid to Ukraine");
- a partner noun links a subject to the owner ("China has become Russia's main partner");
- "A and B met" gives a symmetric relation between the coordinated subjects.
Polarity is ``negated`` under a negation or a verb like refuse / deny / halt, ``hedged``
under may / might / could / unlikely, else ``asserted``. Subjects and objects must be actor
mentions (char spans), resolved to actors later.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from ._text import token_attrs
from ..lexicon import KG, ontology_dir, read_turtle
from ..raw import RawRelation  # noqa: F401 - the records live in kg.raw (no spaCy)

NEGATORS = {"refuse", "deny", "halt", "stop", "abandon", "decline", "fail", "cease", "reject", "lack", "end",
            "suspend", "quit", "avoid", "withhold", "cut", "pause", "unable", "without"}
HEDGE_AUX = {"may", "might", "could"}
HEDGE_WORDS = {"unlikely", "unwilling", "possibly", "perhaps", "potentially", "likely", "reluctant"}
LIGHT_VERBS = {"provide", "give", "offer", "send", "engage", "have", "get", "receive", "extend", "deliver", "make", "sign", "hold"}
PRESCRIPTIVE = {"should", "must", "ought"}  # recommendations state no relation
CONDITIONAL = {"if", "unless", "whether"}  # nor do hypotheticals
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_REL_PRONOUNS = {"which", "who", "that", "whom"}


@dataclass(frozen=True)
class RelationLexicon:
    verbs: dict[str, str]  # lemma → relation
    nouns: dict[str, str]
    partners: dict[str, str]
    adjectives: dict[str, str]
    symmetric: frozenset[str]
    reverse_verbs: frozenset[str] = frozenset({"buy", "purchase", "receive", "import", "obtain", "acquire", "get"})

    @cached_property
    def cues(self) -> frozenset[str]:
        """Every lemma that can start a relation; other tokens are skipped."""
        return frozenset({*self.verbs, *self.reverse_verbs, *self.nouns, *self.partners, *self.adjectives, "turn"})


@lru_cache(maxsize=2)
def load_relation_lexicon(path: str | None = None) -> RelationLexicon:
    props = read_turtle(Path(path) if path else ontology_dir() / "relations.ttl")
    verbs, nouns, partners, adjectives, symmetric = {}, {}, {}, {}, set()
    for concept in sorted(c for c, po in props.items() if KG + "property" in po):
        po = props[concept]
        name = po[KG + "property"][0].removeprefix(KG)
        if po.get(KG + "symmetric", ["false"])[0] in ("true", "1"):
            symmetric.add(name)
        for prop, table in (("verbCue", verbs), ("nounCue", nouns), ("partnerNoun", partners), ("adjectiveCue", adjectives)):
            for w in sorted(po.get(KG + prop, ())):
                table.setdefault(w, name)
    return RelationLexicon(verbs, nouns, partners, adjectives, frozenset(symmetric))


def relations(sent: Span, actor_at: dict[int, tuple[int, int]], rlex: RelationLexicon, *, offset: int = 0,
              persons: frozenset[int] = frozenset(), states: frozenset[tuple[int, int]] = frozenset()) -> list[RawRelation]:
    """Relations in one sentence. ``actor_at`` maps a token index to its actor mention's span;
    ``persons`` holds the token indices of person mentions ("he" refers to the last one)."""
    found: dict[tuple, RawRelation] = {}

    def emit(subj: Token, obj: Token, rel: str, cue: Token, pol: str):
        if pol == "skip":
            return
        s, o = _actor(subj, actor_at, persons, owner=True), _actor(obj, actor_at, persons)
        if s is None or o is None or s == o:
            return
        if rel == "meets" and (s in states) != (o in states):
            return  # a person visiting a country is travel, not a meeting of two actors
        key = (s, o, rel)
        if key not in found:  # noqa: SIM102
            found[key] = RawRelation((s[0] + offset, s[1] + offset), (o[0] + offset, o[1] + offset), rel, pol,
                                     cue.lemma_.lower(), cue.idx + offset, cue.idx + len(cue.text) + offset)

    def known(t: Token) -> bool:
        return _actor(t, actor_at, persons, owner=True) is not None

    doc, cues = sent.doc, rlex.cues
    lemmas = token_attrs(doc, "LEMMA")
    for i in range(sent.start, sent.end):
        lemma = lemmas[i].lower()
        if lemma not in cues:
            continue
        tok = doc[i]
        if tok.pos_ in ("VERB",) and (lemma in rlex.verbs or lemma in rlex.reverse_verbs):
            _verb(tok, lemma, rlex, emit)
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in rlex.nouns:
            _noun(tok, rlex.nouns[lemma], rlex, emit, known)
        if tok.pos_ in ("NOUN",) and lemma in rlex.partners:
            _partner(tok, rlex.partners[lemma], emit, known)
        if tok.pos_ == "VERB" and lemma == "turn":
            _turn(tok, emit)
        if tok.pos_ == "ADJ" and lemma in rlex.adjectives:
            _adjective(tok, rlex.adjectives[lemma], emit)
    return list(found.values())


# -- verbs ------------------------------------------------------------------------------
def _verb(v: Token, lemma: str, rlex: RelationLexicon, emit) -> None:
    pol = polarity(v)
    subjects = _expand(_subjects(v))
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    if lemma in rlex.reverse_verbs:
        # "Putin is purchasing shells from North Korea": North Korea supports Putin
        sources = _expand([p for c in v.children if c.dep_ == "prep" and c.lower_ == "from" for p in _pobjs(c)])
        # "purchasing from North Korea millions of shells" (parsed as a compound of "millions")
        sources += [c for p in sources if p.pos_ == "NOUN" for c in p.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        for src in sources:
            for s in subjects:
                emit(src, s, "supports", v, pol)
        return
    rel = rlex.verbs[lemma]
    objects = [o for o in _expand(_objects(v), examples=False) if o.pos_ in ("PROPN", "NOUN", "PRON") and (o.ent_type_ or o.pos_ != "NOUN" or o.lower_ in _PERSON_PRONOUNS or any(c.dep_ in ("compound", "amod", "poss") for c in o.children))]
    if passive:
        agents = _expand([p for c in v.children if c.dep_ == "agent" for p in _pobjs(c)])
        patients = _expand([c for c in v.children if c.dep_ == "nsubjpass"])
        for a in agents:
            for p in patients:
                emit(a, p, rel, v, pol)
        # "he was turned away": the patient is the object of an unnamed subject
        return
    for s in subjects:
        for o in objects:
            emit(s, o, rel, v, pol)
    if rel in rlex.symmetric and not [o for o in objects if o.ent_type_] and len(subjects) > 1:
        for i, a in enumerate(subjects):
            for b in subjects[i + 1 :]:
                emit(a, b, rel, v, pol)
    if rel == "dependsOn":
        # "Russia relies on support from China": the dependency is on China
        for o in _objects(v):
            for c in o.children:
                if c.dep_ == "prep" and c.lower_ == "from":
                    for src in _expand(_pobjs(c)):
                        for s in subjects:
                            emit(s, src, rel, v, pol)


def _subjects(v: Token, depth: int = 0) -> list[Token]:
    if depth > 3:
        return []
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj"):
            if c.lower_ in _REL_PRONOUNS and v.dep_ == "relcl":
                return [v.head]
            return [_through(c)]
    h = v.head
    if h.i == v.i:
        return []
    if v.dep_ == "advcl" and v.tag_ not in ("VBG", "VBN"):
        return []  # a finite adverbial clause has its own subject, even when the parser missed it
    if v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp") and h.pos_ in ("VERB", "AUX", "NOUN", "ADP", "ADJ"):
        if h.pos_ in ("ADP", "ADJ"):  # "by choosing", "is unlikely to soften": up to the clause's verb
            h = h.head
        return _subjects(h, depth + 1) if h.i != v.i else []
    if v.dep_ == "relcl":
        return [v.head]
    if v.dep_ == "acl" and h.pos_ in ("NOUN", "PROPN"):
        return [h]
    return []


def _through(tok: Token) -> Token:
    """"Russia's economy relies on China": the economy stands for its owner."""
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ == "poss":
                return c
    return tok


def _objects(v: Token) -> list[Token]:
    out = []
    for c in v.children:
        if c.dep_ in ("dative", "iobj") and c.pos_ == "ADP":
            out.extend(_pobjs(c))  # "selling weapons to Russia", parsed as a dative "to"
        elif c.dep_ in ("dobj", "dative", "iobj"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("to", "with", "on", "against", "for", "from", "upon", "away"):
            out.extend(_pobjs(c))
        elif c.dep_ == "prt" and c.lower_ in ("away", "on"):
            for cc in c.children:
                if cc.dep_ == "prep":
                    out.extend(_pobjs(cc))
    return out


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _expand(tokens: list[Token], *, examples: bool = True) -> list[Token]:
    """Coordination and lists: "China, North Korea, and Iran" → each head; with ``examples``
    also "countries such as Uzbekistan and Kazakhstan" → the countries named."""
    out: list[Token] = []
    for t in tokens:
        stack = [t]
        while stack:
            x = stack.pop()
            if x not in out:
                out.append(x)
            stack.extend(c for c in x.children if c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN"))
            # "Countries in Central Asia, such as Uzbekistan and Kazakhstan"
            for c in x.children if examples else ():
                if c.dep_ == "prep" and (c.lower_ == "like" or (c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))):
                    stack.extend(_pobjs(c))
    return out


# -- nouns ------------------------------------------------------------------------------
def _noun(n: Token, rel: str, rlex: RelationLexicon, emit, known) -> None:
    pol = polarity(n)
    sources, targets = [], []
    for c in n.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            sources.append(c)
        elif c.dep_ == "prep":
            if c.lower_ in ("from", "by"):
                sources.extend(_pobjs(c))
            elif c.lower_ in ("to", "for", "with", "on", "of", "against", "toward", "towards"):
                targets.extend(_pobjs(c))
            elif c.lower_ == "between":
                pair = _expand(_pobjs(c))
                if len(pair) >= 2:
                    emit(pair[0], pair[1], rel, n, pol)
    sources = _hyphenated(_expand(sources))
    sources = [t for t in sources if known(t) or t.lower_ in ("its", "their")]
    targets = [t for t in _expand(targets) if known(t)]
    if any(t.lower_ in ("its", "their") for t in sources):
        # "their economic and military ties": the owners are the clause's subjects
        gov = n.head.head if n.head.pos_ == "ADP" else n.head
        owners = _expand(_subjects(gov)) if gov.pos_ in ("VERB", "AUX") else []
        sources = [t for t in sources if t.lower_ not in ("its", "their")]
        if rel in rlex.symmetric and len(owners) > 1 and not targets:
            for i, a in enumerate(owners):
                for b in owners[i + 1 :]:
                    emit(a, b, rel, n, pol)
            return
        sources = sources or owners
    if not sources and targets and n.dep_ == "nsubj" and n.head.dep_ == "ccomp":
        # "China has emphasized that relations with Russia are solid": the speaker is the other side
        sources = [t for t in _expand(_subjects(n.head.head)) if known(t)]
    if sources and not targets and n.dep_ == "nsubj" and n.head.pos_ == "VERB":
        # "China's support helps Moscow ...": the support goes to the verb's object
        targets = [c for c in n.head.children if c.dep_ == "dobj"]
        targets += [g for c in n.head.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
        targets = [t for t in targets if known(t)]
    if sources and not targets:
        # "Russia has emphasized China's assistance", "support that Russia has been receiving from Iran"
        gov = n.head if n.dep_ in ("dobj", "pobj", "nsubjpass") else None
        if gov is not None and gov.pos_ == "ADP":
            gov = gov.head
        if gov is not None and gov.pos_ == "VERB" and gov.lemma_.lower() not in rlex.verbs:
            targets = [t for t in _expand(_subjects(gov)) if known(t)]
        if n.dep_ == "attr" or (n.dep_ == "nsubj" and rel in rlex.symmetric):
            targets = targets or [c for c in n.head.children if c.dep_ == "nsubj" and c.i != n.i and known(c)]
    if not sources and n.dep_ == "dobj":
        gov = n.head
        if gov.pos_ == "VERB" and gov.lemma_.lower() not in rlex.verbs:
            sources = [t for t in _expand(_subjects(gov)) if known(t)]
            # "had a phone conversation with X": the other side hangs on the verb
            targets = targets or [t for t in _expand([p for c in gov.children if c.dep_ == "prep" and c.lower_ in ("with", "to") for p in _pobjs(c)]) if known(t)]
    if rel in rlex.symmetric and not targets and len(sources) > 1:
        emit(sources[0], sources[1], rel, n, pol)  # "Russian-Iranian relations"
        return
    for s in sources:
        for t in targets:
            emit(s, t, rel, n, pol)


def _hyphenated(tokens: list[Token]) -> list[Token]:
    """Add the other halves of hyphen-glued words: "Russian-Iranian" → Russian and Iranian."""
    out = list(tokens)
    for t in tokens:
        doc = t.doc
        for step in (-2, 2):
            j = t.i + step
            mid = t.i + step // 2
            if 0 <= j < len(doc) and doc[mid].text == "-" and not doc[min(t.i, j)].whitespace_ and not doc[mid].whitespace_:
                if doc[j] not in out:
                    out.append(doc[j])
    for t in list(out):  # a compound name inside: "Russia-Iran Comprehensive ... Agreement"
        for c in t.children:
            if c.dep_ in ("compound", "amod") and c not in out and (c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == "-"):
                out.extend(_hyphenated([c]))
    return out


def _partner(n: Token, rel: str, emit, known) -> None:
    """"China has become Russia's main economic partner"; "he needs supporters like China"."""
    owners = _expand([c for c in n.children if c.dep_ == "poss"] + [p for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)])
    head = n.head
    pol = polarity(n)
    if n.dep_ in ("attr", "appos"):
        subj = [c for c in head.children if c.dep_ == "nsubj"] if n.dep_ == "attr" else [head]
        for s in _expand(subj):
            for o in owners:
                emit(s, o, rel, n, pol)
    members = [p for c in n.children if c.dep_ == "prep" and (c.lower_ == "like" or (c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))) for p in _pobjs(c)]
    if members and not owners:
        # "he needs allies who can offer assistance, not just supporters like China, Serbia":
        # climb to the nearest clause whose subject is an actor; that is who they support
        x, supported = n, []
        for _ in range(6):
            if x.head.i == x.i:
                break
            x = x.head
            if x.pos_ in ("VERB", "AUX"):
                supported = [t for t in _expand(_subjects(x)) if known(t)]
                if supported:
                    break
        for m in _expand(members):
            for s in supported:
                emit(m, s, rel, n, pol)


def _turn(v: Token, emit) -> None:
    """"turn its back on X" (opposes)."""
    backs = [c for c in v.children if c.lower_ == "back"]
    if backs:
        for c in [*v.children, *backs[0].children]:
            if c.dep_ == "prep" and c.lower_ == "on":
                for o in _expand(_pobjs(c)):
                    for s in _expand(_subjects(v)):
                        emit(s, o, "opposes", v, polarity(v))


def _adjective(a: Token, rel: str, emit) -> None:
    """"Moscow is more dependent on Beijing"."""
    subj = [c for c in a.head.children if c.dep_ == "nsubj"] if a.dep_ == "acomp" else []
    objs = [p for c in a.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") for p in _pobjs(c)]
    pol = polarity(a)
    for s in _expand(subj):
        for o in _expand(objs):
            emit(s, o, rel, a, pol)


# -- shared -----------------------------------------------------------------------------
def _actor(tok: Token, actor_at: dict[int, tuple[int, int]], persons: frozenset[int] = frozenset(), *, owner: bool = False) -> tuple[int, int] | None:
    if tok.i in actor_at:
        return actor_at[tok.i]
    if tok.lower_ in _PERSON_PRONOUNS:
        # "Putin visited China, where he met ...": the last person named shortly before
        before = [i for i in persons if i < tok.i and tok.i - i < 80]
        return actor_at.get(max(before)) if before else None
    if owner and tok.pos_ == "NOUN":  # "Russia's economy relies on China"
        for c in tok.children:
            if c.dep_ in ("poss",) and c.i in actor_at:
                return actor_at[c.i]
    return None


def polarity(tok: Token) -> str:
    """negated, hedged or asserted, from the cue word and the words that govern it; "skip"
    for recommendations ("the West should sanction ...") and conditions ("if Beijing helps")."""
    chain = [tok]
    x = tok
    for _ in range(4):
        if x.head.i == x.i:
            break
        if x.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "VERB":
            break  # "China's past support ... may provide insight": the support is not hedged
        x = x.head
        chain.append(x)
    for t in chain:
        if t.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in PRESCRIPTIVE for c in t.children):
                return "skip"
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in t.children):
                return "skip"
    for t in chain:
        if t.lemma_.lower() in NEGATORS:
            return "negated"
        # "not" counts on the cue itself, and for a noun only on the light verb that carries it
        # ("did not provide aid"), never "not just": "not just passive supporters"
        if (t.i == tok.i or tok.pos_ == "VERB" or t.lemma_.lower() in LIGHT_VERBS) and any(
            c.dep_ == "neg" and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ in ("just", "only", "merely", "simply")) for c in t.children
        ):
            return "negated"
        if t.pos_ == "VERB" and t.i != tok.i and t.dep_ == "ROOT":
            break
    for t in chain:
        if any(c.dep_ == "aux" and c.lower_ in HEDGE_AUX for c in t.children):
            return "hedged"
        if t.lemma_.lower() in HEDGE_WORDS or any(c.lower_ in HEDGE_WORDS for c in t.children if c.dep_ in ("advmod", "acomp")):
            return "hedged"
    return "asserted"
