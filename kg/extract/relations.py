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

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from ._text import token_attrs
from .cameo import CameoDictionary, load_cameo, singular
from ..lexicon import KG, SKOS, ontology_dir, read_turtle
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
    codes: dict[str, str] = field(default_factory=dict)  # CAMEO code prefix → relation
    own_code: dict[str, str] = field(default_factory=dict)  # relation → its first CAMEO code
    not_cues: frozenset[str] = frozenset()
    cameo: CameoDictionary | None = None
    reverse_verbs: frozenset[str] = frozenset({"buy", "purchase", "receive", "import", "obtain", "acquire", "get"})

    @cached_property
    def cues(self) -> frozenset[str]:
        """Every lemma that can start a relation; other tokens are skipped."""
        event_verbs = {v for v in (self.cameo.defaults if self.cameo else ()) if " " not in v} - self.not_cues
        return frozenset({*self.verbs, *self.reverse_verbs, *self.nouns, *self.partners, *self.adjectives, "turn", *event_verbs,
                          *COMPANION_PREPS, *IMPOSING_VERBS})

    def relation_of(self, code: str | None) -> str | None:
        """The relation a CAMEO code signals: its longest listed prefix ("0511" → "051")."""
        for n in range(len(code or ""), 1, -1):
            if (rel := self.codes.get(code[:n])) is not None:
                return rel
        return None


@lru_cache(maxsize=2)
def load_relation_lexicon(path: str | None = None) -> RelationLexicon:
    props = read_turtle(Path(path) if path else ontology_dir() / "relations.ttl")
    verbs, nouns, partners, adjectives, symmetric = {}, {}, {}, {}, set()
    codes, own_code = {}, {}
    for concept in sorted(c for c, po in props.items() if KG + "property" in po):
        po = props[concept]
        name = po[KG + "property"][0].removeprefix(KG)
        if po.get(KG + "symmetric", ["false"])[0] in ("true", "1"):
            symmetric.add(name)
        for prop, table in (("verbCue", verbs), ("nounCue", nouns), ("partnerNoun", partners), ("adjectiveCue", adjectives)):
            for w in sorted(po.get(KG + prop, ())):
                table.setdefault(w, name)
        cameo_codes = [n.removeprefix("CAMEO:") for n in po.get(SKOS + "notation", ()) if n.startswith("CAMEO:")]
        for code in cameo_codes:
            codes[code] = name
        if cameo_codes:
            own_code[name] = min(cameo_codes, key=lambda c: (len(c), int(c)))
    not_cues = frozenset(w for po in props.values() for w in po.get(KG + "notCue", ()))
    return RelationLexicon(verbs, nouns, partners, adjectives, frozenset(symmetric), codes, own_code, not_cues, load_cameo())


def relations(sent: Span, actor_at: dict[int, tuple[int, int]], rlex: RelationLexicon, *, offset: int = 0,
              persons: frozenset[int] = frozenset(), states: frozenset[tuple[int, int]] = frozenset(),
              proxies: frozenset[tuple[int, int]] = frozenset(), keyed: frozenset[tuple[int, int]] | None = None,
              implicit_target: tuple[int, int] | None = None, groups: dict[int, list[tuple[int, int]]] | None = None) -> list[RawRelation]:
    """Relations in one sentence. ``actor_at`` maps a token index to its actor mention's span;
    ``persons`` holds the token indices of person mentions ("he" refers to the last one).
    ``implicit_target`` is whom a restrictive measure without a named target aims at (the
    last target named in the text: "banned exports of coal" after "sanctions against X")."""
    found: dict[tuple, RawRelation] = {}
    groups = groups or {}

    def emit(subj: Token, obj: Token | tuple[int, int], rel: str, cue: Token, pol: str, code: str | None = None, deep: bool = False):
        """``deep``: an object may stand for its owner ("rejected Russia's demand"); an object
        given as a span is an actor already. A subject that names a group ("they", "both
        sides") acts for each of its members."""
        if pol == "skip":
            return
        for s in groups.get(subj.i, ()) or (_actor(subj, actor_at, persons, owner=True),):
            add(s, obj, rel, cue, pol, code, deep)

    def add(s: tuple[int, int] | None, obj: Token | tuple[int, int], rel: str, cue: Token, pol: str, code: str | None, deep: bool):
        # "fighting Asia's longest war": whose war is fought names no enemy (a "backer of
        # Syria's war" still supports Syria)
        if isinstance(obj, tuple):
            o = obj
        else:
            deep = deep and not (cue.pos_ == "VERB" and obj.lemma_.lower() in CONFLICT_NOUNS)
            o = _actor(obj, actor_at, persons, owner=deep)
        if s is None or o is None or s == o:
            return
        if rel == "meets" and ((s in states) != (o in states) or (cue.pos_ != "NOUN" and (s in proxies or o in proxies))):
            return  # a person visiting a country is travel, not a meeting of two actors ("US-Ukrainian talks" are one)
        if keyed is not None and (code or "")[:3] in TERRITORIAL and o not in keyed:
            return  # what is seized or occupied ("seized a village") is a place unless kg knows the actor
        key = (s, o, rel)
        if key not in found:  # noqa: SIM102
            found[key] = RawRelation((s[0] + offset, s[1] + offset), (o[0] + offset, o[1] + offset), rel, pol,
                                     cue.lemma_.lower(), cue.idx + offset, cue.idx + len(cue.text) + offset,
                                     code or rlex.own_code.get(rel))

    def known(t: Token) -> bool:
        return _actor(t, actor_at, persons, owner=True) is not None

    doc, cues = sent.doc, rlex.cues
    lemmas = token_attrs(doc, "LEMMA")
    for i in range(sent.start, sent.end):
        lemma = lemmas[i].lower()
        if lemma not in cues:
            continue
        tok = doc[i]
        if tok.pos_ == "VERB":
            _verb(tok, lemma, rlex, emit, known, implicit_target)
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in rlex.nouns:
            _noun(tok, rlex.nouns[lemma], rlex, emit, known)
        if tok.pos_ in ("NOUN",) and lemma in rlex.partners:
            _partner(tok, rlex.partners[lemma], emit, known)
        if tok.pos_ == "VERB" and lemma == "turn":
            _turn(tok, emit)
        if tok.pos_ == "ADJ" and lemma in rlex.adjectives:
            _adjective(tok, rlex.adjectives[lemma], emit)
        if tok.pos_ == "ADP" and lemma in COMPANION_PREPS:
            _alongside(tok, rlex, emit)
    return list(found.values())


