"""Records → RDF. The only code that creates triples, and the one IRI minter.

IRIs come from stable keys (article id + character offsets, footnote numbers, a hash of
a URL or of a canonical actor key), never from raw text. Each article gets its own
named graph; actors, shared by articles, live in one more graph.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from collections.abc import Iterator
from typing import NamedTuple
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import XSD as _XSD
from rdflib import Namespace
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import SKOS as _SKOS

from ..lexicon import AliasTable
from ..records import Actor, ArticleResult, Claim, Figure, Footnote, Link, Url
from ..resolve import normalise as _norm
from ..sources import publisher_of
from .namespace import KG as _KG


class Terms:
    """A namespace's terms as pyoxigraph ``NamedNode``s, each made once.

    The names are checked by the rdflib namespace behind it (``KG.Claimm`` fails, as the
    generated ``kg.rdf.namespace.KG`` only knows the ontology's terms).
    """

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = ox.NamedNode(str(getattr(self._ns, name)))
        setattr(self, name, node)  # later lookups are plain attribute reads
        return node

    __getitem__ = __getattr__


_SCHEMA, _OA, _CITO = Namespace("https://schema.org/"), Namespace("http://www.w3.org/ns/oa#"), Namespace("http://purl.org/spar/cito/")
KG, RDF, SKOS, PROV, DCTERMS, XSD = Terms(_KG), Terms(_RDF), Terms(_SKOS), Terms(_PROV), Terms(_DCTERMS), Terms(_XSD)
SCHEMA, OA, CITO = Terms(_SCHEMA), Terms(_OA), Terms(_CITO)
BASE = "https://w3id.org/kg/id/"
ACTORS_GRAPH = ox.NamedNode(BASE + "graph/actors")
ONTOLOGY_GRAPH = ox.NamedNode(BASE + "graph/ontology")
BUILD_GRAPH = ox.NamedNode(BASE + "graph/build")  # the kg:Build activity and the files it read
SOURCES_GRAPH = ox.NamedNode(BASE + "graph/sources")  # cited documents and publishers, shared by articles
SHARED_GRAPHS = (ONTOLOGY_GRAPH, ACTORS_GRAPH, SOURCES_GRAPH, BUILD_GRAPH)  # made anew by every build

ACTOR_CLASSES = {
    "person": KG.Person,
    "state": KG.State,
    "organization": KG.Organization,
    "group": KG.Group,
    "source": KG.DescribedSource,
}
MODES = {"direct": KG.direct, "indirect": KG.indirect, "according-to": KG.accordingTo, "stance": KG.stance, "none": KG.none}
NamedNode = ox.NamedNode


class IRIs:
    """Mints every IRI kg writes."""

    @staticmethod
    def _h(key: str, n: int = 16) -> str:
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:n]

    @staticmethod
    def article(aid: str) -> NamedNode:
        return NamedNode(f"{BASE}article/{quote(aid, safe='')}")

    @staticmethod
    def graph(aid: str) -> NamedNode:
        return NamedNode(f"{BASE}graph/{quote(aid, safe='')}")

    @staticmethod
    def claim(aid: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{BASE}claim/{quote(aid, safe='')}/{start}-{end}")

    @staticmethod
    def figure(aid: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{BASE}figure/{quote(aid, safe='')}/{start}-{end}")

    @staticmethod
    def footnote(aid: str, n: int) -> NamedNode:
        return NamedNode(f"{BASE}footnote/{quote(aid, safe='')}/{n}")

    @staticmethod
    def link(aid: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{BASE}link/{quote(aid, safe='')}/{start}-{end}")

    @classmethod
    def source(cls, url: str) -> NamedNode:
        return NamedNode(f"{BASE}source/{cls._h(url)}")

    @classmethod
    def actor(cls, key: str) -> NamedNode:
        if key.startswith(("state-", "org-")):  # alias-table actors keep their table IRI
            return NamedNode(f"{BASE}actor/{key}")
        kind = key.split(":", 1)[0]
        return NamedNode(f"{BASE}actor/{kind}-{cls._h(key, 12)}")

    @classmethod
    def publisher(cls, key: str, domain: str) -> NamedNode:
        if key.startswith("domain:"):
            return NamedNode(f"{BASE}publisher/{quote(domain, safe='.-')}")
        return cls.actor(key)


def decimal(value: float) -> ox.Literal:
    """An xsd:decimal literal without exponent: 312500000000.0 → "312500000000".

    >>> decimal(312.5e9).value, decimal(4.75).value
    ('312500000000', '4.75')
    """
    d = Decimal(repr(float(value)))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ox.Literal(text, datatype=XSD.decimal)


class QuadSink:
    """Collects the quads of one named graph (``add`` like an rdflib Graph, with pyoxigraph terms).

    Plain Python objects become literals: ``str`` → xsd:string, ``int`` → xsd:integer,
    ``bool`` → xsd:boolean.
    """

    def __init__(self, name: NamedNode, out: list, seen: set | None = None):
        self._g = name
        self.out = out
        self.seen = seen if seen is not None else set()  # what a shared graph has described already

    def add(self, triple) -> None:
        s, p, o = triple
        if type(o) in (str, int, bool):
            o = ox.Literal(o)
        self.out.append(ox.Quad(s, p, o, self._g))


PART_QUADS = 65_536  # a long article is handed over in parts of about this many quads


def vocabulary_quads(actors: dict[str, Actor], table: AliasTable) -> list[ox.Quad]:
    """The graphs every build starts with: the ontology's vocabularies (which queries may join
    with) and the actors graph."""
    from ..lexicon import ontology_dir

    quads: list[ox.Quad] = []
    for name in ("kg.ttl", "relations.ttl", "estimative.ttl"):
        for t in ox.parse(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE):
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                raise TypeError(f"{name}: kg writes no blank nodes (their labels would change every build): {t}")
            quads.append(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH))
    ag = QuadSink(ACTORS_GRAPH, quads)
    for actor in actors.values():
        add_actor(ag, actor, table)
    return quads


def article_quads(result: ArticleResult, actors: dict[str, Actor], table: AliasTable, *,
                  part_quads: int | None = None) -> Iterator[list[ox.Quad]]:
    """An article's named graph and what it adds to the shared sources graph (every document
    it cites, described whatever other articles say), in parts of about ``part_quads`` for a
    long one. The quads depend on this article's result alone, so they can be kept for the
    next build. A part may repeat a quad of another; the store keeps one."""
    part_quads = part_quads or PART_QUADS
    quads: list[ox.Quad] = []
    g = QuadSink(IRIs.graph(result.article.id), quads)
    sources = QuadSink(SOURCES_GRAPH, quads)
    nodes = add_article(g, result, actors, table, sources=sources)
    grades: dict[NamedNode, int] = {}
    for c in result.claims:
        grade = add_claim(g, nodes, c)
        grades[grade] = grades.get(grade, 0) + 1
        if len(quads) >= part_quads:
            yield quads
            quads = g.out = sources.out = []
    add_counts(g, result, nodes, grades)
    yield quads


def add_counts(g: QuadSink, r: ArticleResult, nodes: ArticleNodes, grades: dict[NamedNode, int]) -> None:
    """The article's sourcing counted when it is built (the audit's per-article aggregates
    read them): claims by evidence grade, footnotes, links, the documents they cite, and
    the (note or link, document) pairs, with those whose publisher is the article's own."""
    a = nodes.article
    g.add((a, KG.claimCount, len(r.claims)))
    for grade, prop in ((KG.corroborated, KG.corroboratedCount), (KG.singleSource, KG.singleSourceCount),
                        (KG.selfSourced, KG.selfSourcedCount), (KG.attributedOnly, KG.attributedOnlyCount),
                        (KG.unsourced, KG.unsourcedCount)):
        g.add((a, prop, grades.get(grade, 0)))
    art = r.article
    notes = set(art.footnote_map) | {n for c in r.claims for n in c.footnotes}
    pairs = [(url, pub) for documents in nodes.cited.values() for url, pub in documents.items()]
    g.add((a, KG.footnoteCount, len(notes)))
    g.add((a, KG.linkCount, len(art.links)))
    g.add((a, KG.sourceCount, len({url for url, _ in pairs})))
    g.add((a, KG.citedUrlCount, len(pairs)))
    g.add((a, KG.selfCitationCount, sum(1 for _, pub in pairs if nodes.publisher is not None and pub == nodes.publisher)))
    # the source mix: the distinct documents its footnotes cite, by their publisher's source type
    mix: dict[str, set[str]] = {}
    for (kind, _), documents in nodes.cited.items():
        if kind == "footnote":
            for url, pub in documents.items():
                mix.setdefault("SelfCitation" if pub == nodes.publisher else nodes.source_types[pub], set()).add(url)
    for stype, urls in sorted(mix.items()):
        m = NamedNode(f"{a.value}/mix/{stype}")
        g.add((a, KG.sourceMix, m))
        g.add((m, RDF.type, KG.SourceMix))
        g.add((m, KG.sourceType, KG[stype]))
        g.add((m, KG.documentCount, len(urls)))


