"""Floors of kg eval on the second development set (shared/gold-more: four real articles the
rules were not written against), so they cannot regress. The floors are the issues' goals
(attributions P ≥ 0.90, R ≥ 0.80; relations P ≥ 0.75, R ≥ 0.50; actor alias recall ≥ 0.85),
all reached now (README, "Extraction quality")."""

import os
from pathlib import Path

import pytest

from kg import build
from kg.evaluate import evaluate

from .conftest import ROOT

GOLD_MORE = Path(os.environ.get("KG_GOLD_MORE", ROOT.parent / "shared" / "gold-more"))

pytestmark = [pytest.mark.model, pytest.mark.skipif(not (GOLD_MORE / "texts").exists(), reason=f"no gold-more at {GOLD_MORE}")]


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("gold-more") / "out"
    build([GOLD_MORE / "texts"], out, reports=False)
    return {s.name: s for s in evaluate(GOLD_MORE, out)}


def test_footnotes(scores):
    assert scores["footnotes.json"].recall >= 0.95


def test_attributions(scores):
    s = scores["attributions.json"]
    assert s.precision >= 0.90 and s.recall >= 0.80  # the goal


def test_relations(scores):
    s = scores["relations.json"]
    assert s.precision >= 0.75 and s.recall >= 0.50  # the goal
    assert s.extra["polarity_accuracy"] >= 0.85
    assert set(s.extra["by_type"]) >= {"supports", "opposes", "cooperatesWith", "meets", "dependsOn"}


def test_actors(scores):
    assert scores["actors.json"].recall >= 0.85  # the goal
