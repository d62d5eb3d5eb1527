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

import json
import math
import zlib
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from . import audit as kg_audit
from .network import RELATIONS, build_graph, stance
from .query import query

TYPE_COLORS = {"Person": "#4c72b0", "State": "#dd8452", "Organization": "#55a868", "Group": "#8172b3", "DescribedSource": "#937860", "Actor": "#999999"}
REL_COLORS = {"supports": "#2ca02c", "opposes": "#d62728", "dependsOn": "#9467bd", "cooperatesWith": "#1f77b4", "meets": "#7f7f7f"}
GRADE_COLORS = {"corroborated": "#2ca02c", "single source": "#98df8a", "self-sourced": "#ff7f0e", "attributed only": "#aec7e8", "unsourced": "#d62728"}
PYVIS_LIB = Path(__import__("pyvis").__file__).parent / "lib" / "vis-9.1.2"


def _layout(g: nx.Graph, scale: float) -> dict:
    """Force-directed positions (networkx), with fewer iterations as graphs grow."""
    if g.number_of_nodes() == 0:
        return {}
    und = nx.Graph(g)
    n = und.number_of_nodes()
    k = 1.5 / math.sqrt(max(n, 1))
    iterations = 60 if n < 300 else 30 if n < 1000 else 15
    return nx.spring_layout(und, k=k, iterations=iterations, seed=7, scale=scale)


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
                       color="#ff7f0e" if stype == "self-citation" else "#17becf", source_type=stype, search=(r.get("publisher") or "").lower(), articles=[])
            g.add_edge(iri, pid, relation=f"cites [{r['n']}]", color="#ff7f0e" if stype == "self-citation" else "#17becf",
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
    }


