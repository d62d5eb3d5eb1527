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
from functools import lru_cache
import zlib
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from . import audit as kg_audit
from .lexicon import KG, SKOS, ontology_dir, read_turtle
from .network import RELATIONS, build_graph, stance
from .query import query

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
        sub = und.subgraph(nodes)
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


def _evidence_layout(g: nx.Graph) -> dict:
    """Articles on a circle, each article's claims in a sunflower around it, speakers and
    publishers at the centre of the claims they are linked to: linear time at any size."""
    kinds = nx.get_node_attributes(g, "kind")
    articles = sorted(n for n, k in kinds.items() if k == "article")
    claims_of: dict = {a: [] for a in articles}
    for s, o in g.edges():
        if kinds.get(s) == "claim" and kinds.get(o) == "article":
            claims_of[o].append(s)
    radius = 260.0 * math.sqrt(sum(len(v) for v in claims_of.values()) + 1) / max(1, math.sqrt(len(articles)))
    pos = {}
    golden = math.pi * (3 - math.sqrt(5))
    for i, a in enumerate(articles):
        t = 2 * math.pi * i / max(1, len(articles))
        cx, cy = (radius * math.cos(t), radius * math.sin(t)) if len(articles) > 1 else (0.0, 0.0)
        pos[a] = (cx, cy)
        for j, c in enumerate(sorted(claims_of[a])):
            r = 28.0 * math.sqrt(j + 1)
            pos[c] = (cx + r * math.cos(j * golden), cy + r * math.sin(j * golden))
    for n, k in kinds.items():
        if n in pos:
            continue
        linked = [pos[m] for m in nx.all_neighbors(g, n) if m in pos]
        if linked:
            h = (zlib.crc32(n.encode("utf-8")) % 1000) / 1000.0  # spread nodes that share a centre (stable across runs)
            x = sum(p[0] for p in linked) / len(linked) + 40 * math.cos(2 * math.pi * h)
            y = sum(p[1] for p in linked) / len(linked) + 40 * math.sin(2 * math.pi * h)
            pos[n] = (x, y)
        else:
            pos[n] = (0.0, 0.0)
    return pos


