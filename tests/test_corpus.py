"""Loading articles: front matter, titles, clutter rules, bad input (no model)."""

from datetime import date

import pytest

from kg.corpus import find_clutter, load_article, load_corpus, mask, nlp_text, parse_article
from kg.errors import ArticleError

from .conftest import DATA


def test_front_matter_and_footnotes():
    a = load_article(DATA / "corpus" / "2024-05-02-grain-corridor.md")
    assert a.title == "Grain Corridor Under Strain"
    assert a.author == "Maria Lindqvist"
    assert a.publisher == "Baltic Policy Review"
    assert a.published == date(2024, 5, 2)
    assert a.id == "2024-05-02-grain-corridor"
    assert sorted(f.n for f in a.footnotes) == [1, 2, 3, 4, 9]
    assert any("[5] has no definition" in w for w in a.warnings)
    assert any("[9] is defined but never cited" in w for w in a.warnings)
    assert not a.text.rstrip().endswith("never-cited")  # notes are not body text


def test_title_from_first_line_without_front_matter():
    a = parse_article("Headline here\n\nBody sentence one. Body two.\n", article_id="x")
    assert a.title == "Headline here"
    assert a.author is None and a.published is None


def test_markdown_heading_is_title():
    a = parse_article("# A Markdown Title\n\nSome body text here.\n")
    assert a.title == "A Markdown Title"


@pytest.mark.parametrize(
    "line",
    ["Advertisement", "ADVERTISEMENT", "142 views 3 min read 0 Comments", "By Jane Roe", "March 3, 2024", "Published posts: 12"],
)
def test_clutter_lines(line):
    text = f"Title\n\n{line}\n\nA real paragraph that says something.\n"
    ranges, _ = find_clutter(text)
    removed = [text[a:b].strip() for a, b in ranges]
    assert line in removed
    assert "A real paragraph that says something." in mask(text, ranges)


def test_duplicate_headline_and_tail_block():
    a = load_article(DATA / "corpus" / "news-alliance.txt")
    body = nlp_text(a)
    assert body.count("Brazil and India deepen ties") == 1
    assert "Also Read" not in body and "Next Story" not in body and "Modi to visit Brazil" not in body
    assert "views" not in body and "Advertisement" not in body
    # offsets are preserved: masking keeps the length
    assert len(body) == len(a.text)


def test_author_bio_at_the_end():
    text = "Title\n\n" + "A body sentence that says a thing. " * 20 + "\n\nJane Roe\n\nJane Roe, Oslo, 1970 is a writer.\n"
    ranges, _ = find_clutter(text, author="Jane Roe")
    assert "is a writer" not in mask(text, ranges)


def test_byline_fills_author_and_date():
    a = parse_article("Title\n\nBy Jane Roe\n\nMarch 3, 2024\n\nThe body says something.\n")
    assert a.author == "Jane Roe" and a.published == date(2024, 3, 3)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "file is empty"),
        ("image.txt", "binary"),
        ("latin1.txt", "not valid UTF-8"),
        ("broken-front-matter.md", "malformed front matter"),
    ],
)
def test_bad_files_are_named_with_the_reason(name, reason):
    with pytest.raises(ArticleError) as e:
        load_article(DATA / "bad" / name)
    assert name in str(e.value) and reason in str(e.value)


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(ArticleError, match="unsupported file type"):
        load_article(p)


def test_load_corpus_yields_errors_and_keeps_going():
    items = list(load_corpus([DATA / "bad", DATA / "corpus"]))
    errors = [i for i in items if isinstance(i, ArticleError)]
    articles = [i for i in items if not isinstance(i, ArticleError)]
    assert len(errors) == 4 and len(articles) == 2
