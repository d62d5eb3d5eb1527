"""The quality floors of kg eval on the development gold (shared/gold), so they cannot
regress. Skipped only when the gold folder is not beside the repository."""

import pytest

from kg.evaluate import evaluate

from .conftest import GOLD

pytestmark = [pytest.mark.model, pytest.mark.skipif(not GOLD.exists(), reason=f"no gold annotations at {GOLD}")]


@pytest.fixture(scope="module")
def scores(corpus_build):
    out, _ = corpus_build
    return {s.name: s for s in evaluate(GOLD, out)}


def test_footnotes(scores):
    assert scores["footnotes.json"].recall >= 0.98


def test_figures(scores):
    assert scores["figures.json"].recall >= 0.90


def test_attributions(scores):
    s = scores["attributions.json"]
    assert s.precision >= 0.90 and s.recall >= 0.80


def test_actors(scores):
    assert scores["actors.json"].recall >= 0.90


def test_no_dates_or_footnote_numbers_among_figures(corpus_build):
    from kg import query

    out, _ = corpus_build
    for r in query("figures", out).rows:
        text = r["text"]
        assert not (r["unit"] in ("count",) and text.isdigit() and 1900 <= int(text) <= 2100), text
        assert "[" not in text, text


def test_relations(scores):
    # the dev gold annotates no acts of war (its README), so its precision is also taken
    # without the relations kg reads from CAMEO assault / fight codes
    s = scores["relations.json"]
    assert s.precision >= 0.80 and s.recall >= 0.65  # the goal
    assert s.extra["without_combat"]["precision"] >= 0.80
    assert s.extra["polarity_accuracy"] >= 0.85


def test_relation_ends_are_actors_never_self_dates_numbers_or_pronouns(corpus_build):
    from kg import query

    out, _ = corpus_build
    rows = query("who-supports-whom", out).rows
    assert rows
    for r in rows:
        assert r["subject"] != r["object"]
        for label in (r["subjectLabel"], r["objectLabel"]):
            assert label.lower() not in {"he", "she", "it", "they", "him", "her", "them"}
            assert not any(ch.isdigit() for ch in label), label


def test_figure_conflicts(scores):
    s = scores["conflicts.json"]
    assert s.recall >= 0.6
    assert s.extra["false_pairs"] <= s.tp_r  # no more than one false pair per true one