# -- discourse --------------------------------------------------------------------------
BODY_KINDS = frozenset({"state", "organization", "group"})
# documents that act for whoever issued them ("Resolution 99 banned ...")
INSTRUMENTS = frozenset({"resolution", "decree", "directive", "regulation", "declaration", "ordinance"})
ISSUING_VERBS = frozenset({"pass", "adopt", "issue", "approve", "enact", "sign", "publish", "release", "vote", "agree"})
_PLEONASTIC_HEADS = frozenset({"be", "seem", "appear", "remain", "become", "report", "say", "believe", "expect", "think",
                               "understand", "know", "take", "make", "mean", "matter", "happen"})


@dataclass
class Discourse:
    """What one sentence hands the next, for the relations of a document:

    - the body (state, organisation, group) that was last a subject, which "it" names
      ("Serbia ... . It has closed ...", "Peru said it would ban ...");
    - who issues the text's instruments, so "Resolution 99" or "the resolution" as a
      subject acts for the body that passed it ("The Security Council passed resolutions");
    - the last named target of a restrictive measure, which a measure without one aims at
      ("sanctions against X ... banned exports of coal").

    ``before`` binds the sentence's pronouns and instruments in ``actor_at`` (``after``
    unbinds them) and returns the implicit target for ``relations``.
    """

    bodies: frozenset[tuple[int, int]]
    last_body: tuple[int, int] | None = None
    age: int = 0
    issuer: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    group: list[tuple[int, int]] = field(default_factory=list)  # the last subject that named several actors
    group_age: int = 0
    groups: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # "they" (token) → the actors it names
    _bound: list[tuple[int, tuple[int, int] | None]] = field(default_factory=list)

    def before(self, sent: Span, actor_at: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
        for t in sent:
            lemma = t.lemma_.lower()
            if lemma in INSTRUMENTS and (issuer := self._issuer(t, actor_at)) is not None:
                self.issuer = issuer
            if lemma in MEASURE_NOUNS:
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in ("against", "on", "upon"):
                        named = [actor_at[p.i] for p in _expand(_pobjs(c)) if p.i in actor_at and actor_at[p.i] in self.bodies]
                        if named:
                            self.target = named[0]
        subjects: list[tuple[int, tuple[int, int]]] = []  # (token, body) of the sentence's subjects so far
        self.group_age += 1
        for t in sent:
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if t.i in actor_at and len(members := list(dict.fromkeys(actor_at[c.i] for c in _expand([t], examples=False) if c.i in actor_at))) > 1:
                self.group, self.group_age = members, 0  # "X and Y met …"
            elif t.i not in actor_at and self.group and self.group_age <= 1 and _names_a_group(t):
                self.groups[t.i] = self.group  # "… Afterwards they criticized …", "both sides"
                self._bind(t.i, self.group[0], actor_at)
            if t.lemma_.lower() in INSTRUMENTS and self.issuer is not None and not self._owned(t, actor_at):
                self._bind(t.i, self.issuer, actor_at)
            elif t.lower_ == "it" and t.i not in actor_at and not self._pleonastic(t):
                antecedent = self._antecedent(sent, t, actor_at)
                if antecedent is not None:
                    self._bind(t.i, antecedent, actor_at)
            if t.i in actor_at and (actor_at[t.i] in self.bodies or actor_at[t.i] == self.issuer):
                subjects.append((t.i, actor_at[t.i]))
        if subjects:
            self.last_body, self.age = subjects[0][1], 0
        else:
            self.age += 1
        return self.target

    def after(self, actor_at: dict[int, tuple[int, int]], found: list[RawRelation], offset: int) -> None:
        for i, was in reversed(self._bound):
            if was is None:
                actor_at.pop(i, None)
            else:
                actor_at[i] = was
        self._bound = []
        self.groups = {}
        for r in found:
            if r.relation == "opposes" and (r.code or "")[:2] == "16":
                o = (r.object[0] - offset, r.object[1] - offset)
                if o in self.bodies:
                    self.target = o

    def _antecedent(self, sent: Span, it: Token, actor_at: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
        """What "it" names: the nearest earlier thing in the sentence that could be "it" (a
        body named in the singular, or a place, which is no party to a relation); else the
        body that was last a subject, up to two sentences back."""
        seen, named = set(), False
        for t in reversed(sent.doc[sent.start : it.i]):
            span = actor_at.get(t.i)
            if span not in self.bodies and t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "LOC", "FAC", "ORG"):
                return None  # "the town of Narva ... after it was shelled": a place, or a name kg does not know as a body
            if span not in self.bodies or span in seen:
                continue
            seen.add(span)  # decided on its last word, the head of the name
            role = t.head.dep_ if t.dep_ == "conj" else t.dep_
            if t.tag_ not in ("NNS", "NNPS") and role in ("nsubj", "nsubjpass", "poss", "appos"):
                return span  # a subject or an owner ("Russia's missile, which it ..."), not an object
            named = True
        # a sentence that names bodies before "it", none of which fits, may mean something else
        return self.last_body if self.age <= 2 and not named else None

    def _bind(self, i: int, span: tuple[int, int], actor_at: dict[int, tuple[int, int]]) -> None:
        self._bound.append((i, actor_at.get(i)))
        actor_at[i] = span

    def _owned(self, t: Token, actor_at: dict[int, tuple[int, int]]) -> bool:
        """An instrument that names its issuer itself ("an EU regulation")."""
        return any(c.i in actor_at for c in t.children if c.dep_ in ("compound", "poss", "amod"))

    def _issuer(self, t: Token, actor_at: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
        """Who issued an instrument: "X passed a number of resolutions", "a resolution passed by X"."""
        for c in t.children:
            if c.dep_ in ("compound", "poss") and actor_at.get(c.i) in self.bodies:
                return actor_at[c.i]
        x = t
        if x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.lemma_.lower() in QUANTITY_NOUNS:
            x = x.head.head  # "a number of resolutions"
        verbs = [x.head] if x.dep_ in ("dobj", "nsubjpass") else []
        verbs += [c for c in x.children if c.dep_ == "acl"]  # "a resolution passed by X"
        for v in verbs:
            if v.lemma_.lower() not in ISSUING_VERBS:
                continue
            doers = [p for c in v.children if c.dep_ == "agent" for p in _pobjs(c)]
            if x.dep_ == "dobj" and v == x.head:
                doers += _subjects(v)
            for d in _expand(doers):
                if actor_at.get(d.i) in self.bodies:
                    return actor_at[d.i]
        return None

    @staticmethod
    def _pleonastic(t: Token) -> bool:
        """"it was reported that", "it is likely", "it seems": no one is meant."""
        head = t.head
        return head.lemma_.lower() in _PLEONASTIC_HEADS or (t.dep_ == "nsubjpass" and any(c.dep_ in ("ccomp", "acomp") for c in head.children))


_GROUP_NOUNS = frozenset({"leader", "president", "country", "state", "side", "government", "nation", "party", "ally",
                          "minister", "partner", "power", "neighbour", "neighbor", "capital"})


def _names_a_group(t: Token) -> bool:
    """"they", or a plural that counts the actors just named: "both sides", "the three countries"."""
    if t.lower_ == "they":
        return True
    return t.tag_ == "NNS" and t.lemma_.lower() in _GROUP_NOUNS and any(
        c.lower_ in ("two", "both", "three") for c in t.children if c.dep_ in ("nummod", "det", "predet"))


# -- verbs ------------------------------------------------------------------------------
def _verb(v: Token, lemma: str, rlex: RelationLexicon, emit, known, implicit: tuple[int, int] | None = None) -> None:
    pol = polarity(v)
    subjects = _expand(_subjects(v))
    reduced = v.dep_ == "acl" and v.tag_ == "VBN" and any(c.dep_ == "agent" for c in v.children)  # "X, flanked by Y,"
    passive = reduced or any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    if lemma in rlex.reverse_verbs:
        # "Putin is purchasing shells from North Korea": North Korea supports Putin
        sources = _expand([p for c in v.children if c.dep_ == "prep" and c.lower_ == "from" for p in _pobjs(c)])
        # "purchasing from North Korea millions of shells" (parsed as a compound of "millions")
        sources += [c for p in sources if p.pos_ == "NOUN" for c in p.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        for src in sources:
            for s in subjects:
                emit(src, s, "supports", v, pol)
        return
    rel, code, by_pattern = _event(v, lemma, rlex)
    if rel is None and rlex.cameo is not None and (rlex.cameo.defaults.get(lemma) or "")[:2] == "10":
        # CAMEO 10 demand: "demanded that X cease testing" opposes X; other demands state no relation
        for c in v.children:
            if c.dep_ == "ccomp" and c.lemma_.lower() in CESSATION_VERBS:
                for s in _expand(_subjects(v)):
                    for o in _expand([g for g in c.children if g.dep_ == "nsubj"]):
                        emit(s, o, "opposes", v, polarity(v), rlex.cameo.defaults[lemma])
    measure = _measure_object(v)
    if rel is None and measure is not None and lemma in IMPOSING_VERBS:
        rel, code = "opposes", "163"  # "tightened sanctions", "broadened the arms embargo"
    # the object's own preposition names the target ("imposed sanctions on X", "sent arms
    # to X") when the pattern read the object, or the object is no relation noun itself
    # (in "resist sanctions against X" the sanctions, not the resisting, are against X)
    through = by_pattern or not any(c.dep_ == "dobj" and c.lemma_.lower() in rlex.nouns for c in v.children)
    purpose = _purpose(v)
    if purpose is not None:
        p_rel, p_code, _ = _event(purpose, purpose.lemma_.lower(), rlex)
        if p_rel == "opposes":
            # "sent migrants to Poland in an effort to destabilise Europe": a hostile aim
            # makes the act hostile to its targets and to the aim's
            targets = _expand(_objects(v, through) + _objects(purpose), examples=False)
            for s in subjects:
                for o in targets:
                    emit(s, o, "opposes", v, pol, p_code)
            return
    if rel is None:
        return
    objects = [o for o in _expand(_objects(v, through), examples=False) if o.pos_ in ("PROPN", "NOUN", "PRON") and (o.ent_type_ or o.pos_ != "NOUN" or o.lower_ in _PERSON_PRONOUNS or any(c.dep_ in ("compound", "amod", "poss") for c in o.children))]
    # a measure that needs no named target; a verb of speech that CAMEO reads as one when it
    # has sanctions for object ("called the sanctions pointless") is talk about them
    spoken = rlex.cameo is not None and (rlex.cameo.defaults.get(lemma) or "")[:2] == "01"
    restrictive = rel == "opposes" and ((measure is not None and lemma in IMPOSING_VERBS) or lemma in COUNTER_VERBS
                                        or ((code or "")[:2] == "16" and not spoken))
    if passive:
        agents = _expand([p for c in v.children if c.dep_ == "agent" for p in _pobjs(c)])
        patients = [c for c in v.children if c.dep_ == "nsubjpass"] or ([v.head] if reduced else [])
        if not patients and v.dep_ == "conj":
            patients = _subjects(v)  # "Chad disarmed and was invaded by Sudan"
        patients = _expand(patients)
        if restrictive and implicit is not None and not any(known(p) for p in patients):
            patients.append(implicit)  # "new sanctions were ordered by the ministry"
        for a in agents:
            for p in patients:
                emit(a, p, rel, v, pol, code)
        # "he was turned away": the patient is the object of an unnamed subject
        return
    deep = by_pattern or lemma in rlex.verbs
    if rel == "opposes" and (lemma in COUNTER_VERBS or (code or "")[:2] in ("16", "17")):
        # a restrictive measure targets whoever's goods, money or people it names: "banned
        # imports of textiles from X", "froze the assets of X's banks", "capped X's exports"
        for c in v.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
                objects += _measure_targets(c)
    if restrictive and implicit is not None and not any(known(o) for o in objects):
        objects.append(implicit)  # "banned exports of coal": of the state the sanctions are on
    for s in subjects:
        for o in objects:
            emit(s, o, rel, v, pol, code, deep)
    if rel in rlex.symmetric and not [o for o in objects if o.ent_type_] and len(subjects) > 1:
        for i, a in enumerate(subjects):
            for b in subjects[i + 1 :]:
                emit(a, b, rel, v, pol, code)
    if rel == "dependsOn":
        # "Russia relies on support from China": the dependency is on China
        for o in _objects(v):
            for c in o.children:
                if c.dep_ == "prep" and c.lower_ == "from":
                    for src in _expand(_pobjs(c)):
                        for s in subjects:
                            emit(s, src, rel, v, pol, code)


# restrictive measures, and the verbs that impose or harden one ("tightened sanctions")
MEASURE_NOUNS = frozenset({"sanction", "embargo", "restriction", "blockade", "tariff", "ban", "curb", "penalty"})
IMPOSING_VERBS = frozenset({"impose", "tighten", "strengthen", "broaden", "extend", "expand", "widen", "toughen", "increase",
                            "renew", "enforce", "order", "introduce", "adopt", "approve", "announce", "add", "level", "slap",
                            "reimpose", "intensify", "escalate", "step", "maintain", "keep", "apply"})


def _measure_object(v: Token) -> Token | None:
    """The restrictive measure a verb acts on, as its object (or passive subject)."""
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass") and singular(_content(c).lemma_) in MEASURE_NOUNS:
            return c
    return None


def _event(v: Token, lemma: str, rlex: RelationLexicon) -> tuple[str | None, str | None, bool]:
    """The relation a verb signals and its CAMEO code. An object pattern of the CAMEO
    dictionary decides first ("impose sanctions" → 163, opposes; "send a delegation" → 042,
    meets); then kg's own cue verbs; then the verb's CAMEO default, unless the verb is too
    broad (``kg:notCue``) or names its object as something ("called him a traitor")."""
    cameo = rlex.cameo
    particles = {c.lower_ for c in v.children if c.dep_ == "prt"}
    preps: dict[str, set[str]] = {}

    def add_preps(tok: Token) -> None:
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP":
                preps.setdefault(c.lower_, set()).update(w for p in _pobjs(c) for w in _phrase_words(p))

    add_preps(v)
    words: set[str] = set()
    for o in v.children:
        if o.dep_ in ("dobj", "nsubjpass"):
            o = _content(o)
            words.update(_phrase_words(o))
            add_preps(o)
    codes, by_pattern = [None], False
    if lemma in rlex.not_cues and lemma not in rlex.verbs:
        return None, None, False
    if cameo is not None:
        nouns = sorted(c.lower_ for c in v.children if c.dep_ == "dobj")  # "wage war"
        for verb in (*(f"{lemma} {p}" for p in sorted(particles)), *(f"{lemma} {n}" for n in nouns), lemma):
            if verb in cameo:
                codes, by_pattern = cameo.match(verb, words, preps, particles)
                break
    own = rlex.verbs.get(lemma)
    if by_pattern:
        # patterns that tie: the one that agrees with kg's own cue, else the first
        code = next((c for c in codes if own and rlex.relation_of(c) == own), codes[0])
        rel = rlex.relation_of(code)
        if own and {rel, own} <= {"supports", "cooperatesWith"}:
            rel = own  # "sell weapons" is military cooperation to CAMEO (062), support to kg
        return rel, code, True
    code = codes[0]
    if own:
        return own, code if rlex.relation_of(code) == own else None, False
    if any(c.dep_ in ("oprd", "ccomp") for c in v.children) or (code or "")[:2] in VERBAL_CODES:
        return None, None, False
    return rlex.relation_of(code), code, False


# CAMEO demand (10) and disapprove (11): on a verb's own default these are attitudes more
# than acts ("distrusts", "doubts"); kg's cue verbs (criticise, condemn, accuse) and object
# patterns still signal them
VERBAL_CODES = frozenset({"10", "11"})

# CAMEO seize or possess (171) and occupy territory (192): their objects are usually places
TERRITORIAL = frozenset({"171", "192"})

# nouns that only count or measure what follows "of": "a series of sanctions", "20 percent of Ukraine"
QUANTITY_NOUNS = frozenset({"series", "number", "set", "range", "package", "round", "wave", "raft", "host", "slew",
                            "batch", "variety", "string", "spate", "barrage", "flurry", "percent", "part", "share",
                            "fraction", "portion", "half", "third", "quarter", "rest", "most", "much", "bulk", "majority",
                            "all", "some", "many", "parts", "swathe", "swath", "chunk", "piece", "amount", "volume"})


def _content(tok: Token) -> Token:
    """Through counting words: "a series of sanctions" → sanctions, "four-fifths of Ukraine" → Ukraine."""
    for _ in range(2):
        if not (tok.lemma_.lower() in QUANTITY_NOUNS or tok.pos_ == "NUM" or tok.ent_type_ in ("PERCENT", "CARDINAL", "QUANTITY")
                or "-" in tok.text and tok.text.split("-")[-1].rstrip("s") in ("fifth", "third", "quarter", "half", "tenth")):
            break
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)]
        if not of:
            break
        tok = of[0]
    return tok


def _measure_targets(obj: Token) -> list[Token]:
    """Whose goods, money or people a measure names: the object's modifiers and owners, and
    what "of / from / to / with / on / against" introduce, three steps deep at most
    ("banned exports of copper to X", "imports of textiles from X", "X's coal exports")."""
    out, frontier = [], [obj]
    for _ in range(3):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("compound", "amod", "poss", "nmod", "conj", "appos") and c.pos_ in ("PROPN", "NOUN", "ADJ"):
                    out.append(c)
                    nxt.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("of", "from", "to", "with", "on", "against", "by"):
                    if _destination(c, t):
                        continue
                    for p in _pobjs(c):
                        out.append(p)
                        nxt.append(p)
        frontier = nxt
    return out


_MOVEMENT_NOUNS = frozenset({"entry", "access", "travel", "admission", "visit", "flight", "passage", "transit", "return"})


def _destination(prep: Token, noun: Token) -> bool:
    """"to X" after entry or travel names where, not whom a measure is against ("barred the
    entry of X's citizens to Canada")."""
    return prep.lower_ == "to" and noun.lemma_.lower() in _MOVEMENT_NOUNS
_AIM_NOUNS = frozenset({"effort", "attempt", "bid", "order", "push", "drive", "campaign", "plan"})


def _purpose(v: Token) -> Token | None:
    """The verb of a purpose clause: "… to destabilise", "in order to", "in an effort to"."""
    for c in v.children:
        if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ == "in":
            for n in _pobjs(c):
                if n.lemma_.lower() in _AIM_NOUNS:
                    for a in n.children:
                        if a.dep_ in ("acl", "relcl", "xcomp") and a.pos_ == "VERB":
                            return a
    return None


def _phrase_words(tok: Token) -> set[str]:
    """The noun and its compounds and modifiers, singular: "new sanctions" → {sanction, new}."""
    out = {singular(tok.lemma_), singular(tok.lower_)}
    out.update(singular(c.lemma_) for c in tok.children if c.dep_ in ("compound", "amod", "nmod"))
    return out


def _subjects(v: Token, depth: int = 0) -> list[Token]:
    if depth > 3:
        return []
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj"):
            if c.lower_ in _REL_PRONOUNS and v.dep_ == "relcl":
                return [v.head]
            return [_through(c)]
    for c in v.lefts:
        # "Resolution 99, adopted in 1999, required ...": the parser hangs the subject on the
        # participle set off before the verb
        if c.dep_ == "advcl" and c.tag_ in ("VBN", "VBG") and (subj := [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.i < c.i]):
            return [_through(subj[0])]
    h = v.head
    if h.i == v.i:
        return []
    if v.dep_ == "advcl" and v.tag_ not in ("VBG", "VBN"):
        return []  # a finite adverbial clause has its own subject, even when the parser missed it
    if v.dep_ == "xcomp" and h.lemma_.lower() in OBJECT_CONTROL and (controller := [c for c in h.children if c.dep_ == "dobj"]):
        return controller  # "allowed the United States to cut ...", "urged Madrid to act ..."
    if v.dep_ == "pcomp" and h.pos_ == "ADP" and h.head.lemma_.lower() in RESOLVE_NOUNS and h.head.head.pos_ in ("VERB", "AUX"):
        return _subjects(h.head.head, depth + 1)  # "X stressed the importance of maintaining sanctions"
    if v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp") and h.pos_ in ("VERB", "AUX", "NOUN", "ADP", "ADJ"):
        if h.pos_ in ("ADP", "ADJ"):  # "by choosing", "is unlikely to soften": up to the clause's verb
            h = h.head
        return _subjects(h, depth + 1) if h.i != v.i else []
    if v.dep_ == "relcl":
        return [v.head]
    if v.dep_ == "acl" and h.lemma_.lower() in RESOLVE_NOUNS and h.head.pos_ in ("VERB", "AUX") and h.dep_ in ("dobj", "pobj", "attr"):
        return _subjects(h.head, depth + 1)  # "X stressed the need to keep sanctions on Y": X keeps them
    if v.dep_ == "acl" and h.pos_ in ("NOUN", "PROPN"):
        return [h]
    return []


# what a demand asks another to stop ("demanded that X cease ...")
CESSATION_VERBS = frozenset({"cease", "stop", "halt", "end", "withdraw", "abandon", "release", "dismantle", "refrain", "desist",
                             "suspend", "leave", "pull", "disarm", "free", "lift", "terminate"})

CONFLICT_NOUNS = frozenset({"war", "conflict", "battle", "fight", "fighting", "struggle", "crisis", "hostility", "warfare"})

# nouns of resolve or intent whose infinitive's doer is the clause's subject ("stressed the need to keep")
RESOLVE_NOUNS = frozenset({"need", "importance", "necessity", "commitment", "determination", "decision", "intention", "resolve",
                           "readiness", "willingness", "pledge", "promise", "plan", "goal", "aim", "intent", "vow"})


# verbs whose object does what their infinitive says ("allowed X to cut", "urged X to act")
OBJECT_CONTROL = frozenset({"allow", "authorize", "authorise", "permit", "enable", "force", "compel", "oblige", "order", "urge",
                            "ask", "request", "encourage", "persuade", "invite", "tell", "require", "help", "press", "push",
                            "call", "pressure", "lead", "cause", "prompt", "instruct", "direct", "empower", "mandate"})
# of which these only ask: what is urged on someone has not happened ("urged Madrid to act")
DIRECTIVE_VERBS = frozenset({"urge", "ask", "request", "encourage", "persuade", "invite", "tell", "press", "push", "call",
                             "pressure", "implore", "beg", "appeal"})


def _through(tok: Token) -> Token:
    """"Russia's economy relies on China": the economy stands for its owner."""
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ == "poss":
                return c
    return tok


# what someone does with a thing that makes them its recipient ("drones that X deploys")
USER_VERBS = frozenset({"use", "operate", "deploy", "field", "employ", "fly", "fire", "launch", "receive", "need"})
_TARGET_PREPS = ("to", "with", "on", "against", "upon", "toward", "towards", "into")


def _objects(v: Token, through: bool = True) -> list[Token]:
    out = []
    for c in v.children:
        if c.dep_ in ("dative", "iobj") and c.pos_ == "ADP":
            out.extend(_pobjs(c))  # "selling weapons to Russia", parsed as a dative "to"
        elif c.dep_ in ("dobj", "dative", "iobj"):
            c = _content(c)
            out.append(c)
            if through and c.pos_ in ("NOUN", "PROPN"):
                # "imposed sanctions on North Korea", "signed an accord with Japan": the
                # target hangs on the object; "seized part of Ukraine's territory"
                for p in c.children:
                    if _destination(p, c):
                        continue
                    if p.dep_ == "prep" and (p.lower_ in _TARGET_PREPS or (p.lower_ == "of" and c.ent_type_ in ("", "PERCENT", "QUANTITY", "CARDINAL"))):
                        out.extend(_pobjs(p))
                # "sells engines that Y uses": who uses what is supplied receives it
                out.extend(s for x in _expand([c], examples=False) for r in x.children
                           if r.dep_ == "relcl" and r.lemma_.lower() in USER_VERBS for s in r.children if s.dep_ == "nsubj")
        elif c.dep_ == "prep" and c.lower_ in ("to", "with", "on", "against", "for", "from", "upon", "away"):
            if any(d.dep_ == "dobj" and _destination(c, d) for d in v.children):
                continue
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
            # a parenthesis says what a name belongs to, not who else acts: "the 5th Brigade (2nd
            # Army [CAA])" is the brigade alone
            stack.extend(c for c in x.children if c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN") and not _bracketed(c))
            # "Countries in Central Asia, such as Uzbekistan and Kazakhstan"
            for c in x.children if examples else ():
                if c.dep_ == "prep" and (c.lower_ == "like" or (c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))):
                    stack.extend(_pobjs(c))
    return out


def _bracketed(tok: Token) -> bool:
    """Whether ``tok`` sits inside parentheses or brackets opened after its head."""
    doc = tok.doc
    depth = 0
    for t in doc[min(tok.head.i, tok.i) + 1 : tok.i]:
        depth += t.text in ("(", "[")
        depth -= t.text in (")", "]")
    return depth > 0 or (tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text in ("(", "["))


# -- nouns ------------------------------------------------------------------------------
# nouns of events named after a verb of another form: their CAMEO code is the verb's
DEVERBAL = {"invasion": "invade", "occupation": "occupy", "bombing": "bomb", "shelling": "shell", "bombardment": "bombard",
            "offensive": "attack", "incursion": "invade", "aggression": "attack", "war": "fight", "assault": "assault",
            "sanction": "sanction", "embargo": "embargo", "blockade": "blockade", "criticism": "criticize",
            "condemnation": "condemn", "assistance": "assist", "supply": "supply", "delivery": "deliver",
            "negotiation": "negotiate", "meeting": "meet", "visit": "visit", "talk": "talk", "cooperation": "cooperate",
            "coordination": "coordinate", "agreement": "agree", "trade": "trade", "restriction": "restrict", "ban": "ban"}


def _noun_code(n: Token, rel: str, rlex: RelationLexicon) -> str | None:
    """The CAMEO code of an event noun: its verb's default, when that means the same relation."""
    if rlex.cameo is None:
        return None
    lemma = n.lemma_.lower()
    code = rlex.cameo.defaults.get(DEVERBAL.get(lemma, lemma))
    return code if rlex.relation_of(code) == rel else None


# "relations" are neutral ("relations suffered"): they are cooperation only when the text says
# they are kept up, good or growing
NEUTRAL_NOUNS = frozenset({"relation"})
_UPHOLDING = frozenset({"maintain", "have", "build", "establish", "develop", "strengthen", "deepen", "expand", "improve",
                        "restore", "normalize", "normalise", "enjoy", "forge", "boost", "intensify", "grow", "warm",
                        "flourish", "cement", "upgrade", "resume", "broaden"})
_WARM = frozenset({"close", "good", "strong", "warm", "friendly", "strategic", "economic", "trade", "military", "deep",
                   "solid", "cordial", "excellent", "growing", "special", "diplomatic", "bilateral", "stable"})


def _kept_up(n: Token) -> bool:
    """"keeps close relations with X", "relations have grown", "relations are good":
    relations said to be kept up, good or growing."""
    if any(c.dep_ == "amod" and c.lemma_.lower() in _WARM for c in n.children):
        return True
    head = n.head
    if n.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in _UPHOLDING:
        return True
    if n.dep_ == "nsubj":
        return head.lemma_.lower() in _UPHOLDING or (head.lemma_ == "be" and any(
            c.dep_ in ("acomp", "attr") and not any(g.dep_ == "neg" for g in head.children) for c in head.children))
    return False


def _noun(n: Token, rel: str, rlex: RelationLexicon, emit, known) -> None:
    pol = polarity(n)
    code = _noun_code(n, rel, rlex)
    if rel in rlex.symmetric and _countered(n, rlex):
        return  # "banned trade with X", "trade ... was restricted": the verb opposes, if anything
    if n.lemma_.lower() in NEUTRAL_NOUNS and not _kept_up(n):
        return
    sources, targets = [], []
    for c in n.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            sources.append(c)
        elif c.dep_ == "prep":
            if c.lower_ in ("from", "by"):
                sources.extend(_pobjs(c))
            elif c.lower_ in ("to", "for", "with", "on", "of", "against", "toward", "towards") and not (rel == "opposes" and c.lower_ == "for"):
                targets.extend(_pobjs(c))
            elif c.lower_ == "between":
                pair = _expand(_pobjs(c))
                if len(pair) >= 2:
                    emit(pair[0], pair[1], rel, n, pol, code)
    targets = [_content(t) for t in targets]
    for c in n.children:
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            # "a campaign to damage Russian supply chains", "efforts to undermine X"
            if rel == "opposes" or _event(c, c.lemma_.lower(), rlex)[0] == "opposes":
                targets.extend(_objects(c))
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
                    emit(a, b, rel, n, pol, code)
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
        if gov is not None and gov.pos_ == "VERB" and gov.lemma_.lower() in RECEIVING_VERBS and rel != "opposes":
            targets = [t for t in _expand(_subjects(gov)) if known(t)]
        if n.dep_ == "attr" or (n.dep_ == "nsubj" and rel in rlex.symmetric):
            targets = targets or [c for c in n.head.children if c.dep_ == "nsubj" and c.i != n.i and known(c)]
    if not sources and n.dep_ == "dobj":
        gov = n.head
        if gov.pos_ == "VERB" and gov.lemma_.lower() not in rlex.verbs:
            sources = [t for t in _expand(_subjects(gov)) if known(t)]
            # "had a phone conversation with X": the other side hangs on the verb
            targets = targets or [t for t in _expand([p for c in gov.children if c.dep_ == "prep" and c.lower_ in ("with", "to") for p in _pobjs(c)]) if known(t)]
    if rel == "meets" and not sources and n.dep_ == "pobj" and n.head.lower_ in ("during", "at", "on", "after", "before"):
        # "X and Y continued to ... during a meeting of ...": the clause's subjects met
        gov = n.head.head
        sides = [t for t in _expand(_subjects(gov)) if known(t)] if gov.pos_ in ("VERB", "AUX") else []
        for i, a in enumerate(sides):
            for b in sides[i + 1 :]:
                emit(a, b, rel, n, pol, code)
    if rel in rlex.symmetric and not targets and len(sources) > 1:
        emit(sources[0], sources[1], rel, n, pol, code)  # "Russian-Iranian relations"
        return
    for s in sources:
        for t in targets:
            emit(s, t, rel, n, pol, code)


# verbs whose subject is on the receiving end of the noun they govern ("the support Russia
# has been receiving from Iran", "Russia has emphasized China's assistance")
RECEIVING_VERBS = frozenset({"receive", "get", "obtain", "seek", "need", "want", "welcome", "accept", "request", "enjoy",
                             "secure", "win", "gain", "emphasize", "emphasise", "praise", "thank", "value", "use",
                             "lose", "lack", "ask", "expect", "hope"})
COUNTER_VERBS = frozenset({"ban", "restrict", "prohibit", "bar", "block", "limit", "cap", "suspend", "halt", "cut", "end",
                           "freeze", "sever", "break", "stop", "curb", "embargo", "outlaw", "forbid", "sanction", "cancel"})


def _countered(n: Token, rlex: RelationLexicon) -> bool:
    """A cooperative noun that a counter-verb (ban, restrict, suspend, halt, cut off) governs:
    "banned trade with X"."""
    gov = n.head
    if n.dep_ == "pobj" and gov.pos_ == "ADP":
        gov = gov.head
    if n.dep_ not in ("dobj", "nsubjpass", "pobj") or gov.pos_ != "VERB":
        return False
    lemma = gov.lemma_.lower()
    return lemma in COUNTER_VERBS


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
    first = n
    while first.dep_ == "conj" and first.head.pos_ == "NOUN":
        first = first.head  # "Ukraine's biggest donor and supporter"
    owners = []
    for x in dict.fromkeys((n, first)):
        owners = owners or _expand([c for c in x.children if c.dep_ == "poss"] + [p for c in x.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)])
    n = first
    head = n.head
    pol = polarity(n)
    if n.dep_ in ("attr", "appos"):
        subj = [c for c in head.children if c.dep_ == "nsubj"] if n.dep_ == "attr" else [head]
        for s in _expand(subj):
            for o in owners:
                emit(s, o, rel, n, pol, deep=True)  # "a backer of Syria's army": of Syria
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


