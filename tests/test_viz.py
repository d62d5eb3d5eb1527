"""The interactive graph in a real browser: Playwright driving Debian's Chromium."""

import re
import shutil

import pytest

from kg import build
from kg.viz import render

from .conftest import DATA

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.model, pytest.mark.browser]
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("viz") / "output"
    src = tmp_path_factory.mktemp("viz-in")
    for f in (DATA / "relations").iterdir():
        shutil.copy(f, src / f.name)
    # an article whose text and footnote try to inject markup
    # plain text keeps markup as written (Markdown would drop the tags): the page must escape it
    (src / "probe.txt").write_text(
        "---\ntitle: \"Probe\"\n---\nProbe\n\nIran supports Syria " + XSS + " <script>window.__pwned=1</script>.[1]\n\n"
        "[1] https://example.org/a\n", encoding="utf-8")
    # an inline link is evidence the panel shows beside footnotes
    (src / "linked.md").write_text(
        "---\ntitle: \"Linked\"\n---\nLinked\n\nTurkey supports Azerbaijan, [the defence ministry said](https://defence.example.gov/x).\n",
        encoding="utf-8")
    build([src], out)
    return out, out / "graph.html"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not __import__("os").path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (make test installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1300, "height": 850})
    errors, requests, dialogs = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.kgGraph && window.kgGraph.nodes().length > 0")
    return page, errors, requests, dialogs


def test_page_is_one_offline_file(page_file):
    _, path = page_file
    import re

    html = path.read_text()
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html, re.I)
    assert "<script src=" not in html and "vis.Network" in html


def test_loads_without_errors_or_requests(browser, page_file):
    out, path = page_file
    page, errors, requests, dialogs = open_page(browser, path)
    labels = {n["label"] for n in page.evaluate("window.kgGraph.nodes()")}
    assert {"Iran", "Russia", "China"} <= labels
    assert errors == [] and requests == [] and dialogs == []
    page.screenshot(path=str(out / "graph-stance.png"))
    page.close()


def test_clicking_an_edge_shows_its_evidence_sentence(browser, page_file):
    _, path = page_file
    page, errors, _, _ = open_page(browser, path)
    edge = page.evaluate("window.kgGraph.edges().find(e => e.label_text && e.label_text.startsWith('Iran supports Russia'))")
    # a point on the edge as drawn (straight or curved) where the network finds this edge and
    # no node: a real click there must select it
    pos = page.evaluate("""(id) => { const n = window.kgGraph.network(); const e = n.body.edges[id];
        const r = document.getElementById('net').getBoundingClientRect();
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75]) {
          const p = e.edgeType.getPoint(t), d = n.canvasToDOM(p);
          if (n.getEdgeAt(d) === id && n.getNodeAt(d) === undefined) return {x: r.left + d.x, y: r.top + d.y};
        }
        return null; }""", edge["id"])
    assert pos is not None, "no clickable point on the edge"
    page.mouse.click(pos["x"], pos["y"])
    panel = page.inner_text("#panel")
    assert "Iran has supplied Russia with missiles and radars." in panel and "footnotes [1]" in panel
    assert page.locator("#panel a[href='https://www.example.org/drones']").count() == 1
    assert errors == []
    page.close()


def test_xss_probe_shows_as_text_and_runs_nothing(browser, page_file):
    out, path = page_file
    page, errors, requests, dialogs = open_page(browser, path)
    page.click("#tab-evidence")
    page.fill("#search", "iran supports syria")
    probe = page.evaluate("window.kgGraph.nodes().find(n => n.kind === 'claim' && n.search.includes('iran supports syria'))")
    page.evaluate("(id) => window.kgGraph.select(id)", probe["id"])
    text = page.inner_text("#panel")
    assert XSS in text and "<script>window.__pwned=1</script>" in text
    assert page.evaluate("window.__pwned") is None and dialogs == [] and requests == [] and errors == []
    assert page.locator("#panel img").count() == 0
    page.screenshot(path=str(out / "graph-evidence.png"))
    page.close()


def test_evidence_panel_shows_inline_links(browser, page_file):
    _, path = page_file
    page, errors, _, _ = open_page(browser, path)
    page.click("#tab-evidence")
    claim = page.evaluate("window.kgGraph.nodes().find(n => n.kind === 'claim' && n.search.includes('turkey supports azerbaijan'))")
    page.evaluate("(id) => window.kgGraph.select(id)", claim["id"])
    panel = page.inner_text("#panel")
    assert "links on “the defence ministry said”" in panel
    assert page.locator("#panel a[href='https://defence.example.gov/x']").count() == 1 and errors == []
    page.close()


