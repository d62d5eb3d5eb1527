"""The provenance audit: grades, hygiene, estimative bands, one claim's chain, figure
conflicts, the reports (escaped, schema-valid)."""

import json
import math
import subprocess
import sys

import pytest

from kg import build
from kg.errors import KgError
from kg.audit import Fig, audit, claim_chain, close, comparable, figure_conflicts, find_claims, render_chain, side, verdict, write

from .conftest import DATA, ROOT

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit") / "output"
    build([DATA / "audit"], out)
    return out, audit(out)


def grade_of(report, start_of_text):
    return next(c["grade"] for c in report["claims"] if c["text"].startswith(start_of_text))


def test_grades(audited):
    _, r = audited
    assert grade_of(r, "Officials say the port") == "corroborated"      # Reuters + AP
    assert grade_of(r, "The ministry reported") == "self-sourced"      # only the publisher's own site
    assert grade_of(r, "An earlier study") == "single source"          # one other host
    assert grade_of(r, "The army is probably") == "unsourced"
    assert grade_of(r, "Analysts said") == "attributed only"
    assert grade_of(r, "The navy wants") == "unsourced"  # a stance says where the navy stands; it sources nothing
    assert sum(r["summary"]["grades"].values()) == r["summary"]["claims"]


def test_self_citation_and_source_mix(audited):
    _, r = audited
    (a,) = r["articles"]
    assert a["publisher"] == "RAND Corporation"
    assert a["source_types"]["self-citation"] == 1
    assert a["source_types"]["news media"] == 2
    assert a["self_citation_rate"] == pytest.approx(2 / 5)


def test_estimative_band(audited):
    _, r = audited
    c = next(c for c in r["claims"] if c["text"].startswith("The army is probably"))
    assert c["icd203"] == "likely"


def test_hygiene(audited):
    _, r = audited
    kinds = {(h["kind"], h["footnote"]) for h in r["hygiene"]}
    assert ("duplicate URL", 2) in kinds
    assert ("malformed URL", 3) in kinds  # http://localhost/x has no registered domain


def test_claim_chain_names_every_hop(audited):
    out, _ = audited
    (iri,) = find_claims(out, "Officials say the port handled", limit=1)
    assert find_claims(out, iri.split("/claim/")[1]) == [iri]
    c = claim_chain(out, iri)
    assert c["grade"] == "corroborated" and c["footnotes"][0]["footnote"] == 1
    assert {s["publisher"] for s in c["footnotes"][0]["sources"]} == {"Reuters", "Associated Press"}
    text = render_chain(c)
    assert "footnote [1]" in text and "https://apnews.com/article/b" in text and "characters" in text
    assert "2.5 million tonnes" in text


def test_figure_conflicts_in_a_build(audited):
    _, r = audited
    verdicts = {(p["a"]["text"], p["b"]["text"]): p["verdict"] for p in r["figure_conflicts"]}
    assert verdicts.get(("$4 billion", "$4.01 billion")) == "agree"
    assert verdicts.get(("$4.01 billion", "$6 billion")) == "disagree"


SIDES: list[dict] = []  # what the report shows of the figures ``fig`` makes, by their numbers


def fig(text, value, unit="tanks", *, when="2024", verb="lose", what="", claim=None, article="a", speakers=("X",), rate=None):
    SIDES.append(side({"figure": text, "text": text, "start": 0, "end": 1, "when": when, "claim": claim or text,
                       "claimText": text, "article": article, "speakers": " | ".join(speakers)}))
    return Fig(len(SIDES) - 1, text, 0, 1, value, value, unit, rate, None, what, when, verb, claim or text, article, speakers)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (fig("1", 240.11e9, "USD", what="bilateral trade", verb=None), fig("2", 240e9, "USD", what="trade", verb=None, speakers=("Y",)), "agree"),
        (fig("1", 3689), fig("2", 1400, speakers=("Y",)), "disagree"),
        (fig("1", 10000, when="since February 2022"), fig("2", 1400, speakers=("Y",)), "different scope"),
        (fig("1", 20, rate="per month", when=None), fig("2", 240, rate="per year", when=None, speakers=("Y",)), "agree"),
    ],
)
def test_verdicts(a, b, expected):
    assert comparable(a, b)
    assert verdict(a, b) == expected


def test_not_comparable():
    assert not comparable(fig("1", 10), fig("2", 12))  # same source, same article
    assert not comparable(fig("1", 10), fig("2", 12, verb="build", speakers=("Y",)))  # lost vs built
    assert not comparable(fig("1", 10, "air defense systems"), fig("2", 12, "artillery systems", speakers=("Y",)))
    assert not comparable(fig("1", 5, "percent", what="inflation"), fig("2", 7, "percent", what="unemployment", speakers=("Y",)))


