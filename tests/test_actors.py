"""Actor mentions and resolution with the real model."""

import pytest

from kg.extract.actors import find_mentions
from kg.resolve import ArticleMentions, Resolver, initials, normalise

pytestmark = pytest.mark.model


def resolve(nlp, lex, table, *texts):
    arts = [ArticleMentions(f"a{i}", t, find_mentions(nlp(t), table, lex)) for i, t in enumerate(texts)]
    actors, mentions, _ = Resolver(table, lex).resolve(arts)
    return actors, mentions


def alias_map(actors):
    return {alias: a.label for a in actors.values() for alias in a.aliases}


@pytest.mark.parametrize(
    "text, alias, label",
    [
        ("Moscow rejected the offer on Friday.", "Moscow", "Russia"),
        ("The Kremlin rejected the offer on Friday.", "The Kremlin", "Russia"),
        ("Beijing welcomed the visit.", "Beijing", "China"),
        ("Washington imposed new tariffs.", "Washington", "United States"),
        ("Pyongyang launched another missile.", "Pyongyang", "North Korea"),
        ("Kyiv asked for more air defence.", "Kyiv", "Ukraine"),
        ("The United Nations called for a ceasefire.", "United Nations", "United Nations"),
    ],
)
def test_metonymy_and_table_names(nlp, lex, table, text, alias, label):
    actors, _ = resolve(nlp, lex, table, text)
    assert alias_map(actors).get(alias) == label


def test_titles_are_stripped_and_short_forms_linked(nlp, lex, table):
    text = ("Brazilian President Luiz Inacio Lula met French President Emmanuel Macron in Paris. "
            "Macron later said the talks went well. The French president then flew to Berlin.")
    actors, _ = resolve(nlp, lex, table, text)
    m = alias_map(actors)
    assert m["French President Emmanuel Macron"] == "Emmanuel Macron"
    assert m["Macron"] == "Emmanuel Macron"
    assert m["The French president"] == "Emmanuel Macron"
    macron = next(a for a in actors.values() if a.label == "Emmanuel Macron")
    assert macron.type == "person" and macron.affiliation == "state-FR"


def test_short_form_links_across_articles(nlp, lex, table):
    actors, _ = resolve(nlp, lex, table, "Chancellor Olaf Scholz spoke first.", "Later, Scholz left the summit.")
    people = [a for a in actors.values() if a.type == "person"]
    assert [p.label for p in people] == ["Olaf Scholz"]
    assert "Scholz" in people[0].aliases


def test_demonyms_and_groups(nlp, lex, table):
    actors, mentions = resolve(nlp, lex, table, "Russian forces advanced while Iranian officials said nothing.")
    m = alias_map(actors)
    assert m.get("Iranian officials") == "Iranian officials"
    group = next(a for a in actors.values() if a.label == "Iranian officials")
    assert group.type == "group" and group.affiliation == "state-IR"
    assert any(x.actor == "state-RU" and x.text == "Russian forces" for x in mentions["a0"])
    assert "Russian forces" not in m  # a derived mention, not a name


def test_acronym_in_parentheses(nlp, lex, table):
    text = "The Central Statistics Bureau (CSB) published new data. CSB said inflation slowed."
    actors, _ = resolve(nlp, lex, table, text)
    m = alias_map(actors)
    assert m["CSB"] == m["Central Statistics Bureau"]


def test_helpers():
    assert normalise("The Royal Navy's") == "royal navy"
    assert initials("Institute for the Study of War") == "ISW"


def test_acronym_of_a_lower_case_phrase_is_no_actor_name(nlp):
    from kg.extract.actors import _lowercase_acronyms

    doc = nlp("Investment in the national power grid (NPG) rose, and the Central Statistics Bureau (CSB) said so. "
              "Spare parts (SP) were short; the long-range strike-drone programme (SDP) grew.")
    assert _lowercase_acronyms(doc) == {"NPG", "SDP"}


def test_each_title_reference_goes_to_its_own_person(nlp, lex, table):
    text = ("Brazilian President Luiz Inacio Lula met French President Emmanuel Macron in Paris. "
            "The Brazilian president spoke first, and the French president answered him.")
    actors, _ = resolve(nlp, lex, table, text)
    m = alias_map(actors)
    assert m["The Brazilian president"] == m["Brazilian President Luiz Inacio Lula"]
    assert m["the French president"] == "Emmanuel Macron"


