"""The reports a build writes beside the graph: network files, the audit and the graph page."""

from __future__ import annotations

from pathlib import Path


def import_later_stages(reports: bool) -> None:
    import importlib

    for name in ("kg.rdf.mapping", "kg.rdf.io", *(("kg.network", "kg.audit", "kg.viz") if reports else ())):
        importlib.import_module(name)


def write_reports(store, out: Path, lap, say, release=lambda: None) -> None:
    """network.json/.graphml/-edges.csv, audit.html/.json and graph.html, read from ``store``;
    ``release()`` after each gives back what it freed, so the next starts lower."""
    from . import audit as kg_audit
    from . import network as kg_network
    from . import viz as kg_viz

    say("network analysis")
    kg_network.network(store, out)
    lap("network")
    release()
    say("provenance audit")
    # the claims stay on disk beside the reports (one offset each in memory) until the graph
    # page is written; the graph's evidence view needs their grades too
    report = kg_audit.audit(store, spool=out / ".audit-claims.jsonl")
    try:
        kg_audit.write(report, out)
        lap("audit")
        release()
        say("graph page")
        kg_viz.write(store, out / "graph.html", report=report)
        lap("graph")
    finally:
        kg_audit.close(report)