def build_quads(build: dict) -> list[ox.Quad]:
    """The build's provenance graph (``add_build``)."""
    quads: list[ox.Quad] = []
    add_build(QuadSink(BUILD_GRAPH, quads), build)
    return quads


def add_build(g: QuadSink, build: dict) -> None:
    """The build as a ``kg:Build`` (a ``prov:Activity``): kg's version, the spaCy model and
    its version, and the files it used by content hash. Its IRI is minted from those, so the
    same input and software give the same graph (no clock time)."""
    files = sorted((f["sha256"], f["path"], f["media_type"]) for f in build["files"])
    key = "|".join([build["kg_version"], build["model"], build.get("model_version") or ""] + [h for h, _, _ in files])
    b = NamedNode(f"{BASE}build/{IRIs._h(key)}")
    g.add((b, RDF.type, KG.Build))
    g.add((b, RDF.type, PROV.Activity))
    g.add((b, KG.kgVersion, build["kg_version"]))
    g.add((b, KG.model, build["model"]))
    if build.get("model_version"):
        g.add((b, KG.modelVersion, build["model_version"]))
    for sha, path, media in files:
        f = NamedNode(f"{BASE}file/{sha}")
        g.add((b, PROV.used, f))
        g.add((f, RDF.type, KG.SourceFile))
        g.add((f, KG.sha256, sha))
        g.add((f, KG.sourceFile, path))
        if media:
            g.add((f, getattr(DCTERMS, "format"), media))


