"""The interactive graph: ``graph.html``, explorable offline.

Two views built from the store with networkx and turned into vis-network data with pyvis:
- **stance**: actors (size by claims, colour by type) and their relations (colour by type,
  dashed when hedged or negated, width by independent evidence), at the people level or
  rolled up to states;
- **evidence**: claims linked to their publishers (grouped by publisher), speakers and
  articles; unsourced claims and self-citations stand out; figure conflicts join claims.

Positions are computed with networkx and physics is off, so large graphs open at once. The
page is one file: vis-network (from pyvis's bundled copy) and the small UI are inlined, no
request leaves the page, every text is set with ``textContent`` and only http(s) links are
made clickable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from . import audit as kg_audit
from . import store as kg_store
from .lexicon import KG, SKOS, ontology_dir, read_turtle
from .network import RELATIONS, build_graph, stance
from .query import query_rows

# colours (and labels) of everything the page draws: one table for nodes, edges, legend and
# filters; relation labels are the ontology's skos:prefLabels. Hues are kept apart where two
# kinds can sit side by side (a self-citation is pink, a self-sourced claim orange).
TYPE_COLORS = {"Person": "#4c72b0", "State": "#dd8452", "Organization": "#55a868", "Group": "#8172b3", "DescribedSource": "#937860", "Actor": "#999999"}
TYPE_LABELS = {"Person": "person", "State": "state", "Organization": "organisation", "Group": "group", "DescribedSource": "described source"}
REL_COLORS = {"supports": "#2ca02c", "opposes": "#d62728", "dependsOn": "#e6a100", "cooperatesWith": "#17a2b8", "meets": "#7f7f7f"}
GRADE_COLORS = {"corroborated": "#2ca02c", "single source": "#98df8a", "self-sourced": "#ff7f0e", "attributed only": "#aec7e8", "unsourced": "#d62728"}
SOURCE_COLORS = {"publisher": "#5b8def", "self-citation": "#e377c2"}


@lru_cache(maxsize=1)
def relation_labels() -> dict[str, str]:
    """Each relation's skos:prefLabel in ``ontology/relations.ttl`` ("dependsOn" → "depends on")."""
    props = read_turtle(ontology_dir() / "relations.ttl")
    return {po[KG + "property"][0].removeprefix(KG): po[SKOS + "prefLabel"][0] for po in props.values() if KG + "property" in po}


def style() -> dict:
    """The table the page's legend and filters read: key → label and colour, per view."""
    rel = relation_labels()
    return {
        "relations": {r: {"label": rel.get(r, r), "color": c} for r, c in REL_COLORS.items()},
        "types": {t: {"label": TYPE_LABELS[t], "color": TYPE_COLORS[t]} for t in TYPE_LABELS},
        "grades": {g: {"label": g, "color": c} for g, c in GRADE_COLORS.items()},
        "sources": {k: {"label": k, "color": c} for k, c in SOURCE_COLORS.items()},
    }


PYVIS_LIB = Path(__import__("pyvis").__file__).parent / "lib" / "vis-9.1.2"


def _layout(g: nx.Graph, scale: float) -> dict:
    """Force-directed positions (networkx), one connected component at a time, the components
    packed in rows, largest first: a small component sits beside the big one, not far off in
    a corner where the fitted view shrinks every label."""
    if g.number_of_nodes() == 0:
        return {}
    und = nx.Graph(g)
    comps = sorted((sorted(c) for c in nx.connected_components(und)), key=lambda c: (-len(c), c[0]))
    unit = scale / math.sqrt(und.number_of_nodes())  # the room one node gets
    boxes = []
    for nodes in comps:
        # nodes and edges in sorted order: the layout then depends on the graph alone, not on
        # the order the store returned it in
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in und.subgraph(nodes).edges()))
        n = len(nodes)
        size = unit * math.sqrt(n) * 2
        if n == 1:
            pos = {nodes[0]: (0.0, 0.0)}
        else:
            iterations = 60 if n < 300 else 30 if n < 1000 else 15
            pos = nx.spring_layout(sub, k=1.5 / math.sqrt(n), iterations=iterations, seed=7, scale=size / 2)
            if n == 2:  # two nodes: one short edge, not the whole box
                pos = {k: (px * 0.4, py * 0.4) for k, (px, py) in pos.items()}
        boxes.append((size, pos))
    # rows a little wider than the largest component, so the small ones line up beside it
    width = max(boxes[0][0] * 1.5, math.sqrt(sum(b[0] ** 2 for b in boxes)) * 1.2)
    out, x, y, row = {}, 0.0, 0.0, 0.0
    for size, pos in boxes:
        if x > 0 and x + size > width:
            x, y, row = 0.0, y + row + unit, 0.0
        for node, (px, py) in pos.items():
            out[node] = (x + size / 2 + px, y + size / 2 + py)
        x, row = x + size + unit, max(row, size)
    return out


