"""The shapes of kg's YAML data files (``lexicon.yaml``, ``sources.yaml``), checked with
pydantic so that a misspelt or missing key is named with its file, never a KeyError."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import Errors, KgError


class LexiconFile(BaseModel):
    """The shape of ``lexicon.yaml``."""

    model_config = ConfigDict(extra="forbid")
    reporting_verbs: dict[str, Literal["speech", "finding", "belief", "stance"]]
    quote_only_verbs: list[str]
    clause_only_verbs: list[str]
    particle_verbs: dict[str, list[str]] = {}
    infinitive_verbs: list[str] = []
    infinitive_only_verbs: list[str] = []
    no_borrow_verbs: list[str] = []
    according_to: list[str]
    source_nouns: list[str]
    proxy_nouns: list[str]
    hedges: list[str]
    figure_verb_classes: dict[str, list[str]] = {}
    titles: list[str]
    group_nouns: list[str]
    state_nouns: list[str]
    state_org_nouns: list[str]
    people_nouns: list[str]
    unit_nouns: list[str] = []
    attribution_nouns: list[str] = []
    addressee_verbs: list[str] = []
    non_actor_heads: list[str] = []


class SourceRules(BaseModel):
    """The shape of ``sources.yaml``."""

    model_config = ConfigDict(extra="forbid")
    social_media: list[str]
    scholarly: list[str]
    government_suffixes: list[str]
    research_suffixes: list[str]


def read_yaml(path: Path, model: type[BaseModel]) -> dict:
    """A YAML data file checked against ``model``; ``KgError`` names the file, the field and
    what is wrong with it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise KgError(Errors.E050.format(path=path, reason=str(e).splitlines()[0])) from None
    try:
        return model.model_validate(data if data is not None else {}).model_dump()
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or '(top)'}: {err['msg'].lower()}" for err in e.errors()[:5])
        raise KgError(Errors.E052.format(path=path, problems=problems)) from None