def test_unknown_period_pairs_only_with_nearest():
    a = fig("a", 240e9, "USD", when=None, what="trade", verb=None, article="x")
    b = fig("b", 190e9, "USD", when="2022", what="trade", verb=None, speakers=("Y",))
    c = fig("c", 240.1e9, "USD", when="2023", what="trade", verb=None, speakers=("Z",))
    pairs = figure_conflicts([a, b, c], SIDES)
    joined = {(p["a"]["text"], p["b"]["text"], p["verdict"]) for p in pairs}
    assert ("a", "c", "agree") in joined and not any({"a", "b"} == {x, y} for x, y, _ in joined)


def test_a_repeated_figure_adds_one_pair_per_repeat():
    repeats = [fig(f"r{k}", 3689, article=f"copy{k}", speakers=(f"S{k}",)) for k in range(6)]
    other = fig("o", 1400, article="other", speakers=("T",))
    pairs = figure_conflicts(repeats + [other], SIDES)
    assert len(pairs) == 6  # five repeats agree with the first; the first disagrees with the other
    assert sum(p["verdict"] == "agree" for p in pairs) == 5
    assert [(p["a"]["text"], p["b"]["text"]) for p in pairs if p["verdict"] == "disagree"] == [("r0", "o")]


def test_a_big_block_pairs_each_figure_with_its_nearest_values_only():
    from kg.audit import NEIGHBOURS

    # one kind of quantity stated by many sources: every pair in a small block, a bounded number in a big one
    small = [fig(f"s{k}", 100 + k, article=f"a{k}", speakers=(f"S{k}",)) for k in range(NEIGHBOURS // 2)]
    n = len(small)
    assert len(figure_conflicts(small, SIDES)) == n * (n - 1) // 2
    big = [fig(f"b{k}", 100 + k, article=f"a{k}", speakers=(f"S{k}",)) for k in range(8 * NEIGHBOURS)]
    pairs = figure_conflicts(big, SIDES)
    assert len(pairs) <= NEIGHBOURS * len(big)
    joined = {frozenset((p["a"]["text"], p["b"]["text"])) for p in pairs}
    assert {frozenset(("b0", "b1")), frozenset(("b200", "b201"))} <= joined  # neighbours in value are compared
    assert frozenset(("b0", f"b{len(big) - 1}")) not in joined  # the far ends are not


def test_reports_escape_and_validate(audited, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    out, r = audited
    html_path, json_path = tmp_path / "audit.html", tmp_path / "audit.json"
    write(r, tmp_path)
    page = html_path.read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page.lower() and "<svg" in page and "http://" not in page.split("<body>")[0]
    schema = json.loads((ROOT / "ontology" / "audit.schema.json").read_text())
    jsonschema.validate(json.loads(json_path.read_text()), schema)


def test_cli_audit(audited):
    out, _ = audited
    r = subprocess.run([sys.executable, "-m", "kg.cli", "audit", "--store", str(out)], capture_output=True, text=True)
    assert r.returncode == 0 and "corroborated" in r.stdout and (out / "audit.html").exists()
    r = subprocess.run([sys.executable, "-m", "kg.cli", "audit", "--store", str(out), "--claim", "probably short of fuel"], capture_output=True, text=True)
    assert r.returncode == 0 and "unsourced" in r.stdout and "ICD 203: likely" in r.stdout


def test_the_page_lists_a_bounded_number_of_rows_and_every_link_lands(audited):
    import re

    from kg.audit import render_html

    _, r = audited
    page = render_html(r, rows=2)
    assert "more in audit.json" in page
    many = dict(r, articles=[dict(a, title=f"Copy {i}") for i in range(5) for a in r["articles"]])  # the per-article table and charts too
    page = render_html(many, rows=2)
    assert "Sourcing per article (5)" in page and "Copy 1" in page and "Copy 2" not in page
    assert page.count("<tr id='c-") < len(r["claims"])
    targets = set(re.findall(r"<tr id='([^']+)'", page))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= targets  # no link to a row the page left out


def test_a_stance_is_recorded_but_sources_nothing(audited):
    out, _ = audited
    from kg.query import query

    rows = [r for r in query("claims", out).rows if r["text"].startswith("The navy wants")]
    assert [(r["speakerLabel"], r["verb"], r["mode"]) for r in rows] == [("navy", "want", "stance")]
    assert any(r["text"].startswith("The navy wants") for r in query("unsourced-claims", out).rows)
    assert [(r["holderLabel"], r["cue"]) for r in query("stances", out).rows] == [("navy", "want")]
    scored = {int(r["start"]) for r in query("eval-attributions", out).rows}  # the gold files annotate no stances
    assert scored and int(rows[0]["start"]) not in scored


def test_a_spooled_audit_is_the_same_audit(audited, tmp_path):
    out, r = audited
    spooled = audit(out, spool=tmp_path / "claims.jsonl")
    try:
        assert list(spooled["claims"]) == r["claims"]
        assert list(spooled["articles"]) == r["articles"] and r["articles"]
        for key in ("single_source_claims", "unsourced_claims"):
            assert list(spooled[key]) == r[key]
        assert list(spooled["figure_conflicts"]) == r["figure_conflicts"] and r["figure_conflicts"]
        # a cluster's figures are read from the figures' file as they are asked for
        assert [{**c, "members": list(c["members"])} for c in spooled["figure_clusters"]] == r["figure_clusters"] and r["figure_clusters"]
        assert spooled["figure_clusters"][0]["members"][:1] == r["figure_clusters"][0]["members"][:1]
        assert sorted(p.name for p in tmp_path.glob("*.jsonl")) == ["claims.articles.jsonl", "claims.clusters.jsonl", "claims.conflicts.jsonl",
                                                                "claims.figures.jsonl", "claims.hygiene.jsonl", "claims.jsonl"]
        kept = ("articles", "claims", "hygiene", "figure_conflicts", "figure_clusters")  # on disk (the figures' sides were, while they were compared)
        assert {k: v for k, v in spooled.items() if not k.endswith(kept)} == {k: v for k, v in r.items() if not k.endswith(kept)}
        write(spooled, tmp_path / "a")
        write(r, tmp_path / "b")
        for name in ("audit.json", "audit.html"):
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    finally:
        close(spooled)
    assert not list(tmp_path.glob("*.jsonl"))


def test_the_audit_does_not_depend_on_the_stores_order(corpus_build):
    import pyoxigraph as ox

    from kg.store import open_store

    out, _ = corpus_build
    r = audit(out)
    quads = list(open_store(out).quads_for_pattern(None, None, None, None))
    again = ox.Store()
    again.bulk_extend(reversed(quads))  # another store, another internal order
    assert audit(again) == r
    hedged = [c["hedges"].split(", ") for c in r["claims"] if c["hedges"] and ", " in c["hedges"]]
    assert hedged and all(h == sorted(h) for h in hedged)  # GROUP_CONCAT lists come in the store's order
    cited = [h["detail"] for h in r["hygiene"] if h["kind"] == "duplicate URL" and ", " in h["detail"]]
    assert cited
    for d in cited:
        numbers = [int(n) for n in d.removeprefix("cited by footnotes ").split(", ")]
        assert numbers == sorted(numbers)


def test_a_failed_spooled_audit_leaves_no_files(audited, tmp_path, monkeypatch):
    import kg.audit as kg_audit

    out, _ = audited
    real = kg_audit.query_pages

    def failing(name, store, **kw):  # the store fails once the claims are spooled
        if name == "audit-figures":
            raise KgError("audit-figures: query timed out")
        return real(name, store, **kw)

    monkeypatch.setattr(kg_audit, "query_pages", failing)
    with pytest.raises(KgError, match="timed out"):
        audit(out, spool=tmp_path / "claims.jsonl")
    assert not list(tmp_path.glob("*.jsonl"))


@pytest.mark.parametrize("name", ["audit-claims", "audit-figures", "audit-hygiene", "audit-articles", "audit-source-types", "network-edges"])
def test_one_articles_page_is_its_rows_of_the_whole_listing(fixture_build, name):
    from kg.query import query

    out, _ = fixture_build
    whole = query(name, out).rows
    articles = sorted({r["article"] for r in whole})
    assert articles and (len(articles) == 2 or name in ("audit-hygiene", "audit-source-types", "audit-figures", "network-edges"))
    for a in articles:
        page = query(name, out, bindings={"article": a}).rows
        assert page == [r for r in whole if r["article"] == a], a


@pytest.mark.parametrize("name", ["audit-claims", "network-edges"])
def test_query_pages_reads_the_whole_listing_an_article_at_a_time(fixture_build, name):
    from kg.query import query, query_pages

    out, _ = fixture_build
    whole = query(name, out).rows
    articles = sorted({r["article"] for r in whole})
    assert list(query_pages(name, out)) == [r for a in articles for r in whole if r["article"] == a]