def add_actor(g: QuadSink, actor: Actor, table: AliasTable) -> None:
    a = IRIs.actor(actor.key)
    g.add((a, RDF.type, KG.Actor))
    g.add((a, RDF.type, ACTOR_CLASSES.get(actor.type, KG.Actor)))
    g.add((a, SKOS.prefLabel, actor.label))
    for alias in actor.aliases:
        g.add((a, SKOS.altLabel, alias))
    if actor.affiliation:
        g.add((a, KG.affiliation, IRIs.actor(actor.affiliation)))
    if actor.key in table.actors:
        g.add((a, SKOS.inScheme, KG.ActorScheme))


class ArticleNodes(NamedTuple):
    """What the quads of an article's claims point to, made once by ``add_article``."""

    article: NamedNode
    text: str
    voice: NamedNode | None  # who speaks where no one is quoted: the author, else the publisher
    figures: list[NamedNode]
    links: list[NamedNode]
    publisher: NamedNode | None  # the article's own
    cited: dict  # ("footnote", n) or ("link", i) → its documents' URLs → their publishers; absent: an undefined footnote
    source_types: dict  # each cited publisher → its kg:SourceType local name


def evidence_grade(c: Claim, nodes: ArticleNodes, sourced: bool) -> NamedNode:
    """The claim's kg:EvidenceGrade (defined in the ontology): what its defined footnotes
    and links cite, else whether anyone other than the writer says it."""
    items = [nodes.cited[k] for k in [("footnote", n) for n in c.footnotes] + [("link", i) for i in c.links] if k in nodes.cited]
    publishers = {pub for documents in items for pub in documents.values()}
    others = publishers - {nodes.publisher}
    if len(others) >= 2:
        return KG.corroborated
    if len(others) == 1 or (items and not publishers):
        return KG.singleSource
    if items:
        return KG.selfSourced
    return KG.attributedOnly if sourced else KG.unsourced


