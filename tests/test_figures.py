"""Figures with the real model: value, unit, qualifier, ranges, rates, conversions, exclusions."""

import pytest

from kg.extract.figures import figures, number_value, qualifier_of

pytestmark = pytest.mark.model


def _figs(nlp, lex, table, text):
    return figures(nlp(text), lex, table)


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("The ministry spent $3.2 billion on roads in 2021.", 3.2e9, "USD", None),
        ("Exports reached 7.5 trillion rubles last year.", 7.5e12, "RUB", None),
        ("The army lost about 1,250 trucks in the offensive.", 1250, "trucks", "about"),
        ("The state sent nearly 400 engineers abroad.", 400, "engineers", "almost"),
        ("Prices rose by more than 12 percent over the summer.", 12, "percent", "more than"),
        ("The factory makes up to 30 drones per week.", 30, "drones", "up to"),
        ("Officials counted at least 15 warships in port.", 15, "warships", "at least"),
        ("The camp holds fewer than 2,000 refugees today.", 2000, "people", "less than"),
        ("Unemployment fell to 4.5% in the spring.", 4.5, "percent", None),
        ("The navy ordered twelve frigates from the yard.", 12, "frigates", None),
        ("Some 8 million people live in the region.", 8e6, "people", "about"),
        ("The rebels control about half of the province.", 50, "percent", "about"),
        ("Output has doubled since the reform.", 2, "factor", None),
    ],
)
def test_value_unit_qualifier(nlp, lex, table, text, value, unit, qualifier):
    fs = _figs(nlp, lex, table, text)
    assert len(fs) == 1, fs
    f = fs[0]
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.qualifier == qualifier
    assert text[f.start : f.end] == f.text


def test_range_and_rate(nlp, lex, table):
    (f,) = _figs(nlp, lex, table, "Gunners fired between 4,000 and 6,000 shells per day in May.")
    assert (f.value, f.low, f.high, f.unit, f.rate) == (None, 4000, 6000, "shells", "per day")


def test_bare_number_takes_the_unit_before_it(nlp, lex, table):
    fs = _figs(nlp, lex, table, "The unit had 900 medics in April and about 1,100 in June.")
    assert [(f.value, f.unit) for f in fs] == [(900, "medics"), (1100, "medics")]


def test_conversion_in_parentheses_is_linked(nlp, lex, table):
    fs = _figs(nlp, lex, table, "The fund held 5.5 trillion rubles (about $60 billion) in March.")
    assert [(f.value, f.unit) for f in fs] == [(5.5e12, "RUB"), (6e10, "USD")]
    assert fs[1].converted_from == 0 and fs[1].qualifier == "about"


def test_acronym_names_the_unit(nlp, lex, table):
    (f,) = _figs(nlp, lex, table, "The brigade lost 120 armoured personnel carriers (APCs) last month.")
    assert f.unit == "APCs" and f.value == 120


def test_time_is_recorded(nlp, lex, table):
    (f,) = _figs(nlp, lex, table, "The agency reported 3,000 arrests in January 2023.")
    assert f.when == "January 2023"


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed on March 3, 2019 in Geneva.",
        "In 2021 the talks collapsed.",
        "The 2025 budget was approved quickly.",
        "The two-hour call ended without a deal.",
        "He has served for three years.",
        "Troops used 152mm howitzers near the river.",
        "One of the leaders left early.",
    ],
)
def test_not_figures(nlp, lex, table, text):
    assert [f.text for f in _figs(nlp, lex, table, text)] == []


def test_list_numbers_are_not_figures(nlp, lex, table):
    fs = _figs(nlp, lex, table, "The country wants two things: 1. money and 2. time.")
    assert [(f.value, f.unit) for f in fs] == [(2, "things")]


def test_range_of_durations_is_a_figure(nlp, lex, table):
    (f,) = _figs(nlp, lex, table, "Repairs will take 12 to 18 months at the current pace.")
    assert (f.low, f.high, f.unit) == (12, 18, "months")


def test_helpers():
    assert number_value("1,345") == 1345
    assert number_value("nine", " million") == 9e6
    assert number_value("twenty-one") == 21
    assert qualifier_of("as high as") == "up to"
    assert qualifier_of("fewer than") == "less than"