def test_evidence_view_folds_unsourced_claims_into_a_count_a_click_lists(browser, page_file):
    _, path = page_file
    page, errors, _, _ = open_page(browser, path)
    page.click("#tab-evidence")
    band = page.evaluate("window.kgGraph.nodes().find(n => n.kind === 'band' && n.expands)")
    assert band is not None and band["label"].startswith(("unsourced", "attributed only"))
    shown = "(id) => window.kgGraph.network().body.data.nodes.get({filter: n => n.member_of === id}).length"
    assert page.evaluate(shown, band["id"]) == 0
    # a real click on the band's box lists its claims; a second click folds them again
    pos = page.evaluate("""(id) => { const n = window.kgGraph.network(); const p = n.getPositions([id])[id];
        const d = n.canvasToDOM(p), r = document.getElementById('net').getBoundingClientRect();
        return {x: r.left + d.x, y: r.top + d.y}; }""", band["id"])
    page.mouse.click(pos["x"], pos["y"])
    assert page.evaluate(shown, band["id"]) > 0
    page.mouse.click(pos["x"], pos["y"])
    assert page.evaluate(shown, band["id"]) == 0 and errors == []
    page.close()


def test_filters_and_state_level(browser, page_file):
    _, path = page_file
    page, errors, _, _ = open_page(browser, path)
    before = page.evaluate("window.kgGraph.network().body.data.edges.length")
    page.uncheck("input[data-rel=supports]")
    after = page.evaluate("window.kgGraph.network().body.data.edges.length")
    assert after < before
    page.check("#state-level")
    assert page.evaluate("window.kgGraph.nodes().length") > 0 and errors == []
    page.close()


def test_the_article_filter_keeps_that_articles_stance_edges(browser, page_file):
    out, path = page_file
    from kg import viz

    data = viz.graph_data(out)
    edges = data["stance"]["actor"]["edges"]
    assert edges and all(set(e["articles"]) <= set(data["articles"]) for e in edges)  # the filter's names
    ids = {n["id"] for n in data["evidence"]["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["evidence"]["edges"])  # no edge to an undrawn node
    title = max(data["articles"], key=lambda t: sum(t in e["articles"] for e in edges))
    page, errors, _, _ = open_page(browser, path)
    before = page.evaluate("window.kgGraph.network().body.data.edges.length")
    page.select_option("#article-filter", title)
    after = page.evaluate("window.kgGraph.network().body.data.edges.length")
    assert 0 < after <= before and errors == []
    assert after == sum(title in e["articles"] for e in edges)
    page.close()


def test_only_http_links_in_data():
    data = {"stance": {"actor": {"nodes": [], "edges": []}, "state": {"nodes": [], "edges": []}},
            "evidence": {"nodes": [{"id": "x", "label": "</script><script>alert(1)</script>"}], "edges": []},
            "relations": [], "articles": [], "grades": [], "sourceTypes": [], "claims": {}}
    html = render(data)
    assert "</script><script>alert(1)" not in html


def test_a_big_corpus_gets_a_bounded_page(page_file, monkeypatch):
    from kg import viz

    out, _ = page_file
    full = viz.graph_data(out)
    monkeypatch.setattr(viz, "ACTOR_LIMIT", 3)
    monkeypatch.setattr(viz, "FOLDED_LIMIT", 0)
    small = viz.graph_data(out)
    assert len(small["stance"]["actor"]["nodes"]) == 3 < len(full["stance"]["actor"]["nodes"])
    assert not any(n.get("member_of") for n in small["evidence"]["nodes"])  # folded claims are counted, not drawn
    assert any("listed in audit.json" in n["label"] for n in small["evidence"]["nodes"] if n.get("kind") == "band")
    assert len(small["claims"]) < len(full["claims"]) and len(small["notes"]) == 2


def test_the_evidence_view_draws_the_most_sourced_articles_and_edges_list_their_first_sentences(page_file, monkeypatch):
    from kg import viz

    out, _ = page_file
    full = viz.graph_data(out)
    arts = {n["id"] for n in full["evidence"]["nodes"] if n.get("kind") == "article"}
    monkeypatch.setattr(viz, "SOURCED_LIMIT", 1)
    monkeypatch.setattr(viz, "EVIDENCE_LIMIT", 1)
    small = viz.graph_data(out)
    drawn = {n["id"] for n in small["evidence"]["nodes"] if n.get("kind") == "article"}
    assert len(drawn) == small["evidence"]["drawn_articles"] == 1 < len(arts) and drawn < arts
    assert any(note.startswith("Evidence: the 1 article with the most sourced claims") for note in small["notes"])
    edges = small["stance"]["actor"]["edges"]
    assert all(len(e["evidence"]) <= 1 for e in edges)
    several = [e for e in edges if int(re.search(r"\): (\d+) sentences?: ", e["label_text"]).group(1)) > 1]
    assert several and all(e["label_text"].endswith("(the first 1 below)") for e in several)


def test_a_stance_edge_stops_widening_at_widest_sources(page_file, monkeypatch):
    from kg import viz

    out, _ = page_file
    monkeypatch.setattr(viz, "WIDEST", 1)
    edges = viz.graph_data(out)["stance"]["actor"]["edges"]
    assert edges and max(e["width"] for e in edges) == 2.5