def add_article(g: QuadSink, r: ArticleResult, actors: dict[str, Actor], table: AliasTable, *,
                sources: QuadSink | None = None) -> ArticleNodes:
    """The article with its footnotes, links and figures (``add_claim`` adds each claim)."""
    art = r.article
    a = IRIs.article(art.id)
    g.add((a, RDF.type, KG.Article))
    g.add((a, DCTERMS.title, art.title))
    g.add((a, DCTERMS.identifier, art.id))
    g.add((a, SCHEMA.text, art.text))
    g.add((a, KG.sourceFile, art.source_file or PurePath(art.path).name))
    if art.sha256:
        g.add((a, PROV.wasDerivedFrom, NamedNode(f"{BASE}file/{art.sha256}")))
    g.add((a, KG.sentenceCount, r.sentences))
    voice = None
    if art.author:
        voice = IRIs.actor(f"person:{art.author.lower()}")
        g.add((a, SCHEMA.author, voice))
    pub = None
    if art.publisher:
        key = table.lookup(art.publisher) or f"organization:{_norm(art.publisher)}"
        pub = IRIs.actor(key)
        g.add((a, DCTERMS.publisher, pub))
        voice = voice or pub
    if art.published:
        g.add((a, DCTERMS.date, ox.Literal(art.published.isoformat(), datatype=XSD.date)))
    if art.url:
        g.add((a, SCHEMA.url, ox.Literal(art.url, datatype=XSD.anyURI)))
    for s, e in art.clutter:
        g.add((a, KG.clutter, f"{s}-{e}"))
    for w in art.warnings:  # naming the file as kg:sourceFile does: the graph never holds where the corpus lay
        g.add((a, KG.warning, w.replace(str(art.path), art.source_file, 1) if art.source_file else w))
    fmap = art.footnote_map
    cited_notes = {n for c in r.claims for n in c.footnotes}
    cited: dict = {}
    types: dict[NamedNode, str] = {}

    def publisher(url: str) -> NamedNode:
        p = publisher_of(url, table)
        pi = IRIs.publisher(p.key, p.domain)
        types[pi] = p.source_type
        return pi

    for n in sorted(set(fmap) | cited_notes):
        add_footnote(g, art.id, n, fmap.get(n), table, sources=sources if sources is not None else g)
        if n in fmap:
            cited["footnote", n] = {u.url: publisher(u.url) for u in fmap[n].urls}
    link_iris = [IRIs.link(art.id, link.start, link.end) for link in art.links]
    for i, (link, li) in enumerate(zip(art.links, link_iris)):
        add_link(g, li, a, link, table, sources=sources if sources is not None else g)
        cited["link", i] = {link.url.url: publisher(link.url.url)}
    figure_iris = [IRIs.figure(art.id, f.start, f.end) for f in r.figures]
    for f, fi in zip(r.figures, figure_iris):
        add_figure(g, fi, a, f, figure_iris)
    return ArticleNodes(a, art.text, voice, figure_iris, link_iris, pub, cited, types)


