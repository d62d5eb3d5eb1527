"""Attribution with the real model: speaker, cue, mode; no false speakers."""

import pytest

from kg.extract.actors import find_mentions
from kg.extract.claims import sentences
from kg.resolve import ArticleMentions, Resolver

pytestmark = pytest.mark.model


def attribute(nlp, lex, table, text):
    doc = nlp(text)
    art = ArticleMentions("t", text, find_mentions(doc, table, lex), sentences(doc, lex))
    actors, mentions, speakers = Resolver(table, lex).resolve([art])
    return [(a.speaker_label, a.cue, a.mode) for s in art.sentences for a in speakers.get(("t", s.index), ())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Finnish Defence Ministry said that the border would stay closed.", [("Finnish Defence Ministry", "say", "indirect")]),
        ("Reuters reported in May that exports had fallen.", [("Reuters", "report", "indirect")]),
        ("According to NATO, the exercise involved 9,000 troops.", [("NATO", "according to", "according-to")]),
        ("“We will keep buying oil,” said Indian Prime Minister Narendra Modi.", [("Narendra Modi", "say", "direct")]),
        ("Some analysts forecast that the currency will weaken further.", [("analysts", "forecast", "indirect")]),
        ("Norway paused the sale, saying its reserves were too low.", [("Norway", "say", "indirect")]),
        ("Data from the Polish General Staff indicates that attacks doubled.", [("Polish General Staff", "indicate", "indirect")]),
        ("Chatham House and RUSI reported that the blockade failed.", [("Chatham House", "report", "indirect"), ("Royal United Services Institute", "report", "indirect")]),
    ],
)
def test_speakers(nlp, lex, table, text, expected):
    assert sorted(attribute(nlp, lex, table, text)) == sorted(expected)


def test_pronoun_resolves_to_the_last_person(nlp, lex, table):
    text = "Jens Halvorsen, a professor at the University of Bergen, said the plan was flawed. But he added, “It can still be fixed.”"
    got = attribute(nlp, lex, table, text)
    assert got[-1][0] == "Jens Halvorsen"


def test_not_every_verb_is_a_cue(nlp, lex, table):
    for text in [
        "Several indicators suggest that recruitment is slowing.",
        "The central bank continued to raise rates in June.",
        "Prices rose sharply, suggesting that demand was strong.",
        "The minister visited the plant on Monday.",
    ]:
        assert attribute(nlp, lex, table, text) == [], text
