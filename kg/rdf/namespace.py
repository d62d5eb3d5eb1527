"""The kg ontology terms (generated from ontology/kg.ttl by kg.rdf.codegen; do not edit)."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """kg: claims, their sources and the actors in analysis articles."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg#")

    Actor: URIRef  # class: A person, state, organisation, group or described source that acts or speaks.
    ActorScheme: URIRef  # individual: Actors known to kg
    Article: URIRef  # class: An article of the corpus; its body text is schema:text, which all offsets index into.
    Attribution: URIRef  # class: Who a claim is attributed to (prov:agent), with the reporting cue and mode.
    AttributionMode: URIRef  # class: Attribution mode
    Build: URIRef  # class: One run of kg build: the software and model that made the graph, and the files it read (no
    Citation: URIRef  # class: A place in an article where a claim points at evidence: a numbered footnote or an inlin
    Claim: URIRef  # class: A sentence that asserts something, as written in its article.
    DescribedSource: URIRef  # class: An unnamed speaker: "experts", "a Russian milblogger"; scoped to one article.
    EvidenceGrade: URIRef  # class: What a claim rests on, graded when the graph is built (kg:evidenceGrade). The cite
    Figure: URIRef  # class: A number with its unit as stated in a claim.
    Footnote: URIRef  # class: A numbered footnote of an article: its definition and the sources it lists.
    GovernmentSource: URIRef  # individual: government / official document
    Group: URIRef  # class: A collective named by description: "Russian officials", "the West".
    ICD203: URIRef  # individual: ICD 203 probability bands
    InlineLink: URIRef  # class: A hyperlink in an article's body: its anchor text (schema:text, kg:start, kg:end) and
    IntergovernmentalSource: URIRef  # individual: intergovernmental organisation
    NewsMediaSource: URIRef  # individual: news media
    Organization: URIRef  # class: Organisation
    OtherSource: URIRef  # individual: other
    Person: URIRef  # class: Person
    Polarity: URIRef  # class: Polarity
    Publisher: URIRef  # class: Who publishes a source: a known organisation, or the web domain itself.
    Relation: URIRef  # class: A reified statement actor → relation → actor, with its polarity and the claims it rests
    RelationScheme: URIRef  # individual: Relations between actors
    ScholarlySource: URIRef  # individual: scholarly
    SelfCitation: URIRef  # individual: self-citation
    SocialMediaSource: URIRef  # individual: social media
    Source: URIRef  # class: A document a footnote or a hyperlink cites, identified by its URL.
    SourceFile: URIRef  # class: A file an article was read from, identified by the SHA-256 of its bytes.
    SourceMix: URIRef  # class: The distinct documents an article's footnotes cite whose publisher is of one source ty
    SourceType: URIRef  # class: Source type
    State: URIRef  # class: State
    StateMediaSource: URIRef  # individual: state-affiliated media
    ThinkTankSource: URIRef  # individual: think tank / research
    accordingTo: URIRef  # individual: according-to
    actorType: URIRef  # property: actor type
    adjectiveCue: URIRef  # property: An adjective that signals the relation ("dependent on").
    affiliation: URIRef  # property: The state or organisation an actor belongs to, as the text states it.
    asserted: URIRef  # individual: asserted
    attributedOnly: URIRef  # individual: attributed only
    attributedOnlyCount: URIRef  # property: The article's claims graded kg:attributedOnly.
    attributionMode: URIRef  # property: attribution mode
    capital: URIRef  # property: A capital city's name, used for the state it stands for ("Moscow said").
    citedUrlCount: URIRef  # property: Each footnote or link and a document it cites, counted once per pair.
    cites: URIRef  # property: cites
    citesFootnote: URIRef  # property: The claim's sentence carries this footnote's marker. kg also states the cito:ci
    citesLink: URIRef  # property: The claim's sentence holds this hyperlink's anchor. kg also states the cito:cites t
    claimCount: URIRef  # property: The article's claims, counted when the graph is built (the audit reads the counts
    clutter: URIRef  # property: A range "start-end" of page clutter the loader left out.
    convertedFrom: URIRef  # property: "3.8 trillion rubles (about $47.1 billion)": the dollar figure converts the rub
    cooperatesWith: URIRef  # property: cooperates with
    corroborated: URIRef  # individual: corroborated
    corroboratedCount: URIRef  # property: The article's claims graded kg:corroborated.
    cue: URIRef  # property: Lemma of the reporting verb, or "according to".
    defined: URIRef  # property: False for a marker whose footnote the article never defines.
    demonym: URIRef  # property: demonym
    demonymPlural: URIRef  # property: demonym, plural
    dependsOn: URIRef  # property: depends on
    direct: URIRef  # individual: direct
    documentCount: URIRef  # property: document count
    doi: URIRef  # property: DOI
    domain: URIRef  # property: A registered domain an organisation publishes on.
    end: URIRef  # property: Character offset where the span ends (exclusive).
    eventCode: URIRef  # property: The CAMEO event code of the words a relation was read from ("163": impose embargo,
    evidence: URIRef  # property: evidence
    evidenceGrade: URIRef  # property: evidence grade
    footnoteCount: URIRef  # property: The article's footnotes, defined or only cited.
    hedge: URIRef  # property: A hedging word in the claim ("likely", "reportedly").
    hedged: URIRef  # individual: hedged
    inArticle: URIRef  # property: in article
    indirect: URIRef  # individual: indirect
    kgVersion: URIRef  # property: kg version
    linkCount: URIRef  # property: The article's inline hyperlinks.
    maxProbability: URIRef  # property: maximum probability
    meets: URIRef  # property: meets
    mentions: URIRef  # property: mentions
    minProbability: URIRef  # property: minimum probability
    model: URIRef  # property: Name of the spaCy pipeline a build parsed with.
    modelVersion: URIRef  # property: spaCy model version
    negated: URIRef  # individual: negated
    none: URIRef  # individual: none
    notCue: URIRef  # property: A verb lemma whose CAMEO code is too broad to signal a relation with an actor object (
    note: URIRef  # property: Text of a footnote that is not a URL.
    nounCue: URIRef  # property: A noun lemma that carries the relation.
    number: URIRef  # property: footnote number
    opposes: URIRef  # property: opposes
    partnerNoun: URIRef  # property: A noun naming the other side ("partner", "ally").
    polarity: URIRef  # property: polarity
    property: URIRef  # property: The kg property a relation concept stands for.
    publisher: URIRef  # property: publisher
    qualifier: URIRef  # property: about | almost | more than | up to | at least | less than
    quotedText: URIRef  # property: The passage a text-fragment link (#:~:text=) points at.
    rate: URIRef  # property: "per day", "per month" ...
    relatesTo: URIRef  # property: relates to
    repairedFrom: URIRef  # property: The URL as written, when its host was obfuscated ("x dot com").
    selfCitationCount: URIRef  # property: The cited URL pairs whose publisher is the article's own.
    selfSourced: URIRef  # individual: self-sourced
    selfSourcedCount: URIRef  # property: The article's claims graded kg:selfSourced.
    sentenceCount: URIRef  # property: sentence count
    sentenceIndex: URIRef  # property: sentence index
    sha256: URIRef  # property: Hex SHA-256 of a file's bytes.
    singleSource: URIRef  # individual: single source
    singleSourceCount: URIRef  # property: The article's claims graded kg:singleSource.
    sourceCount: URIRef  # property: The distinct documents its footnotes and links cite.
    sourceFile: URIRef  # property: source file
    sourceMix: URIRef  # property: source mix
    sourceType: URIRef  # property: source type
    speakerEnd: URIRef  # property: Character offset just after the speaker's phrase in the article's schema:text.
    speakerStart: URIRef  # property: Character offset where the speaker's phrase starts in the article's schema:text
    speakerText: URIRef  # property: speaker as written
    stance: URIRef  # individual: stance
    start: URIRef  # property: Character offset into the article's schema:text where the span starts.
    statesFigure: URIRef  # property: states figure
    supports: URIRef  # property: supports
    symmetric: URIRef  # property: symmetric
    unsourced: URIRef  # individual: unsourced
    unsourcedCount: URIRef  # property: The article's claims graded kg:unsourced.
    verb: URIRef  # property: Lemma of the verb a figure depends on ("lose", "produce"): what happened to the quantity
    verbCue: URIRef  # property: A verb lemma that signals the relation.
    warning: URIRef  # property: warning
    what: URIRef  # property: what it counts
    when: URIRef  # property: The time the figure refers to, as the sentence says it.
