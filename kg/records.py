"""Plain, frozen records that flow from extraction to RDF.

Every record carries character offsets into its article's text (``Article.text``),
never spaCy objects, so the RDF stage and the tests need no model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Url:
    """One URL of a footnote, as normalised, with what was done to it."""

    url: str
    raw: str
    repaired: bool = False  # an obfuscated host ("x dot com") was rewritten
    fragment_text: str | None = None  # the passage a "#:~:text=" link quotes


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote definition ``[n] ...`` from the article's notes section."""

    n: int
    text: str
    urls: tuple[Url, ...]
    note: str | None = None  # any text that is not a URL (bibliographic reference, remark)
    doi: str | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker in the body, ``[n]`` at ``start:end``."""

    n: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """An inline hyperlink in the body: its anchor text at ``start:end`` and where it points.

    A link is evidence beside numbered footnotes: the claim whose sentence holds the anchor
    cites the linked document.
    """

    start: int
    end: int
    text: str
    url: Url


@dataclass(frozen=True, slots=True)
class Article:
    """An article after loading: metadata, body text, clutter ranges and footnotes."""

    id: str
    path: str
    text: str
    title: str
    author: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None
    clutter: tuple[tuple[int, int], ...] = ()
    markers: tuple[Marker, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    warnings: tuple[str, ...] = ()
    source_file: str | None = None  # the path relative to the corpus folder it came from
    sha256: str | None = None  # of the file's bytes: which snapshot the offsets index
    media_type: str | None = None  # the file's format ("text/markdown", "text/html", "application/pdf" …)
    links: tuple[Link, ...] = ()  # inline hyperlinks in the body, in text order

    @property
    def footnote_map(self) -> dict[int, Footnote]:
        return {f.n: f for f in self.footnotes}


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an actor, resolved to a canonical actor key."""

    article_id: str
    start: int
    end: int
    text: str  # the surface form as written, titles included ("Russian President Vladimir Putin")
    actor: str  # canonical actor key (see kg.extract.actors.ActorIndex)


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor: a person, state, organisation or group."""

    key: str
    label: str
    type: str  # person | state | organization | group
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None  # key of the state or organisation a person or group belongs to
    source: str = "text"  # "table" when it comes from the alias table


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit, normalised."""

    article_id: str
    start: int
    end: int
    text: str
    value: float | None
    unit: str
    qualifier: str | None = None  # about | almost | more than | up to | at least | less than
    low: float | None = None
    high: float | None = None
    rate: str | None = None  # per day | per month | per year ...
    what: str | None = None
    when: str | None = None
    converted_from: int | None = None  # index (in the article's figures) of the figure this one converts
    verb: str | None = None  # lemma of the verb the figure depends on ("lose", "produce")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a claim is attributed to, how, and with which reporting cue."""

    speaker: str | None  # canonical actor key, when the speaker resolves to an actor
    speaker_text: str  # the speaker as written ("a Russian milblogger", "he")
    speaker_label: str  # resolved label ("Vladimir Putin", "Russian milblogger")
    speaker_type: str  # person | state | organization | group | source
    cue: str  # lemma of the reporting verb or "according to"
    cue_start: int
    cue_end: int
    mode: str  # direct | indirect | according-to | stance
    speaker_start: int | None = None  # the speaker's phrase in the article (None: not in the text)
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation between two actors, as one claim states it."""

    subject: str  # canonical actor key
    relation: str  # supports | opposes | dependsOn | cooperatesWith | meets
    object: str
    polarity: str  # asserted | negated | hedged
    cue: str
    cue_start: int
    cue_end: int
    code: str | None = None  # CAMEO event code ("163"), when one is known


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that asserts something, with what it rests on."""

    article_id: str
    start: int
    end: int
    text: str
    index: int  # sentence number in the article
    footnotes: tuple[int, ...] = ()
    links: tuple[int, ...] = ()  # indices into the article's inline links
    attributions: tuple[Attribution, ...] = ()
    hedges: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    figures: tuple[int, ...] = ()  # indices into the article's figures
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article, ready for the RDF mapping."""

    article: Article
    sentences: int
    claims: tuple[Claim, ...]
    figures: tuple[Figure, ...]
    mentions: tuple[Mention, ...]
    actors: tuple[Actor, ...] = field(default_factory=tuple)