def _vis(g: nx.Graph, pos: dict) -> tuple[list, list]:
    """pyvis turns the networkx graph into vis-network node and edge records."""
    net = Network(directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        net.add_node(n, **{k: v for k, v in d.items() if k != "title"}, x=float(x), y=float(y), physics=False)
    for s, o, d in g.edges(data=True):
        net.add_edge(s, o, **d)
    return net.nodes, net.edges


def stance_data(store: str | Path, titles: dict[str, str], *, level: str, limit: int | None = None) -> dict:
    """The stance view; with ``limit``, only the actors named in the most claims (and the
    relations among them). ``titles``: the article filter's name for each article IRI."""
    g = build_graph(store, level=level, with_articles=True, with_sentences=False)  # the page lists claims, not sentences
    total = g.number_of_nodes()
    if limit is not None and total > limit:
        keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["claims"], n))[:limit]
        g = g.subgraph(keep).copy()
    view = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        view.add_node(n, label=d["label"], kind=d["type"], color=TYPE_COLORS.get(d["type"], "#999"),
                      value=max(1, d["claims"]), shape="dot", search=d["label"].lower())
    pairs: dict[frozenset, int] = {}
    parallel = {}
    for s, o in g.edges():
        parallel[frozenset((s, o))] = parallel.get(frozenset((s, o)), 0) + 1
    for s, o, k, d in g.edges(keys=True, data=True):
        pol = stance(d)
        # parallel edges between two actors are drawn apart, each on its own curve, so each can be clicked
        nth = pairs[frozenset((s, o))] = pairs.get(frozenset((s, o)), -1) + 1
        # (claim, polarity): the text is in DATA.claims; the first EVIDENCE_LIMIT, the label counts them all
        evidence = [[c, p] for c, p in zip(d["claims"][:EVIDENCE_LIMIT], d["polarities"])]
        view.add_edge(s, o, key=k, relation=d["relation"], polarity=pol, color=REL_COLORS.get(d["relation"], "#777"),
                      dashes=pol != "asserted", width=1 + 1.5 * min(d["independent"], WIDEST), arrows="to",
                      smooth={"enabled": parallel[frozenset((s, o))] > 1, "type": "curvedCW", "roundness": 0.15 + 0.2 * nth},
                      articles=sorted({titles.get(a) or a for a in d["in_articles"]}),
                      evidence=evidence,
                      label_text=f"{g.nodes[s]['label']} {d['relation']} {g.nodes[o]['label']} ({pol}): {_counts(d)}")
    nodes, edges = _vis(view, _layout(view, 900))
    return {"nodes": nodes, "edges": edges, "actors": total}  # ``actors``: how many there were before the limit


def _counts(d: dict) -> str:
    """How an edge's evidence splits by polarity: "9 sentences: 6 asserted, 2 negated, 1 hedged"."""
    n = d["evidence"]
    parts = [f"{d[p]} {p}" for p in ("asserted", "negated", "hedged") if d[p]]
    shown = f" (the first {EVIDENCE_LIMIT} below)" if len(d["claims"]) > EVIDENCE_LIMIT else ""
    return f"{n} sentence{'s' if n != 1 else ''}: " + ", ".join(parts) + shown


def _evidence(c: dict | None, iri: str) -> dict:
    if c is None:
        return {"claim": iri, "text": "", "article": "", "speakers": [], "urls": [], "grade": ""}
    return {"claim": iri, "text": c["text"], "article": c["title"] or c["article"], "speakers": c["speakers"],
            "footnotes": c.get("footnotes", []), "links": c.get("links", []), "urls": c.get("urls", []), "grade": c["grade"],
            "span": [c["start"], c["end"]]}


# grades shown claim by claim; the others are one count per article until it is expanded
SHOWN_GRADES = ("corroborated", "single source", "self-sourced")
COLUMN, STEP, PER_ROW = 760.0, 46.0, 6