def add_claim(g: QuadSink, nodes: ArticleNodes, c: Claim) -> NamedNode:
    """The claim with its attribution, citations, figures and relations; returns its grade."""
    article, text, voice, figure_iris, link_iris = nodes[:5]
    ci = IRIs.claim(c.article_id, c.start, c.end)
    add_span(g, ci, KG.Claim, article, c.text, c.start, c.end)
    g.add((ci, KG.sentenceIndex, c.index))
    # W3C Web Annotation: where the claim is, robust to edits (quote) and exact (position)
    target = NamedNode(f"{ci.value}/target")
    g.add((ci, OA.hasTarget, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, article))
    pos, q = NamedNode(f"{ci.value}/position"), NamedNode(f"{ci.value}/quote")
    g.add((target, OA.hasSelector, pos))
    g.add((pos, RDF.type, OA.TextPositionSelector))
    g.add((pos, OA.start, c.start))
    g.add((pos, OA.end, c.end))
    g.add((target, OA.hasSelector, q))
    g.add((q, RDF.type, OA.TextQuoteSelector))
    g.add((q, OA.exact, c.text))
    g.add((q, OA.prefix, text[max(0, c.start - 32) : c.start]))
    g.add((q, OA.suffix, text[c.end : c.end + 32]))
    # a stance ("X wants …") says where X stands and sources nothing: a claim with only
    # stances is the writer's own
    sourced = [att for att in c.attributions if att.mode != "stance"]
    if sourced:
        g.add((ci, KG.attributionMode, MODES[sourced[0].mode]))
    else:
        g.add((ci, KG.attributionMode, KG.none))
        if voice is not None:
            g.add((ci, PROV.wasAttributedTo, voice))
    grade = evidence_grade(c, nodes, bool(sourced))
    g.add((ci, KG.evidenceGrade, grade))
    for i, att in enumerate(c.attributions):
        node = NamedNode(f"{ci.value}/attribution/{i}")
        g.add((ci, PROV.qualifiedAttribution, node))
        g.add((node, RDF.type, KG.Attribution))
        g.add((node, KG.cue, att.cue))
        g.add((node, KG.attributionMode, MODES[att.mode]))
        g.add((node, KG.speakerText, att.speaker_text))
        g.add((node, KG.start, att.cue_start))
        g.add((node, KG.end, att.cue_end))
        if att.speaker_start is not None:
            g.add((node, KG.speakerStart, att.speaker_start))
            g.add((node, KG.speakerEnd, att.speaker_end))
        if att.speaker:
            agent = IRIs.actor(att.speaker)
            g.add((node, PROV.agent, agent))
            if att.mode != "stance":
                g.add((ci, PROV.wasAttributedTo, agent))
    for h in c.hedges:
        g.add((ci, KG.hedge, h))
    for n in c.footnotes:
        fi = IRIs.footnote(c.article_id, n)
        g.add((ci, KG.citesFootnote, fi))
        g.add((ci, CITO.cites, fi))  # the super-property, stated: queries need no reasoner
    for i in c.links:
        g.add((ci, KG.citesLink, link_iris[i]))
        g.add((ci, CITO.cites, link_iris[i]))
    for key in c.actors:
        g.add((ci, KG.mentions, IRIs.actor(key)))
    for i in c.figures:
        g.add((ci, KG.statesFigure, figure_iris[i]))
    for i, r in enumerate(c.relations):
        # a reified statement carries type, polarity and evidence; only asserted relations
        # are also stated directly, so `?a kg:supports ?b` never returns a denied one
        node = NamedNode(f"{ci.value}/relation/{i}")
        s_iri, o_iri = IRIs.actor(r.subject), IRIs.actor(r.object)
        g.add((node, RDF.type, KG.Relation))
        g.add((node, RDF.subject, s_iri))
        g.add((node, RDF.predicate, KG[r.relation]))
        g.add((node, RDF.object, o_iri))
        g.add((node, KG.polarity, KG[r.polarity]))
        g.add((node, KG.evidence, ci))
        g.add((node, KG.cue, r.cue))
        g.add((node, KG.start, r.cue_start))
        g.add((node, KG.end, r.cue_end))
        if r.code:
            g.add((node, KG.eventCode, r.code))
        if r.polarity == "asserted":
            g.add((s_iri, KG[r.relation], o_iri))
    return grade


