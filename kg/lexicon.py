"""The data kg's rules read from ``ontology/``: the alias table and the word lists.

Both are user-extendable files; ``ontology_dir()`` finds them (``KG_ONTOLOGY`` overrides).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


from .datadir import ontology_dir  # noqa: F401 - where the data files are, re-exported
from .errors import Errors, KgError

KG = "https://w3id.org/kg#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ACTOR_BASE = "https://w3id.org/kg/id/actor/"


# lower-case words inside personal names ("Hanna van der Berg", "Maria da Costa")
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el", "ter", "zu"})


@dataclass(frozen=True)
class TableActor:
    key: str  # e.g. "state-RU", "org-nato"
    label: str
    type: str  # state | organization | group
    names: tuple[str, ...]  # prefLabel + altLabels
    capitals: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    demonym_plurals: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    source_type: str | None = None
    affiliation: str | None = None


@dataclass
class AliasTable:
    actors: dict[str, TableActor] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)  # exact surface form → key
    by_demonym: dict[str, str] = field(default_factory=dict)
    by_demonym_plural: dict[str, str] = field(default_factory=dict)  # "Ukrainians" → the state
    by_domain: dict[str, str] = field(default_factory=dict)

    def lookup(self, text: str) -> str | None:
        """Key of the actor a surface form names, trying without a leading "the"."""
        text = text.strip().replace("\u2019", "'")  # "People’s Republic" is "People's Republic"
        if text in self.by_name:
            return self.by_name[text]
        for art in ("the ", "The "):
            if text.startswith(art) and text[4:] in self.by_name:
                return self.by_name[text[4:]]
        return None

    def patterns(self) -> list[dict]:
        """SpanRuler phrase patterns, one per name or capital, labelled by actor type."""
        out = []
        for a in self.actors.values():
            for name in (*a.names, *a.capitals):
                out.append({"label": a.type.upper(), "pattern": name, "id": a.key})
                if "'" in name:  # the typographic apostrophe most published text uses
                    out.append({"label": a.type.upper(), "pattern": name.replace("'", "\u2019"), "id": a.key})
        return out


def read_turtle(path: Path) -> dict[str, dict[str, list[str]]]:
    """A Turtle data file as subject IRI → predicate IRI → object values (pyoxigraph parses it)."""
    import pyoxigraph as ox

    props: dict[str, dict[str, list[str]]] = {}
    try:
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            props.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object.value)
    except (OSError, SyntaxError, ValueError) as e:
        raise KgError(Errors.E050.format(path=path, reason=str(e).splitlines()[0] if str(e) else type(e).__name__)) from None
    return props


@lru_cache(maxsize=4)
def load_alias_table(path: str | None = None) -> AliasTable:
    """The alias table in ``path`` (default ``ontology/actors.ttl``), parsed with pyoxigraph."""
    props = read_turtle(Path(path) if path else ontology_dir() / "actors.ttl")
    types = {KG + "State": "state", KG + "Organization": "organization", KG + "Group": "group", KG + "Person": "person"}
    table = AliasTable()
    scheme = KG + "ActorScheme"
    for concept in sorted(s for s, po in props.items() if scheme in po.get(SKOS + "inScheme", ())):
        po = props[concept]
        one = lambda prop: (po.get(prop) or [None])[0]  # noqa: E731
        many = lambda prop: tuple(sorted(po.get(prop, ())))  # noqa: E731
        key = concept.removeprefix(ACTOR_BASE)
        label = one(SKOS + "prefLabel") or key
        st, aff = one(KG + "sourceType"), one(KG + "affiliation")
        actor = TableActor(
            key=key,
            label=label,
            type=types.get(one(KG + "actorType"), "organization"),
            names=(label, *many(SKOS + "altLabel")),
            capitals=many(KG + "capital"),
            demonyms=many(KG + "demonym"),
            demonym_plurals=many(KG + "demonymPlural"),
            domains=many(KG + "domain"),
            source_type=st.removeprefix(KG) if st else None,
            affiliation=aff.removeprefix(ACTOR_BASE) if aff else None,
        )
        table.actors[key] = actor
        for n in (*actor.names, *actor.capitals):
            table.by_name.setdefault(n, key)
        for d in actor.demonyms:
            table.by_demonym.setdefault(d, key)
        for d in actor.demonym_plurals:
            table.by_demonym_plural.setdefault(d, key)
        for d in actor.domains:
            table.by_domain.setdefault(d.lower(), key)
    return table


@dataclass(frozen=True)
class Lexicon:
    reporting_verbs: dict[str, str]
    quote_only_verbs: frozenset[str]
    clause_only_verbs: frozenset[str]
    particle_verbs: dict[str, frozenset[str]]
    infinitive_verbs: frozenset[str]
    infinitive_only_verbs: frozenset[str]
    no_borrow_verbs: frozenset[str]
    according_to: tuple[str, ...]
    source_nouns: frozenset[str]
    proxy_nouns: frozenset[str]
    hedges: tuple[str, ...]
    titles: frozenset[str]
    group_nouns: frozenset[str]
    state_nouns: frozenset[str]
    state_org_nouns: frozenset[str]
    people_nouns: frozenset[str]
    unit_nouns: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()
    attribution_nouns: frozenset[str] = frozenset()
    non_actor_heads: frozenset[str] = frozenset()
    verb_forms: dict[str, str] = None  # inflected form → reporting verb ("hoped" → "hope")


def inflections(verb: str) -> set[str]:
    """Regular English forms of a verb, for when the tagger's lemma is wrong ("hoped" → "hop").

    >>> sorted(inflections("hope"))
    ['hope', 'hoped', 'hopes', 'hoping']
    >>> sorted(inflections("cry"))
    ['cried', 'cries', 'cry', 'crying']
    """
    if verb.endswith("e"):
        return {verb, verb + "s", verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return {verb, verb + "es", verb + "ed", verb + "ing"}
    return {verb, verb + "s", verb + "ed", verb + "ing"}


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    p = Path(path) if path else ontology_dir() / "lexicon.yaml"
    from .datafiles import LexiconFile, read_yaml

    d = read_yaml(p, LexiconFile)
    low = lambda xs: frozenset(str(x).lower() for x in xs)  # noqa: E731
    verbs = {str(k).lower(): str(v) for k, v in d["reporting_verbs"].items()}
    return Lexicon(
        verb_forms={f: v for v in sorted(verbs, reverse=True) for f in inflections(v)},
        reporting_verbs=verbs,
        quote_only_verbs=low(d["quote_only_verbs"]),
        clause_only_verbs=low(d["clause_only_verbs"]),
        particle_verbs={str(k).lower(): low(v) for k, v in d["particle_verbs"].items()},
        infinitive_verbs=low(d["infinitive_verbs"]),
        infinitive_only_verbs=low(d["infinitive_only_verbs"]),
        no_borrow_verbs=low(d["no_borrow_verbs"]),
        according_to=tuple(d["according_to"]),
        source_nouns=low(d["source_nouns"]),
        proxy_nouns=low(d["proxy_nouns"]),
        hedges=tuple(str(h).lower() for h in d["hedges"]),
        titles=low(d["titles"]),
        group_nouns=low(d["group_nouns"]),
        state_nouns=low(d["state_nouns"]),
        state_org_nouns=low(d["state_org_nouns"]),
        people_nouns=low(d["people_nouns"]),
        unit_nouns=low(d["unit_nouns"]),
        addressee_verbs=low(d["addressee_verbs"]),
        attribution_nouns=low(d["attribution_nouns"]),
        non_actor_heads=low(d["non_actor_heads"]),
    )
