"""The records extraction makes from a parsed Doc, before resolution: plain dataclasses with
character offsets into the article, no spaCy objects. Resolution, the build and the tests
use them without loading a model."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import Figure


@dataclass(frozen=True, slots=True)
class RawMention:
    """A mention before resolution; offsets are into the article text."""

    start: int  # surface span, titles included
    end: int
    text: str
    core_start: int  # the name itself
    core_end: int
    core: str
    kind: str  # person | organization | state | group | gpe | norp
    table_key: str | None = None  # alias-table actor this names, if any
    is_name: bool = True  # False for derived mentions ("Russian forces" → Russia)
    title: str | None = None  # role words before a person's name ("Russian President")


@dataclass(frozen=True, slots=True)
class RawAttribution:
    speaker_start: int  # the speaker's noun phrase, article offsets
    speaker_end: int
    speaker_text: str
    head_start: int  # its head word
    head_end: int
    name: str  # the proper name at the head ("Kommersant" of "business daily Kommersant")
    cue: str
    cue_start: int
    cue_end: int
    mode: str  # direct | indirect | according-to | stance
    pronoun: bool = False
    described: bool = False  # a described source ("some analysts"), not a name
    kind: str | None = None  # what the layout says the speaker is ("person" for "MS. ADEYEMI:")


@dataclass(frozen=True, slots=True)
class RawSentence:
    start: int
    end: int
    index: int
    is_claim: bool
    attributions: tuple[RawAttribution, ...] = ()
    hedges: tuple[str, ...] = ()
    quote_spans: tuple[tuple[int, int], ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class RawRelation:
    subject: tuple[int, int]  # char span of the subject's mention head (article offsets)
    object: tuple[int, int]
    relation: str  # supports | opposes | dependsOn | cooperatesWith | meets
    polarity: str  # asserted | negated | hedged
    cue: str
    cue_start: int
    cue_end: int
    code: str | None = None  # CAMEO event code ("163"), when one is known


@dataclass
class DocRecords:
    mentions: list[RawMention]
    sentences: list[RawSentence]
    figures: list[Figure]
    relations: list[RawRelation] = field(default_factory=list)


def mention_mask(length: int, found: list[RawMention], offset: int = 0, *, core: bool = False) -> bytearray:
    """One byte per character of a text ``length`` long (plus one), set where a mention covers
    it; ``offset`` is where the text starts in the article."""
    mask = bytearray(length + 1)
    for m in found:
        a, b = (m.core_start, m.core_end) if core else (m.start, m.end)
        mask[a - offset : b - offset] = b"\x01" * (b - a)
    return mask
