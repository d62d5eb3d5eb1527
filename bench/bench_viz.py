"""Is a large graph page usable? Time until graph.html is interactive at 2,000 nodes / 5,000 edges.

Builds synthetic stance and evidence data of that size, renders kg's page, opens it in
headless Chromium (Playwright) and measures, median of 3, the time from navigation until the
network is drawn and a click on a node has filled the evidence panel. Goal: under 3 s.

    python bench/bench_viz.py [--nodes 2000] [--edges 5000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.viz import REL_COLORS, _layout, _vis, render

RELS = list(REL_COLORS)


def synthetic(n_nodes: int, n_edges: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n_nodes):
        g.add_node(f"a{i}", label=f"Actor {i}", kind="State", color="#dd8452", value=rnd.randint(1, 30), shape="dot", search=f"actor {i}")
    for j in range(n_edges):
        s, o = rnd.sample(range(n_nodes), 2)
        rel = rnd.choice(RELS)
        g.add_edge(f"a{s}", f"a{o}", key=f"{rel}{j}", relation=rel, polarity="asserted", color=REL_COLORS[rel], dashes=False, width=1,
                   arrows="to", articles=["A"], label_text=f"Actor {s} {rel} Actor {o}",
                   evidence=[{"claim": f"c{j}", "text": f"Sentence {j} says Actor {s} {rel} Actor {o}.", "article": "A",
                              "speakers": [], "urls": ["https://example.org/x"], "grade": "single source"}])
    t = time.perf_counter()
    nodes, edges = _vis(g, _layout(g, 2000))
    layout_s = time.perf_counter() - t
    view = {"nodes": nodes, "edges": edges}
    return {"stance": {"actor": view, "state": view}, "evidence": {"nodes": [], "edges": []}, "relations": RELS,
            "articles": ["A"], "grades": [], "sourceTypes": [], "_layout_s": layout_s}


def time_to_interactive(path: Path, chromium: str = "/usr/bin/chromium", runs: int = 3) -> list[float]:
    """Seconds from opening ``path`` until the graph is drawn and an edge's evidence shows
    on selection, in headless Chromium, ``runs`` times."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.kgGraph && window.kgGraph.network() && window.kgGraph.nodes().length > 0", timeout=120_000)
            before = page.evaluate("document.getElementById('panel').innerText")
            page.evaluate("window.kgGraph.selectEdge(window.kgGraph.edges()[0].id)")
            # the panel now shows the edge's evidence (its wording differs between the views)
            page.wait_for_function("t => document.getElementById('panel').innerText !== t", arg=before, timeout=120_000)
            times.append(time.perf_counter() - t)
            page.close()
        browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=5000)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    data = synthetic(args.nodes, args.edges)
    layout_s = data.pop("_layout_s")
    path = Path(tempfile.mkdtemp(prefix="kg-viz-")) / "graph.html"
    path.write_text(render(data), encoding="utf-8")
    times = time_to_interactive(path, args.chromium)
    med = statistics.median(times)
    print(f"{args.nodes:,} nodes, {args.edges:,} edges; page {path.stat().st_size / 1e6:.1f} MB; layout (build time) {layout_s:.1f} s")
    print(f"interactive after {med:.2f} s (median of 3); goal 3 s; ratio {med / 3:.2f}")


if __name__ == "__main__":
    main()