def _safe_json(data) -> str:
    """JSON that cannot close the <script> element it sits in."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(data: dict) -> str:
    js = (PYVIS_LIB / "vis-network.min.js").read_text(encoding="utf-8")
    css = (PYVIS_LIB / "vis-network.css").read_text(encoding="utf-8")
    return _PAGE.replace("/*VIS_CSS*/", css).replace("/*VIS_JS*/", js.replace("</script", "<\\/script")).replace("/*DATA*/", _safe_json(data))


def write(store: str | Path = "output", out: str | Path | None = None, *, report: dict | None = None) -> Path:
    """Write ``graph.html`` (default: into the store folder); ``report`` reuses an audit."""
    path = Path(out) if out else Path(store) / "graph.html"
    if path.suffix != ".html":
        path = path / "graph.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(graph_data(store, report=report)), encoding="utf-8")
    return path


_PAGE = r"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg graph</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:">
<style>/*VIS_CSS*/
body{margin:0;font:13px/1.4 system-ui,sans-serif;color:#222;display:flex;height:100vh}
#side{width:360px;padding:10px 12px;border-right:1px solid #ddd;overflow:auto;box-sizing:border-box}
#main{flex:1;position:relative}#net{position:absolute;inset:0}
h1{font-size:16px;margin:0 0 8px}h2{font-size:13px;margin:14px 0 4px}
label{display:block;margin:2px 0}select,input[type=search]{width:100%;box-sizing:border-box;margin:2px 0 6px}
.tabs button{margin-right:4px}.tabs button.on{font-weight:bold;background:#e8eef8}
#panel .ev{border-top:1px solid #eee;padding:6px 0}#panel .q{color:#333}#panel .meta{color:#666;font-size:12px}
.pol{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;margin-bottom:2px;color:#fff}
.pol-asserted{background:#2c7a2c}.pol-negated{background:#b22222}.pol-hedged{background:#a0701a}
.legend span{display:inline-block;margin-right:8px}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:3px;vertical-align:middle}
</style></head><body>
<div id="side">
<h1>kg — who supports whom, and on what evidence</h1>
<div class="tabs"><button id="tab-stance" class="on">Stance</button><button id="tab-evidence">Evidence</button></div>
<div id="stance-controls">
<label><input type="checkbox" id="state-level"> roll people up to states</label>
<h2>Relation types</h2><div id="rel-filters"></div>
</div>
<div id="evidence-controls" style="display:none">
<h2>Evidence grade</h2><select id="grade-filter"><option value="">all grades</option></select>
<h2>Source type</h2><select id="source-filter"><option value="">all source types</option></select>
</div>
<h2>Article</h2><select id="article-filter"><option value="">all articles</option></select>
<h2>Search</h2><input type="search" id="search" placeholder="actor or words of a claim">
<div class="legend" id="legend"></div>
<h2>Selection</h2><div id="panel"><p class="meta">Click a node or an edge to see its evidence.</p></div>
</div>
<div id="main"><div id="net"></div></div>
<script>/*VIS_JS*/</script>
<script>
"use strict";
const DATA = /*DATA*/;
const REL_COLORS = {supports:"#2ca02c",opposes:"#d62728",dependsOn:"#9467bd",cooperatesWith:"#1f77b4",meets:"#7f7f7f"};
let view = "stance", level = "actor", network = null, nodes = null, edges = null, nodeView = null, edgeView = null;
const state = {rels: new Set(DATA.relations), article: "", grade: "", source: "", search: ""};

function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function safeLink(url) {
  if (!/^https?:\/\//i.test(url)) return el("span", url);
  const a = el("a", url); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer"; return a;
}
function current() { return view === "stance" ? DATA.stance[level] : DATA.evidence; }
function nodeOk(n) {
  if (state.search && !(n.search || "").includes(state.search)) return false;
  if (view === "evidence") {
    if (state.grade && n.kind === "claim" && n.grade !== state.grade) return false;
    if (state.article && (n.kind === "claim" || n.kind === "article") && !(n.articles || []).includes(state.article)) return false;
  }
  return true;
}
function edgeOk(e) {
  if (view === "stance") {
    if (!state.rels.has(e.relation)) return false;
    if (state.article && !(e.articles || []).includes(state.article)) return false;
  } else if (state.source && e.source_type !== undefined && e.source_type !== state.source) return false;
  return true;
}
function draw() {
  const d = current();
  nodes = new vis.DataSet(d.nodes.map(n => Object.assign({}, n, {title: undefined})));
  edges = new vis.DataSet(d.edges.map((e, i) => Object.assign({id: "e" + i}, e, {title: undefined, label: undefined})));
  nodeView = new vis.DataView(nodes, {filter: nodeOk});
  edgeView = new vis.DataView(edges, {filter: edgeOk});
  const options = {physics: false, interaction: {hover: true, tooltipDelay: 150}, nodes: {font: {size: 12}, scaling: {min: 6, max: 40}},
                   edges: {smooth: false, arrows: {to: {enabled: view === "stance", scaleFactor: 0.6}}}};
  if (network) network.destroy();
  network = new vis.Network(document.getElementById("net"), {nodes: nodeView, edges: edgeView}, options);
  network.fit();
  network.on("click", p => { if (p.edges.length && !p.nodes.length) showEdge(edges.get(p.edges[0])); else if (p.nodes.length) showNode(nodes.get(p.nodes[0])); });
  legend();
}
function refresh() { nodeView.refresh(); edgeView.refresh(); }
function showEvidence(panel, list) {
  for (const ev of list || []) {
    const box = el("div", undefined, "ev");
    if (ev.polarity) box.appendChild(el("span", ev.polarity, "pol pol-" + ev.polarity));
    box.appendChild(el("div", "“" + ev.text.replace(/^[“"]+|[”"]+$/g, "") + "”", "q"));
    const who = ev.speakers && ev.speakers.length ? ev.speakers.join(", ") : "the article's author";
    box.appendChild(el("div", who + " — " + ev.article + (ev.grade ? " — " + ev.grade : ""), "meta"));
    if (ev.footnotes && ev.footnotes.length) box.appendChild(el("div", "footnotes " + ev.footnotes.map(n => "[" + n + "]").join(" "), "meta"));
    if (ev.links && ev.links.length) box.appendChild(el("div", "links on " + ev.links.map(a => "“" + a + "”").join(", "), "meta"));
    for (const u of ev.urls || []) { const line = el("div", undefined, "meta"); line.appendChild(safeLink(u)); box.appendChild(line); }
    panel.appendChild(box);
  }
}
function showEdge(e) {
  const panel = document.getElementById("panel"); panel.replaceChildren();
  panel.appendChild(el("div", e.label_text || e.relation));
  for (const u of e.urls || []) { const line = el("div", undefined, "meta"); line.appendChild(safeLink(u)); panel.appendChild(line); }
  showEvidence(panel, e.evidence);
}
function showNode(n) {
  const panel = document.getElementById("panel"); panel.replaceChildren();
  panel.appendChild(el("div", n.label + (n.kind ? " (" + n.kind + ")" : "")));
  if (n.evidence) showEvidence(panel, n.evidence);
  const ids = network.getConnectedEdges(n.id).map(id => edges.get(id)).filter(Boolean);
  for (const e of ids.slice(0, 40)) { if (e.evidence) showEvidence(panel, e.evidence.slice(0, 3)); else if (e.relation) panel.appendChild(el("div", e.relation, "meta")); }
}
function legend() {
  const lg = document.getElementById("legend"); lg.replaceChildren();
  const items = view === "stance" ? Object.entries(REL_COLORS).concat([["person","#4c72b0"],["state","#dd8452"],["organisation","#55a868"],["group","#8172b3"],["described source","#937860"]]) : [["corroborated","#2ca02c"],["single source","#98df8a"],["self-sourced","#ff7f0e"],["attributed only","#aec7e8"],["unsourced","#d62728"],["publisher","#17becf"],["self-citation","#ff7f0e"]];
  for (const [name, color] of items) { const s = el("span"); const d = el("span", undefined, "dot"); d.style.background = color; s.appendChild(d); s.appendChild(document.createTextNode(name)); lg.appendChild(s); }
}
function fill(select, values) { for (const v of values) { const o = el("option", v); o.value = v; select.appendChild(o); } }
fill(document.getElementById("article-filter"), DATA.articles);
fill(document.getElementById("grade-filter"), DATA.grades);
fill(document.getElementById("source-filter"), DATA.sourceTypes);
const rf = document.getElementById("rel-filters");
for (const r of DATA.relations) {
  const l = el("label"); const c = el("input"); c.type = "checkbox"; c.checked = true; c.dataset.rel = r;
  c.addEventListener("change", () => { c.checked ? state.rels.add(r) : state.rels.delete(r); refresh(); });
  const sw = el("span", undefined, "dot"); sw.style.background = REL_COLORS[r];
  l.appendChild(c); l.appendChild(sw); l.appendChild(document.createTextNode(r)); rf.appendChild(l);
}
document.getElementById("article-filter").addEventListener("change", e => { state.article = e.target.value; refresh(); });
document.getElementById("grade-filter").addEventListener("change", e => { state.grade = e.target.value; refresh(); });
document.getElementById("source-filter").addEventListener("change", e => { state.source = e.target.value; refresh(); });
document.getElementById("search").addEventListener("input", e => { state.search = e.target.value.trim().toLowerCase(); refresh(); });
document.getElementById("state-level").addEventListener("change", e => { level = e.target.checked ? "state" : "actor"; draw(); });
for (const v of ["stance", "evidence"]) document.getElementById("tab-" + v).addEventListener("click", () => {
  view = v;
  document.getElementById("tab-stance").classList.toggle("on", v === "stance");
  document.getElementById("tab-evidence").classList.toggle("on", v === "evidence");
  document.getElementById("stance-controls").style.display = v === "stance" ? "" : "none";
  document.getElementById("evidence-controls").style.display = v === "evidence" ? "" : "none";
  draw();
});
window.kgGraph = {select: (id) => { const n = nodes.get(id); if (n) showNode(n); }, selectEdge: (id) => { const e = edges.get(id); if (e) showEdge(e); },
                  edges: () => edges.get(), nodes: () => nodes.get(), network: () => network, show: (v) => document.getElementById("tab-" + v).click()};
draw();
</script></body></html>
"""


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