# being seen together: "speaking alongside X", "stood beside X" (a meeting, CAMEO 04)
COMPANION_PREPS = frozenset({"alongside", "beside"})
COPRESENCE_VERBS = frozenset({"speak", "stand", "appear", "sit", "walk", "pose", "address", "attend", "arrive", "tour"})


def _alongside(p: Token, rlex: RelationLexicon, emit) -> None:
    v = p.head
    if v.pos_ != "VERB" or v.lemma_.lower() not in COPRESENCE_VERBS:
        return  # "fought alongside X" is more than being there
    pol = polarity(v)
    for s in _expand(_subjects(v)):
        for o in _expand(_pobjs(p)):
            o = next((c for c in o.children if c.dep_ == "dobj"), o) if o.pos_ == "VERB" else o  # "alongside visiting ministers"
            for x in _expand([o]):
                emit(s, x, "meets", p, pol, rlex.own_code.get("meets"))


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
        # "Putin visited China, where he met ...": the last person named shortly before, but
        # never the subject of the pronoun's own clause ("X stood beside him": him is not X)
        local: set[int] = set()
        if tok.lower_ in ("him", "her"):
            v = tok.head
            while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
                v = v.head
            local = {t.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        before = [i for i in persons if i < tok.i and tok.i - i < 80 and i not in local]
        return actor_at.get(max(before)) if before else None
    if owner and tok.pos_ == "NOUN":  # "Russia's economy relies on China"
        for c in tok.children:
            if c.dep_ in ("poss",) and c.i in actor_at:
                return actor_at[c.i]
    return None


_ASKING = frozenset({"question", "ask", "wonder", "unclear", "uncertain", "doubt", "debate"})


def _open_question(v: Token) -> bool:
    """A clause that asks rather than states: "whether X supports Y", or "how …" under a
    question ("the question of how far X is willing to …", "asked how X would …")."""
    first = v.left_edge.lower_
    if v.dep_ not in ("ccomp", "pcomp", "advcl", "xcomp", "csubj") or first not in ("whether", "how", "why"):
        return False
    if first == "whether":
        return True
    gov = v.head.head if v.head.pos_ == "ADP" else v.head
    return gov.lemma_.lower() in _ASKING


EXPECTING = frozenset({"calculate", "believe", "think", "hope", "expect", "assume", "reckon", "bet", "count", "figure", "gamble"})


def _own_expectation(v: Token) -> bool:
    """"X believes it can force …", "Y hopes it will win over …": what the believer
    expects to be able to do itself (a modal, a pronoun subject) is no event."""
    if v.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ == "that" for c in v.children):
        first = v  # "believes that … and that it can …": a second clause of the same belief
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        believer = first if first.lemma_.lower() in EXPECTING else first.head if first.dep_ == "ccomp" else None
    else:
        believer = v.head if v.dep_ == "ccomp" else None
    if believer is None or believer.lemma_.lower() not in EXPECTING:
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in ("can", "could", "will", "would", "may", "might", "'ll", "’ll") for c in v.children)
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return modal and subj is not None and subj.pos_ == "PRON"


