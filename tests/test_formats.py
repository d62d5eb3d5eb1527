"""Real documents in: saved web pages, Markdown exports, PDFs and PDF text saved as text all
land in one canonical text with note markers, notes and inline links at the right offsets."""

from __future__ import annotations

import re

import pytest

from kg.corpus import load_article, load_corpus, nlp_text, parse_article
from kg.errors import ArticleError

from . import pdf_fixture
from .conftest import DATA

FORMATS = DATA / "formats"
MARKUP = re.compile(r"</?[a-z][^>]*>|\*\*|\]\(|\[\^|&[a-z]+;")


def notes_after(article) -> dict[int, str]:
    """Each marker's number → the word it follows."""
    return {m.n: article.text[: m.start].split()[-1] for m in article.markers}


def urls(article) -> dict[int, list[str]]:
    return {f.n: [u.url for u in f.urls] for f in article.footnotes}


@pytest.mark.parametrize("name", ["news-page.html", "page-saved-as.txt"])
def test_html_page_main_text_metadata_notes_and_links(name):
    a = load_article(FORMATS / name)
    assert a.media_type == "text/html"
    assert not MARKUP.search(a.text)
    for clutter in ("Advertisement", "Sponsored", "Share on", "Cranes at the grain terminal", "Comments (12)",
                    "Grain prices slide", "All rights reserved", "Subscribe", "window.dataLayer", "↩", "Great news for the town"):
        assert clutter not in a.text, clutter
    assert a.title == "Harbour traffic hits a record as new berths open"
    assert (a.author, str(a.published), a.publisher) == ("Mira Holm", "2024-05-14", "The Coastal Ledger")
    assert a.url == "https://ledger.example.com/business/2024/05/harbour-record"
    assert notes_after(a) == {1: "began.", 2: "regardless."}
    assert urls(a) == {1: ["https://port.example.org/stats/q1-2024"], 2: []}
    links = {link.text: link.url.url for link in a.links}
    assert links == {
        "said in its quarterly bulletin": "https://port.example.org/bulletins/q1-2024",
        "raised premiums on the route": "https://ledger.example.com/business/2024/04/insurers-route",  # relative, resolved
        "forecast published on Friday": "https://ministry.example.gov/outlook-2025.pdf",
    }
    assert all(a.text[link.start : link.end] == link.text for link in a.links)


def test_html_page_with_no_main_text_is_an_error_naming_the_file():
    with pytest.raises(ArticleError, match=r"E009.*empty-page\.html.*no main text"):
        load_article(FORMATS / "empty-page.html")


def test_markdown_export_links_notes_and_a_notes_table():
    a = load_article(FORMATS / "report-export.md")
    assert a.media_type == "text/markdown" and a.title == "Grain Corridors: An Export Report"
    assert not MARKUP.search(a.text) and "doubled in 2023" in a.text
    assert notes_after(a) == {1: "review.", 2: "period.", 3: "high,"}
    assert urls(a) == {1: ["https://customs.example.gov/review-2023"], 2: ["https://freight.example.com/bulletin/2024-03"], 3: []}
    assert {link.text: link.url.url for link in a.links} == {
        "customs agency's annual review": "https://customs.example.gov/review-2023",
        "wrote in a circular": "https://ministry.example.gov/circular-7",
    }


def test_markdown_footnote_syntax_and_lists():
    raw = ("Exports *rose* sharply.[^a] Imports fell.[^2]\n\n1. first point\n2. second point\n\n"
           "[^a]: https://stats.example.org/a\n[^2]: Ministry data, https://ministry.example.gov/b\n")
    a = parse_article(raw, media_type="text/markdown")
    assert a.text.startswith("Exports rose sharply.[1] Imports fell.[2]")
    assert "1. first point" in a.text
    assert urls(a) == {1: ["https://stats.example.org/a"], 2: ["https://ministry.example.gov/b"]}


def test_plain_text_from_a_pdf_links_glued_note_numbers():
    a = load_article(FORMATS / "pdf-as-text.txt")
    assert notes_after(a) == {1: "before.", 2: "2023.", 3: "May.", 4: "commerce."}
    assert urls(a)[4] == ["https://chamber.example.org/outlook"]
    assert a.text[a.markers[1].start - 5 : a.markers[1].end] == "2023.2"  # the year stays a year
    masked = nlp_text(a)
    assert "Port Authority, Annual" not in masked  # note lines are not sentences
    assert "Some 40 ships" in masked and "3 berths" in masked and "before.  Exporters" in masked  # the marker blanked


def test_glued_numbers_without_a_note_list_are_left_alone():
    a = parse_article("Output grew in May.3 It fell in June.4 Prices held.5\n\n3 ships left port on Monday.\n")
    assert a.markers == () and a.footnotes == ()


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    pytest.importorskip("reportlab")
    return pdf_fixture.report(tmp_path_factory.mktemp("pdf") / "harbour-report.pdf")