def _vis(g: nx.Graph, pos: dict) -> tuple[list, list]:
    """pyvis turns the networkx graph into vis-network node and edge records."""
    net = Network(directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        net.add_node(n, **{k: v for k, v in d.items() if k != "title"}, x=float(x), y=float(y), physics=False)
    for s, o, d in g.edges(data=True):
        net.add_edge(s, o, **d)
    return net.nodes, net.edges


def stance_data(store: str | Path, claims: dict[str, dict], *, level: str) -> dict:
    g = build_graph(store, level=level)
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
        evidence = [_evidence(claims.get(c), c) | {"polarity": p} for c, p in zip(d["claims"], d["polarities"])]
        view.add_edge(s, o, key=k, relation=d["relation"], polarity=pol, color=REL_COLORS.get(d["relation"], "#777"),
                      dashes=pol != "asserted", width=1 + 1.5 * d["independent"], arrows="to",
                      smooth={"enabled": parallel[frozenset((s, o))] > 1, "type": "curvedCW", "roundness": 0.15 + 0.2 * nth},
                      articles=sorted({claims[c]["article"] for c in d["claims"] if c in claims}),
                      evidence=evidence,
                      label_text=f"{g.nodes[s]['label']} {d['relation']} {g.nodes[o]['label']} ({pol}): {_counts(d)}")
    nodes, edges = _vis(view, _layout(view, 900))
    return {"nodes": nodes, "edges": edges}


def _counts(d: dict) -> str:
    """How an edge's evidence splits by polarity: "9 sentences: 6 asserted, 2 negated, 1 hedged"."""
    n = d["evidence"]
    parts = [f"{d[p]} {p}" for p in ("asserted", "negated", "hedged") if d[p]]
    return f"{n} sentence{'s' if n != 1 else ''}: " + ", ".join(parts)


def _evidence(c: dict | None, iri: str) -> dict:
    if c is None:
        return {"claim": iri, "text": "", "article": "", "speakers": [], "urls": [], "grade": ""}
    return {"claim": iri, "text": c["text"], "article": c["title"] or c["article"], "speakers": c["speakers"],
            "footnotes": c.get("footnotes", []), "links": c.get("links", []), "urls": c.get("urls", []), "grade": c["grade"],
            "span": [c["start"], c["end"]]}


def evidence_data(store: str | Path, report: dict) -> dict:
    """Claims ↔ publishers (by the URLs their footnotes cite), speakers, articles; conflicts."""
    g = nx.MultiDiGraph()
    titles = {a["article"]: a["title"] for a in report["articles"]}
    own = {a["article"]: a.get("publisher") for a in report["articles"]}
    src_rows = query("claim-sources", store).rows
    by_claim: dict[str, list[dict]] = {}
    for r in src_rows:
        if r.get("url"):
            by_claim.setdefault(r["claim"], []).append(r)
    for a, t in titles.items():
        g.add_node(a, label=t, kind="article", shape="box", color="#cccccc", search=t.lower(), articles=[t])
    for c in report["claims"]:
        iri = c["claim"]
        label = c["text"] if len(c["text"]) <= 60 else c["text"][:57] + "…"
        g.add_node(iri, label=label, kind="claim", shape="dot", value=2, grade=c["grade"],
                   color=GRADE_COLORS.get(c["grade"], "#999"), borderWidth=3 if c["grade"] == "unsourced" else 1,
                   search=c["text"].lower(), articles=[c["title"]], evidence=[_evidence(c, iri)])
        g.add_edge(iri, c["article"], relation="in article", color="#dddddd", width=0.5)
        for sp in c["speakers"]:
            sid = "speaker:" + sp
            g.add_node(sid, label=sp, kind="speaker", shape="triangle", color="#8172b3", search=sp.lower(), articles=[])
            g.add_edge(sid, iri, relation="said", color="#8172b3", width=1)
        for r in by_claim.get(iri, []):
            pid = "publisher:" + (r.get("publisher") or r.get("domain") or "?")
            stype = "self-citation" if own.get(c["article"]) and r.get("publisher") == own.get(c["article"]) else kg_audit.SOURCE_TYPES.get(r.get("sourceType") or "OtherSource", "other")
            g.add_node(pid, label=r.get("publisher") or r.get("domain"), kind="publisher", shape="diamond",
                       color=SOURCE_COLORS["self-citation" if stype == "self-citation" else "publisher"], source_type=stype, search=(r.get("publisher") or "").lower(), articles=[])
            g.add_edge(iri, pid, relation=f"cites [{r['n']}]", color=SOURCE_COLORS["self-citation" if stype == "self-citation" else "publisher"],
                       width=2 if stype == "self-citation" else 1, source_type=stype, urls=[r["url"]])
    for p in report["figure_conflicts"]:
        if p["verdict"] == "different scope":
            continue
        g.add_edge(p["a"]["claim"], p["b"]["claim"], relation=f"figures {p['verdict']}: {p['a']['text']} / {p['b']['text']}",
                   color="#d62728" if p["verdict"] == "disagree" else "#2ca02c", width=3, dashes=True)
    nodes, edges = _vis(g, _evidence_layout(g))
    return {"nodes": nodes, "edges": edges}


def graph_data(store: str | Path = "output", *, report: dict | None = None) -> dict:
    report = report or kg_audit.audit(store)
    claims = {c["claim"]: c for c in report["claims"]}
    return {
        "stance": {"actor": stance_data(store, claims, level="actor"), "state": stance_data(store, claims, level="state")},
        "evidence": evidence_data(store, report),
        "relations": list(RELATIONS),
        "articles": sorted({a["title"] for a in report["articles"]}),
        "grades": list(kg_audit.GRADES),
        "sourceTypes": list(kg_audit.SOURCE_TYPES.values()),
        "style": style(),
    }


def render(data: dict) -> str:
    """The page (``kg/templates/graph.html.j2``): vis-network's JS and CSS from pyvis's bundled
    copy and kg's own UI are inlined, and the data goes in through ``|tojson``."""
    from markupsafe import Markup

    from . import pages

    js = (PYVIS_LIB / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (PYVIS_LIB / "vis-network.css").read_text(encoding="utf-8")
    return pages.render("graph.html.j2", data=data, vis_js=Markup(js), vis_css=Markup(css))


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
