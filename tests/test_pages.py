"""The pages' templates and the graph's layout and style, without a model or a browser."""

import math

import networkx as nx

from kg.pages import render, safe_url
from kg.viz import _layout, style


def test_one_style_table_keeps_kinds_apart():
    st = style()
    assert st["relations"]["dependsOn"]["label"] == "depends on"  # the ontology's skos:prefLabel
    evidence = [v["color"] for t in ("grades", "sources") for v in st[t].values()]
    stance = [v["color"] for t in ("relations", "types") for v in st[t].values()]
    assert len(set(evidence)) == len(evidence) and len(set(stance)) == len(stance)


def test_a_small_component_sits_beside_the_large_one():
    g = nx.path_graph(30)
    g.add_edge("a", "b")
    pos = _layout(g, 900)
    big = [pos[n] for n in range(30)]
    span = max(math.dist(p, q) for p in big for q in big)
    centre = (sum(p[0] for p in big) / 30, sum(p[1] for p in big) / 30)
    assert math.dist(pos["a"], centre) < 2 * span


def test_the_audit_page_escapes_values_and_links_only_http():
    from kg.audit import GRADES, render_html

    claim = {"claim": "https://w3id.org/kg/id/claim/a/0-9", "text": "<script>alert(1)</script>", "title": "T", "speakers": [],
             "publishers": [], "urls": ["javascript:alert(1)", "https://example.org/x"], "grade": "unsourced", "start": 0, "end": 9}
    d = {"summary": {"articles": 1, "claims": 1, "self_citation_rate": None, "hygiene_findings": 0, "figure_conflicts": {},
                     "grades": {g: int(g == "unsourced") for g in GRADES}},
         "articles": [{"title": "T", "publisher": None, "claims": 1, "grades": {g: 0 for g in GRADES}, "footnotes": 0, "links": 0,
                       "sources": 0, "self_citation_rate": None, "source_types": {}}],
         "figure_conflicts": [], "unsourced_claims": [claim], "single_source_claims": [], "hygiene": [], "claims": [claim]}
    page = render_html(d)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and 'href="https://example.org/x"' in page
    assert "None" not in page  # a missing publisher shows as nothing
    assert page.count("<li><a href='#s") == 8 and "id='s8'>All claims (1)" in page  # contents and headings from one list
    assert safe_url("https://example.org/") and not safe_url("javascript:alert(1)") and not safe_url(None)


def test_the_graph_page_gets_its_data_through_tojson():
    page = render("graph.html.j2", data={"x": "</script><script>alert(1)</script>"}, vis_js="", vis_css="",
                  heading="<b>x</b>", options='{"a": "</script>"}')
    assert "</script><script>alert(1)" not in page and "\\u003c/script\\u003e" in page
    assert "<b>x</b>" not in page and '{"a": "</script>"}' not in page  # pyvis's heading and options are escaped too


def test_the_graph_page_is_made_by_pyvis_with_kgs_template():
    from kg.viz import HEADING, VIS_OPTIONS, render as render_page

    data = {"stance": {}, "evidence": {"nodes": []}, "claims": {}, "notes": [], "relations": [], "articles": [],
            "grades": [], "sourceTypes": [], "style": {}}
    page = render_page(data)
    # the heading and the options are pyvis's template variables (heading, options): the
    # template would fail on them (StrictUndefined) if the page were not rendered by pyvis
    assert f"<h1>{HEADING}</h1>" in page
    assert '\\"tooltipDelay\\": 150' in page and VIS_OPTIONS["interaction"]["tooltipDelay"] == 150