def test_pdf_report_markers_notes_furniture_and_links(report_pdf):
    a = load_article(report_pdf)
    assert a.media_type == "application/pdf" and len(a.sha256) == 64
    assert (a.title, a.author) == ("Grain Through the Harbour", "Ola Nordmann")
    assert pdf_fixture.HEADER not in a.text and not re.search(r"^\s*[12]\s*$", a.text, re.M)
    assert "port authority confirmed" in a.text  # "auth-" + "ority": a word the document uses
    assert notes_after(a) == {1: "before.", 2: "bulletin.", 3: "May.", 4: "March."}
    assert urls(a) == {1: ["https://port.example.org/stats/2024"],
                       2: ["https://port.example.org/bulletins/q2-2024.pdf"],  # broken across two lines
                       3: [], 4: ["https://harbour.example.net/log"]}
    assert a.footnote_map[3].note.endswith("in June and in July.")  # the note runs on to page 2
    (link,) = a.links
    assert (link.text, link.url.url) == ("the shipping ministry reported", "https://ministry.example.gov/shipping/route-report")
    assert a.warnings == ()


def test_sidecar_metadata_overrides_what_the_file_states(report_pdf, tmp_path):
    pdf = tmp_path / report_pdf.name
    pdf.write_bytes(report_pdf.read_bytes())
    (tmp_path / (pdf.name + ".yaml")).write_text("title: Harbour report, final\npublisher: Harbour Institute\ndate: 2024-06-01\n")
    a = load_article(pdf)
    assert (a.title, a.author, a.publisher, str(a.published)) == ("Harbour report, final", "Ola Nordmann", "Harbour Institute", "2024-06-01")


@pytest.mark.parametrize("kind, reason", [
    ("encrypted", "encrypted (password protected)"),
    ("scanned", "no text layer"),
    ("damaged", "damaged or not a PDF"),
])
def test_bad_pdfs_get_a_clear_error_and_the_rest_still_load(kind, reason, tmp_path, report_pdf):
    pytest.importorskip("reportlab")
    bad = tmp_path / f"{kind}.pdf"
    if kind == "damaged":
        bad.write_bytes(report_pdf.read_bytes()[:900])
    else:
        getattr(pdf_fixture, kind)(bad)
    (tmp_path / "good.pdf").write_bytes(report_pdf.read_bytes())
    items = list(load_corpus([tmp_path]))
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert len(errors) == 1 and f"{kind}.pdf" in str(errors[0]) and reason in str(errors[0]) and "E008" in str(errors[0])
    assert [i.id for i in items if not isinstance(i, ArticleError)] == ["good"]


def test_markdown_notes_as_a_numbered_list_with_back_links():
    raw = ("Exports rose sharply.[1](#fn1) Imports fell, the ministry said.[2](#fn2)\n\n"
           "1. Statistics office, [tables](https://stats.example.org/t) [↩](#fnref1)\n"
           "2. Ministry of Trade, https://trade.example.gov/b [↩](#fnref2)\n")
    a = parse_article(raw, media_type="text/markdown")
    assert a.text.rstrip() == "Exports rose sharply.[1] Imports fell, the ministry said.[2]"
    assert urls(a) == {1: ["https://stats.example.org/t"], 2: ["https://trade.example.gov/b"]}
    assert "↩" not in a.footnote_map[1].text


def test_plain_text_notes_as_a_numbered_list():
    raw = ("Port traffic doubled.[1] Insurers raised premiums.[2]\n\nThe route stays open.\n\nNotes\n"
           "1. Port Authority, https://port.example.org/a\n2. Insurers' association,\n   https://insure.example.org/b\n")
    a = parse_article(raw)
    assert "Notes" not in a.text and a.text.rstrip().endswith("The route stays open.")
    assert urls(a) == {1: ["https://port.example.org/a"], 2: ["https://insure.example.org/b"]}
    assert a.warnings == ()


@pytest.mark.parametrize("module, reader, name", [("kg.formats.html", "read_html", "news-page.html"), ("kg.formats.pdf", "read_pdf", "report.pdf")])
def test_a_reader_that_fails_loses_only_its_file(module, reader, name, tmp_path, monkeypatch, report_pdf):
    import importlib

    src = FORMATS / name if name.endswith(".html") else report_pdf
    (tmp_path / name).write_bytes(src.read_bytes())
    (tmp_path / "plain.txt").write_text("Exports rose in May, the ministry said in its monthly report.\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(importlib.import_module(module), reader, broken)
    items = list(load_corpus([tmp_path]))
    (error,) = [i for i in items if isinstance(i, ArticleError)]
    assert name in str(error) and "reader failed (RecursionError" in str(error)
    assert [i.id for i in items if not isinstance(i, ArticleError)] == ["plain"]