def evidence_data(store: str | Path, report: dict, *, list_folded: bool = True, limit: int | None = None) -> dict:
    """Which claims rest on which evidence: one column per article, its claims in bands by
    grade (corroborated first), each sourced claim a dot linked to the publishers it cites
    (right) and the speakers it is attributed to (left). Claims attributed only or unsourced
    are one node per article that says how many there are, expanded on a click. With
    ``limit``, only the articles with the most sourced claims, until their claims drawn one
    by one reach ``limit`` (``drawn_articles`` says how many)."""
    g = nx.MultiDiGraph()
    pos: dict[str, tuple[float, float]] = {}
    articles = report["articles"]  # a big report keeps them on disk: read through, the drawn ones kept
    if limit is not None:
        shown = _most_sourced(articles, limit)
        articles = [a for a in articles if a["article"] in shown]
    else:
        articles = list(articles)
    own = {a["article"]: a.get("publisher") for a in articles}
    drawn = {a["article"] for a in articles}
    claims_of: dict[str, list[dict]] = {}
    for c in report["claims"]:  # read once, in order (a big report keeps them on disk): those of the drawn articles
        if c["article"] in drawn:
            claims_of.setdefault(c["article"], []).append(c)
    by_claim: dict[str, list[dict]] = {}
    st = kg_store.open_store(store)
    for art in sorted(drawn):  # only the drawn articles' sources, read a page per article
        for r in query_rows("claim-sources", st, bindings={"article": art}):
            if r.get("url"):
                by_claim.setdefault(r["claim"], []).append(r)
    articles = sorted(articles, key=lambda a: (a["title"] or "", a["article"]))
    per_line = max(1, math.ceil(math.sqrt(len(articles))))
    x0 = y0 = line_height = 0.0
    for i, a in enumerate(articles):
        if i and i % per_line == 0:
            x0, y0, line_height = 0.0, y0 + line_height + 4 * STEP, 0.0
        art, title = a["article"], a["title"] or a["article"]
        g.add_node(art, label=title if len(title) <= 50 else title[:47] + "…", kind="article", shape="box", color="#dddddd",
                   search=title.lower(), articles=[title], font={"size": 30})
        pos[art] = (x0, y0)
        y = y0 + 2 * STEP
        mine = claims_of.get(art, [])
        folded: list[tuple[str, list[dict]]] = []  # collapsed bands: their claims go below the others
        for grade in kg_audit.GRADES:
            members = [c for c in mine if c["grade"] == grade]
            if not members:
                continue
            band = f"band:{art}:{grade}"
            collapsed = grade not in SHOWN_GRADES
            hint = (" (click to list)" if list_folded else " (listed in audit.json)") if collapsed else ""
            label = f"{grade}: {len(members)} claim{'s' if len(members) != 1 else ''}" + hint
            g.add_node(band, label=label, kind="band", shape="box", grade=grade, color=GRADE_COLORS.get(grade, "#999"),
                       search=grade, articles=[title], expands=band if collapsed and list_folded else None, font={"size": 26})
            g.add_edge(band, art, relation="in article", color="#dddddd", width=0.5)
            pos[band] = (x0, y)
            y += 1.5 * STEP
            if collapsed:
                if list_folded:
                    folded.append((band, members))
                continue
            y = _claim_grid(g, pos, members, grade, band=None, x0=x0, y=y, title=title, sources=by_claim, own=own.get(art))
        line_height = max(line_height, y - y0)  # what shows at first; a listed band may run into the next line
        for band, members in folded:
            y = _claim_grid(g, pos, members, g.nodes[band]["grade"], band=band, x0=x0, y=y, title=title, sources=by_claim,
                            own=own.get(art), per_row=2 * PER_ROW)
        x0 += COLUMN
    for p in report["figure_conflicts"]:  # between claims drawn here (an edge to an undrawn claim would add a bare node)
        if p["verdict"] != "different scope" and p["a"]["claim"] in g and p["b"]["claim"] in g:
            g.add_edge(p["a"]["claim"], p["b"]["claim"], relation=f"figures {p['verdict']}: {p['a']['text']} / {p['b']['text']}",
                       color="#d62728" if p["verdict"] == "disagree" else "#2ca02c", width=3, dashes=True)
    _beside(g, pos)
    nodes, edges = _vis(g, pos)
    return {"nodes": nodes, "edges": edges, "drawn_articles": len(articles)}


def _most_sourced(articles: Iterable[dict], limit: int) -> set[str]:
    """The articles with the most claims drawn one by one (sourced), whole, until ``limit``
    such claims (at least one article)."""
    ranked = sorted((-sum(a["grades"].get(g, 0) for g in SHOWN_GRADES), a["title"] or "", a["article"]) for a in articles)
    shown: set[str] = set()
    total = 0
    for minus_n, _, article in ranked:
        if shown and total - minus_n > limit:
            break
        shown.add(article)
        total -= minus_n
    return shown


