"""Footnote markers and definitions (pure functions, no model)."""

import pytest

from kg.footnotes import find_markers, fragment_text, normalise_url, parse_definitions, split_notes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It rose.[3]", [3]),
        ("It rose.[3][4]", [3, 4]),
        ("It rose.[3, 4]", [3, 4]),
        ("It rose.[3-5]", [3, 4, 5]),
        ("It rose.[3–5]", [3, 4, 5]),
        ("[Russian President Vladimir] Putin spoke.", []),
        ("A source [Al Jazeera] said so.", []),
        ("Nothing here.", []),
        ("Not a footnote [0] or [1000].", []),
    ],
)
def test_markers(text, expected):
    assert [m.n for m in find_markers(text)] == expected


def test_marker_offsets_point_at_the_brackets():
    text = "Prices rose.[12] Wages fell.[13]"
    for m in find_markers(text):
        assert text[m.start : m.end] == f"[{m.n}]"


def test_notes_section_with_continuation_lines_and_trailing_furniture():
    text = (
        "Body one.[1] Body two.[2]\n\n"
        "[1] https://example.org/a ;\n\n"
        "https://example dot net/b\n\n"
        "; https://example.com/c\n\n"
        "[2] https://example.org/d\n\n \n\nTags\n"
    )
    at = split_notes(text)
    assert text[:at].strip() == "Body one.[1] Body two.[2]"
    notes, dups = parse_definitions(text[at:])
    assert dups == []
    assert [u.url for u in notes[0].urls] == ["https://example.org/a", "https://example.net/b", "https://example.com/c"]
    assert notes[0].urls[1].repaired and not notes[0].urls[0].repaired
    assert [u.url for u in notes[1].urls] == ["https://example.org/d"]
    assert notes[1].note is None  # "Tags" is not part of footnote 2


def test_bibliographic_reference_keeps_doi_and_text():
    (fn,), _ = parse_definitions("[7] Smith, J. (2023). A study. Journal of Things, 4(2), 1–9. https://doi.org/10.1000/xyz123")
    assert fn.doi == "10.1000/xyz123"
    assert fn.note.startswith("Smith, J. (2023)")
    assert [u.url for u in fn.urls] == ["https://doi.org/10.1000/xyz123"]


def test_duplicate_definitions_are_reported():
    notes, dups = parse_definitions("[1] https://a.org/x\n[1] https://b.org/y")
    assert [u.url for u in notes[0].urls] == ["https://a.org/x"]
    assert dups == [(1, "https://b.org/y")]


def test_no_notes_section():
    text = "Just a body.\nWith two lines.\n"
    assert split_notes(text) == len(text)


@pytest.mark.parametrize(
    "raw, url, repaired",
    [
        ("https://asia.nikkei dot com/Politics/x", "https://asia.nikkei.com/Politics/x", True),
        ("http://publication.pravo dot gov.ru/document/1?index=1", "http://publication.pravo.gov.ru/document/1?index=1", True),
        ("https://example.org/page;", "https://example.org/page", False),
        ("https://example.org/a#:~:text=ends%20here.", "https://example.org/a#:~:text=ends%20here.", False),
        ("www.example.org/x", "https://www.example.org/x", False),
    ],
)
def test_normalise_url(raw, url, repaired):
    assert normalise_url(raw) == (url, repaired)


def test_fragment_text():
    assert fragment_text("https://x.org/a#:~:text=The%20army%20grew,by%20half.") == "The army grew … by half."
    assert fragment_text("https://x.org/a#section") is None


@pytest.mark.parametrize(
    "notes, expected, bad",
    [
        # a missing "]" must not make note 1 cite the next URL too
        ("[1] https://a.example.org/x\n[2 https://b.example.org/\n[3] https://c.example.org/", {1: ["https://a.example.org/x"], 3: ["https://c.example.org/"]}, 1),
        # nor its continuation lines
        ("[1] https://a.example.org/x\n[2 Ministry of Defence report\nhttps://b.example.org/y\n[3] https://c.example.org/", {1: ["https://a.example.org/x"], 3: ["https://c.example.org/"]}, 1),
        ("[1] https://a.example.org/x\n2] https://b.example.org/", {1: ["https://a.example.org/x"]}, 1),
        ("[1 javascript:alert(1)\n[2] https://b.example.org/", {2: ["https://b.example.org/"]}, 1),
    ],
)
def test_issue_10_malformed_definition_lines(notes, expected, bad):
    from kg.corpus import parse_article

    body = "Title\n\nFirst claim here.[1] Second claim here.[2] Third one.[3]\n\nNotes\n"
    art = parse_article(body + notes, path="typo.md")
    assert {f.n: [u.url for u in f.urls] for f in art.footnotes} == expected
    assert sum("malformed footnote definition" in w for w in art.warnings) == bad
    assert "Notes" not in art.text and "example.org" not in art.text and "javascript" not in art.text  # never body text


@pytest.mark.parametrize(
    "raw, url",
    [
        ("www.", ""),
        ("https://exa", ""),  # "https://exa mple.org/b" is cut at the space: not an address
        ("javascript:alert(1)", ""),
        ("https://user:pass@evil.example.org/login", "https://evil.example.org/login"),
        ("https://example.org/\u202efdp.exe", "https://example.org/fdp.exe"),
        ("https://exa\u200bmple.org/a", "https://example.org/a"),
        ("https://аpple.com/", "https://xn--pple-43d.com/"),  # a Cyrillic "а": shown as punycode
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
    ],
)
def test_issue_10_urls(raw, url):
    assert normalise_url(raw)[0] == url


def test_issue_10_broken_url_stays_note_text():
    (fn,), _ = parse_definitions("[1] Report, https://exa mple.org/b, 2023.")
    assert fn.urls == () and "https://exa" in fn.note


def test_issue_10_long_space_runs_are_linear():
    import time

    t = time.perf_counter()
    parse_definitions("[1" + " " * 200_000 + ",")
    parse_definitions("[1] https://a.org/x" + " " * 200_000 + "dot")
    normalise_url("https://a.org/x" + " dot " * 20_000)
    assert time.perf_counter() - t < 1.0