@pytest.mark.parametrize(
    "text, actor, kind",
    [
        ("The 28th Separate Mechanized Brigade repelled the assault.", "28th Separate Mechanized Brigade", "organization"),
        ("The 1st Guards Tank Army regrouped in the north.", "1st Guards Tank Army", "organization"),
        ("The Eastern Military District reported losses.", "Eastern Military District", "organization"),
    ],
)
def test_issue_11_unit_names_are_actors(nlp, lex, table, text, actor, kind):
    from kg.extract.actors import find_mentions

    assert (actor, kind) in [(m.text, m.kind) for m in find_mentions(nlp(text), table, lex)]


@pytest.mark.parametrize(
    "text, thing",
    [
        ("Iran signed the Nuclear Non-Proliferation Treaty in 1968.", "Nuclear Non-Proliferation Treaty"),
        ("Russian forces shelled Donetsk Oblast overnight.", "Donetsk Oblast"),
        ("Fighting continued near Andriivka on Tuesday.", "Andriivka"),
        ("Drones hit the Zaporizhzhia Nuclear Power Plant.", "Zaporizhzhia Nuclear Power Plant"),
    ],
)
def test_issue_11_places_and_texts_are_no_actors(nlp, lex, table, text, thing):
    from kg.extract.actors import find_mentions

    kinds = {m.text: m.kind for m in find_mentions(nlp(text), table, lex)}
    assert kinds.get(thing) in (None, "propn"), kinds  # "propn": a bare proper noun resolution drops unless it is a known name


@pytest.mark.parametrize(("text", "name"), [
    ("Dutch minister Hanna van der Berg spoke on Monday.", "Hanna van der Berg"),  # particles inside a name
    ("In 2016, President Lee Min-woo ordered the zone closed.", "Lee Min-woo"),  # a hyphenated given name
    ("Soldiers fire a howitzer near the front. Jane DOUGLAS / AFP", "Jane DOUGLAS"),  # a wire credit
])
def test_whole_personal_names(nlp, lex, table, text, name):
    assert (name, "person") in {(m.core, m.kind) for m in find_mentions(nlp(text), table, lex)}


def test_a_demonym_before_an_acronym_is_no_credit(nlp, lex, table):
    found = {m.core for m in find_mentions(nlp("The Italian MOD cannot keep up, analysts said."), table, lex) if m.kind == "person"}
    assert "Italian MOD" not in found


@pytest.mark.parametrize(("text", "expected"), [
    ("Recruits rest near the front line [Jane Roe/Reuters]", {("Jane Roe", "person"), ("Reuters", "organization")}),  # a photo credit
    ("Elements of the Russian 7th Motorized Rifle Division attacked.", {("7th Motorized Rifle Division", "organization")}),
    ("Elements of the 41st CAA advanced while the 2nd MRD held.", {("41st CAA", "organization"), ("2nd MRD", "organization")}),  # abbreviated units
])
def test_credits_split_and_units_keep_their_own_name(nlp, lex, table, text, expected):
    assert expected <= {(m.core, m.kind) for m in find_mentions(nlp(text), table, lex)}


def test_a_credit_after_a_date_parts_at_its_slash(nlp, lex, table):
    text = "Cadets warm themselves by the fire during a drill before night missions, in the north, March 3, 2025 [Olena Marchuk/Reuters]"
    assert {(m.text, m.kind) for m in find_mentions(nlp(text), table, lex)} >= {("Olena Marchuk", "person"), ("Reuters", "organization")}
    assert not any("/" in m.text for m in find_mentions(nlp(text), table, lex))


def _parsed(words, pos, deps, heads, ents, sent_starts):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, pos=pos, deps=deps, heads=heads, ents=ents, sent_starts=sent_starts)


def test_a_capitalised_word_opening_a_sentence_is_no_person(lex, table):
    # the tagger's reading of "Steady pressure is needed." in a long article: a PERSON
    words = ["Steady", "pressure", "is", "needed", "."]
    args = dict(pos=["PROPN", "NOUN", "AUX", "VERB", "PUNCT"], deps=["compound", "nsubjpass", "auxpass", "ROOT", "punct"],
                heads=[1, 3, 3, 3, 3], ents=["B-PERSON", "O", "O", "O", "O"], sent_starts=[1, 0, 0, 0, 0])
    assert not [m for m in find_mentions(_parsed(words, **args), table, lex) if m.kind == "person"]
    # the same word written as a name elsewhere in the text is a name
    words2 = words + ["Ask", "Steady", "."]
    args2 = {k: v + extra for (k, v), extra in zip(args.items(), (["VERB", "PROPN", "PUNCT"], ["ROOT", "dobj", "punct"],
                                                                  [5, 5, 5], ["O", "B-PERSON", "O"], [1, 0, 0]))}
    assert [m.text for m in find_mentions(_parsed(words2, **args2), table, lex) if m.kind == "person"][:1] == ["Steady"]