def _claim_grid(g: nx.MultiDiGraph, pos: dict, members: list[dict], grade: str, *, band: str | None, x0: float, y: float,
                title: str, sources: dict, own: str | None, per_row: int = PER_ROW) -> float:
    """A band's claims as dots, ``per_row`` to a row, from height ``y``; returns the next free height.
    ``band``: the collapsed band the claims belong to (hidden until it is clicked)."""
    for j, c in enumerate(sorted(members, key=lambda c: c["start"])):
        iri = c["claim"]
        # a blank label: the text is in the panel (pyvis would print the IRI for an empty one)
        g.add_node(iri, label=" ", kind="claim", shape="dot", value=2, grade=grade, color=GRADE_COLORS.get(grade, "#999"),
                   articles=[title], evidence=[[iri, None]], member_of=band, column=x0)  # searched by its text (DATA.claims)
        pos[iri] = (x0 + (j % per_row - (per_row - 1) / 2) * STEP, y + (j // per_row) * STEP)
        _link_claim(g, c, iri, sources.get(iri, []), own, band)
    return y + (math.ceil(len(members) / per_row) + 0.5) * STEP


def _folded(g: nx.MultiDiGraph, node: str, band: str | None) -> None:
    """A speaker or publisher shows while one of its claims does: ``needs`` lists the collapsed
    bands its claims are in, ``shown`` says one is always visible."""
    d = g.nodes[node]
    if band is None:
        d["shown"] = True
    else:
        d["needs"] = sorted({*d.get("needs", []), band})


def _link_claim(g: nx.MultiDiGraph, c: dict, iri: str, sources: list[dict], own: str | None, band: str | None) -> None:
    for sp in c["speakers"]:
        sid = "speaker:" + sp
        g.add_node(sid, label=sp, kind="speaker", shape="triangle", color="#8172b3", search=sp.lower(), articles=[])
        _folded(g, sid, band)
        g.add_edge(sid, iri, relation="said", color="#8172b3", width=1)
    for r in sources:
        pid = "publisher:" + (r.get("publisher") or r.get("domain") or "?")
        stype = "self-citation" if own and r.get("publisher") == own else kg_audit.SOURCE_TYPES.get(r.get("sourceType") or "OtherSource", "other")
        color = SOURCE_COLORS["self-citation" if stype == "self-citation" else "publisher"]
        g.add_node(pid, label=r.get("publisher") or r.get("domain"), kind="publisher", shape="diamond", color=color,
                   source_type=stype, search=(r.get("publisher") or "").lower(), articles=[])
        _folded(g, pid, band)
        g.add_edge(iri, pid, relation=f"cites [{r['n']}]", color=color, width=2 if stype == "self-citation" else 1,
                   source_type=stype, urls=[r["url"]])


def _beside(g: nx.MultiDiGraph, pos: dict) -> None:
    """Speakers to the left of the claims attributed to them, publishers to the right of the
    claims that cite them, at the height of those claims (spread apart where they meet)."""
    taken: set[tuple[int, int]] = set()
    kinds = nx.get_node_attributes(g, "kind")
    for n in sorted(n for n, k in kinds.items() if k in ("speaker", "publisher")):
        claims = [m for m in nx.all_neighbors(g, n) if m in pos and kinds.get(m) == "claim"]
        shown = [m for m in claims if not g.nodes[m].get("member_of")]
        linked = [pos[m] for m in (shown or claims)]  # beside the claims one sees first
        if not linked:
            pos[n] = (0.0, -3 * STEP)
            continue
        # one lane per side of an article's column (the column of its first claim)
        column = min(g.nodes[m]["column"] for m in (shown or claims))
        x = column + (-1 if kinds[n] == "speaker" else 1) * (PER_ROW / 2 + 3) * STEP
        y = sum(p[1] for p in linked) / len(linked)
        lane = 1.5 * STEP  # a shape and its label
        cell = (round(x / STEP), round(y / lane))
        while cell in taken:  # one node per cell: labels do not pile up
            cell = (cell[0], cell[1] + 1)
        taken.add(cell)
        pos[n] = (cell[0] * STEP, cell[1] * lane)


# beyond these the page shows a bounded view (the rest is in audit.json and the store)
ACTOR_LIMIT = 400  # actors in the stance view, those named in the most claims
FOLDED_LIMIT = 3_000  # unsourced and attributed-only claims the evidence view can list on a click
SOURCED_LIMIT = 5_000  # sourced claims the evidence view draws (whole articles, the most sourced first)
EVIDENCE_LIMIT = 25  # sentences a stance edge lists (its label counts them all)
WIDEST = 6  # a stance edge is as wide as its independent sources, up to this many


def graph_data(store: str | Path = "output", *, report: dict | None = None) -> dict:
    report = report or kg_audit.audit(store)
    # the article filter's names (DATA.articles): titles, the IRI where there is none
    titles = {a["article"]: a["title"] or a["article"] for a in report["articles"]}
    folded = sum(n for grade, n in report["summary"]["grades"].items() if grade not in SHOWN_GRADES)
    stance = {level: stance_data(store, titles, level=level, limit=ACTOR_LIMIT) for level in ("actor", "state")}
    evidence = evidence_data(store, report, list_folded=folded <= FOLDED_LIMIT, limit=SOURCED_LIMIT)
    # each claim's sentence, speakers and sources once, for the claims the page draws; edges
    # and nodes name claims by IRI
    drawn = {iri for view in (*stance.values(), evidence) for item in (*view["nodes"], *view["edges"])
             for iri, _ in item.get("evidence", ())}
    claims = kg_audit.claims_by_iri(report, drawn)
    notes = []
    actors = stance["actor"]["actors"]
    if actors > ACTOR_LIMIT:
        notes.append(f"Stance: the {ACTOR_LIMIT} actors named in the most claims, of {actors}.")
    if evidence["drawn_articles"] < len(report["articles"]):
        n = evidence["drawn_articles"]
        notes.append(f"Evidence: the {n:,} article{'s' if n != 1 else ''} with the most sourced claims, of "
                     f"{len(report['articles']):,} (audit.json lists every claim).")
    if folded > FOLDED_LIMIT:
        notes.append(f"Evidence: {folded:,} unsourced or attributed-only claims are counted, not drawn (audit.json lists them).")
    return {
        "stance": stance,
        "evidence": evidence,
        "claims": {iri: _evidence(claims.get(iri), iri) for iri in sorted(drawn)},
        "notes": notes,
        "relations": list(RELATIONS),
        "articles": sorted(set(titles.values())),
        "grades": list(kg_audit.GRADES),
        "sourceTypes": list(kg_audit.SOURCE_TYPES.values()),
        "style": style(),
    }


# vis-network options for every view (the stance view also draws arrows: graph.js)
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150},
    "nodes": {"font": {"size": 22, "strokeWidth": 4, "strokeColor": "#ffffff"}, "scaling": {"min": 8, "max": 40}},
    "edges": {"smooth": False},
}
HEADING = "kg — who supports whom, and on what evidence"