def add_footnote(g: QuadSink, aid: str, n: int, fn: Footnote | None, table: AliasTable, *, sources: QuadSink) -> None:
    """The footnote in the article's graph; the documents it cites and their publishers in the
    shared ``sources`` graph, described once however many articles cite them."""
    fi = IRIs.footnote(aid, n)
    g.add((fi, RDF.type, KG.Footnote))
    g.add((fi, KG.number, n))
    g.add((fi, KG.inArticle, IRIs.article(aid)))
    g.add((fi, KG.defined, fn is not None))
    if fn is None:
        return
    g.add((fi, SCHEMA.text, fn.text))
    if fn.note:
        g.add((fi, KG.note, fn.note))
    if fn.doi:
        g.add((fi, KG.doi, fn.doi))
    for u in fn.urls:
        g.add((fi, KG.cites, add_source(sources, u, table)))


def add_link(g: QuadSink, li: NamedNode, article: NamedNode, link: Link, table: AliasTable, *, sources: QuadSink) -> None:
    """An inline hyperlink: its anchor in the article's graph, the document it points at in
    the shared ``sources`` graph."""
    add_span(g, li, KG.InlineLink, article, link.text, link.start, link.end)
    g.add((li, KG.defined, True))  # a link always says where it points, as a defined footnote does
    g.add((li, KG.cites, add_source(sources, link.url, table)))


def add_source(sources: QuadSink, u: Url, table: AliasTable) -> NamedNode:
    """The cited document and its publisher, described once in the shared sources graph."""
    si = IRIs.source(u.url)
    seen = (u.url, u.repaired and u.raw, u.fragment_text)
    if seen in sources.seen:
        return si  # cited before, in the same words: described already
    sources.seen.add(seen)
    sources.add((si, RDF.type, KG.Source))
    sources.add((si, SCHEMA.url, ox.Literal(u.url, datatype=XSD.anyURI)))
    if u.repaired:
        sources.add((si, KG.repairedFrom, u.raw))
    if u.fragment_text:
        sources.add((si, KG.quotedText, u.fragment_text))
    pub = publisher_of(u.url, table)
    pi = IRIs.publisher(pub.key, pub.domain)
    sources.add((si, KG.publisher, pi))
    sources.add((si, KG.domain, pub.domain))
    if pub in sources.seen:
        return si
    sources.seen.add(pub)
    sources.add((pi, RDF.type, KG.Publisher))
    sources.add((pi, SCHEMA.name, pub.name))
    sources.add((pi, KG.domain, pub.domain))
    sources.add((pi, KG.sourceType, KG[pub.source_type]))
    return si


def add_span(g: QuadSink, node: NamedNode, cls: NamedNode, article: NamedNode, text: str, start: int, end: int) -> None:
    """What every stretch of article text kg records has: class, text, article, offsets."""
    g.add((node, RDF.type, cls))
    g.add((node, SCHEMA.text, text))
    g.add((node, KG.inArticle, article))
    g.add((node, KG.start, start))
    g.add((node, KG.end, end))


def add_figure(g: QuadSink, fi: NamedNode, article: NamedNode, f: Figure, figure_iris: list[NamedNode]) -> None:
    add_span(g, fi, KG.Figure, article, f.text, f.start, f.end)
    g.add((fi, SCHEMA.unitText, f.unit))
    if f.value is not None:
        g.add((fi, SCHEMA.value, decimal(f.value)))
    if f.low is not None:
        g.add((fi, SCHEMA.minValue, decimal(f.low)))
    if f.high is not None:
        g.add((fi, SCHEMA.maxValue, decimal(f.high)))
    for prop, value in ((KG.qualifier, f.qualifier), (KG.rate, f.rate), (KG.what, f.what), (KG.when, f.when), (KG.verb, f.verb)):
        if value:
            g.add((fi, prop, value))
    if f.converted_from is not None:
        g.add((fi, KG.convertedFrom, figure_iris[f.converted_from]))
