"use strict";
const DATA = {{ data | tojson }};
const OPTIONS = JSON.parse({{ options | tojson }});  // vis-network options, from pyvis (kg/viz.py::VIS_OPTIONS)
const STYLE = DATA.style;  // labels and colours: one table, made in kg/viz.py
let view = "stance", level = "actor", network = null, nodes = null, edges = null, nodeView = null, edgeView = null;
const state = {rels: new Set(DATA.relations), article: "", grade: "", source: "", search: "", expanded: new Set()};

function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function safeLink(url) {
  if (!/^https?:\/\//i.test(url)) return el("span", url);
  const a = el("a", url); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer"; return a;
}
for (const n of DATA.evidence.nodes) if (n.kind === "claim" && DATA.claims[n.id]) n.search = DATA.claims[n.id].text.toLowerCase();
function current() { return view === "stance" ? DATA.stance[level] : DATA.evidence; }
function nodeOk(n) {
  if (state.search && !(n.search || "").includes(state.search)) return false;
  if (view === "evidence") {
    // a collapsed band's claims show once the band is clicked, or when a search looks for them
    if (n.member_of && !state.expanded.has(n.member_of) && !state.search) return false;
    if (n.needs && !n.shown && !state.search && !n.needs.some(b => state.expanded.has(b))) return false;
    if (state.grade && (n.kind === "claim" || n.kind === "band") && n.grade !== state.grade) return false;
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
  clearPanel();
  const d = current();
  nodes = new vis.DataSet(d.nodes.map(n => Object.assign({}, n, {title: undefined})));
  edges = new vis.DataSet(d.edges.map((e, i) => Object.assign({id: "e" + i}, e, {title: undefined, label: undefined})));
  nodeView = new vis.DataView(nodes, {filter: nodeOk});
  edgeView = new vis.DataView(edges, {filter: edgeOk});
  const options = Object.assign({}, OPTIONS, {edges: Object.assign({}, OPTIONS.edges, {arrows: {to: {enabled: view === "stance", scaleFactor: 0.6}}})});
  if (network) network.destroy();
  network = new vis.Network(document.getElementById("net"), {nodes: nodeView, edges: edgeView}, options);
  network.fit();
  network.on("click", p => {
    if (p.edges.length && !p.nodes.length) showEdge(edges.get(p.edges[0]));
    else if (p.nodes.length) {
      const n = nodes.get(p.nodes[0]);
      if (n.expands) { state.expanded.has(n.expands) ? state.expanded.delete(n.expands) : state.expanded.add(n.expands); nodeView.refresh(); edgeView.refresh(); }
      showNode(n);
    }
  });
  legend();
}
function clearPanel() { document.getElementById("panel").replaceChildren(el("p", "Click a node or an edge to see its evidence.", "meta")); }
// a filter or a search changes what is drawn: drop the old selection and fit what is left
function refresh() { nodeView.refresh(); edgeView.refresh(); clearPanel(); network.fit({nodes: nodeView.getIds()}); }
function showEvidence(panel, list) {
  // list: [claim IRI, polarity or null]; the claim's sentence and sources are in DATA.claims
  for (const [iri, polarity] of list || []) {
    const ev = DATA.claims[iri] || {text: "", article: "", speakers: [], urls: []};
    const box = el("div", undefined, "ev");
    if (polarity) box.appendChild(el("span", polarity, "pol pol-" + polarity));
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
  const tables = view === "stance" ? [STYLE.relations, STYLE.types] : [STYLE.grades, STYLE.sources];
  const items = tables.flatMap(t => Object.values(t).map(v => [v.label, v.color]));
  for (const note of DATA.notes || []) lg.appendChild(el("div", note, "meta"));
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
  const sw = el("span", undefined, "dot"); sw.style.background = STYLE.relations[r].color;
  l.appendChild(c); l.appendChild(sw); l.appendChild(document.createTextNode(STYLE.relations[r].label)); rf.appendChild(l);
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