def render(data: dict) -> str:
    """The page, made by pyvis's ``Network.generate_html`` with kg's template
    (``kg/templates/graph.html.j2``, through pyvis's template hook): pyvis hands the template
    the heading and the vis-network options; kg adds the views' data (``|tojson``) and
    vis-network's JS and CSS from pyvis's bundled copy, inlined."""
    from markupsafe import Markup

    from . import pages

    js = (PYVIS_LIB / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (PYVIS_LIB / "vis-network.css").read_text(encoding="utf-8")
    net = Network(directed=True, cdn_resources="in_line", heading=HEADING)
    net.options = VIS_OPTIONS  # a dict: pyvis passes it to the template as JSON
    net.templateEnv = pages.environment_with(data=data, vis_js=Markup(js), vis_css=Markup(css))
    net.path = "graph.html.j2"
    return net.generate_html("graph.html")


def write(store: str | Path = "output", out: str | Path | None = None, *, report: dict | None = None) -> Path:
    """Write ``graph.html`` (default: into the store folder); ``report`` reuses an audit."""
    path = Path(out) if out else Path(store) / "graph.html"
    if path.suffix != ".html":
        path = path / "graph.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(graph_data(store, report=report)), encoding="utf-8")
    return path


def screenshot(html: str | Path, png: str | Path, *, view: str = "stance", chromium: str = "/usr/bin/chromium") -> Path:
    """A PNG of one view of ``graph.html`` (needs the playwright package and Chromium)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(Path(html).resolve().as_uri())
        page.wait_for_function("window.kgGraph && window.kgGraph.nodes().length > 0")
        if view != "stance":
            page.click(f"#tab-{view}")
        page.wait_for_timeout(300)
        page.screenshot(path=str(png))
        browser.close()
    return Path(png)
