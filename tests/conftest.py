"""Shared fixtures: the pipeline (loaded once) and one build of the fixture corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLD = Path(os.environ.get("KG_GOLD", ROOT.parent / "shared" / "gold"))


@pytest.fixture(scope="session")
def table():
    from kg.lexicon import load_alias_table

    return load_alias_table()


@pytest.fixture(scope="session")
def lex():
    from kg.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def nlp(table):
    from kg.pipeline import load_pipeline

    return load_pipeline(alias_patterns=table.patterns())


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory):
    """The fixture corpus built once; tests read it, never write to it."""
    from kg import build

    out = tmp_path_factory.mktemp("fixture") / "output"
    summary = build([DATA / "corpus"], out)
    return out, summary


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """The bundled corpus built once (for the quality floors)."""
    from kg import build

    out = tmp_path_factory.mktemp("corpus") / "output"
    summary = build([ROOT / "corpus"], out)
    return out, summary