def polarity(tok: Token) -> str:
    """negated, hedged or asserted, from the cue word and the words that govern it; "skip"
    for recommendations ("the West should sanction ...") and conditions ("if Beijing helps")."""
    chain = [tok]
    siblings = set()  # reached through coordination: "cut ... or freeze assets" is not a negated freeze
    x = tok
    for _ in range(4):
        if x.head.i == x.i:
            break
        if x.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "VERB":
            break  # "China's past support ... may provide insight": the support is not hedged
        if x.dep_ == "conj":
            siblings.add(x.head.i)
        x = x.head
        chain.append(x)
    for t in chain:
        if t.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in PRESCRIPTIVE for c in t.children):
                return "skip"
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in DIRECTIVE_VERBS and any(c.dep_ == "dobj" for c in t.head.children):
                return "skip"  # "urged Madrid to act ...": asked for, not done
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in t.children):
                return "skip"
            if any(c.dep_ == "mark" and c.lower_ == "for" for c in t.children) and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                return "skip"  # "needs … for X to end its funding of Y": wanted, not done
            if _open_question(t):
                return "skip"  # "the question of how far X is willing to back Y"
            if _own_expectation(t):
                return "skip"  # "X believes that it can force concessions from Y": X's hope, no event
    for t in chain:
        if t.i != tok.i and t.i not in siblings and t.lemma_.lower() in NEGATORS:
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
