"""``kg push``: load the built graph into a SPARQL 1.1 Graph Store Protocol server.

Each named graph of the build (one per article, plus actors, sources, ontology and build)
replaces the graph of the same name on the server with one ``PUT``, so a rebuilt article
replaces its old version and nothing is duplicated. Before it writes, kg reads what the
server holds in each of those graphs; if any ``PUT`` fails, the graphs already replaced are
put back (or deleted, when they were new), so a failed push leaves the server as it was.
Graphs the build does not have are not touched.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import Errors, KgError

log = logging.getLogger("kg")
NTRIPLES = "application/n-triples"


@dataclass
class PushSummary:
    graphs: int
    triples: int


def graphs_of(out: str | Path) -> dict[str, bytes]:
    """The build's named graphs as N-Triples, by graph IRI, read from ``out/kg.trig``."""
    import pyoxigraph as ox

    trig = Path(out) / "kg.trig"
    if not trig.is_file():
        raise KgError(Errors.E031.format(path=out))
    by_graph: dict[str, list] = defaultdict(list)
    for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        by_graph[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""].append(ox.Triple(q.subject, q.predicate, q.object))
    return {g: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) for g, triples in by_graph.items()}


def _request(endpoint: str, graph: str, method: str, data: bytes | None = None, timeout: float = 60.0) -> tuple[int, bytes]:
    target = "default" if not graph else "graph=" + urllib.parse.quote(graph, safe="")
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{target}"
    headers = {"Content-Type": NTRIPLES} if data is not None else {"Accept": NTRIPLES}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, OSError) as e:
        raise KgError(Errors.E038.format(endpoint=endpoint, reason=getattr(e, "reason", e))) from None


def push(out: str | Path, endpoint: str, *, timeout: float = 60.0, put=_request) -> PushSummary:
    """Replace each of the build's graphs at the Graph Store ``endpoint`` (e.g.
    ``http://host:7878/store``); restore the server's earlier graphs if any write fails."""
    graphs = graphs_of(out)
    before: dict[str, bytes | None] = {}
    for g in graphs:
        status, body = put(endpoint, g, "GET", timeout=timeout)
        if status == 404:
            before[g] = None
        elif 200 <= status < 300:
            before[g] = body
        else:
            raise KgError(Errors.E037.format(endpoint=endpoint, status=status, message=body.decode("utf-8", "replace")[:300]))
    done: list[str] = []
    for g, data in graphs.items():
        try:
            status, body = put(endpoint, g, "PUT", data, timeout=timeout)
            failed = None if 200 <= status < 300 else f"{status}: {body.decode('utf-8', 'replace')[:300]}"
        except KgError as e:
            failed = str(e)
        if failed:
            _restore(endpoint, done, before, put, timeout)
            raise KgError(Errors.E041.format(endpoint=endpoint, graph=g or "default graph", reason=failed, restored=len(done)))
        done.append(g)
    return PushSummary(graphs=len(graphs), triples=sum(d.count(b"\n") for d in graphs.values()))


def _restore(endpoint: str, done: list[str], before: dict[str, bytes | None], put, timeout: float) -> None:
    for g in reversed(done):
        try:
            if before[g] is None:
                put(endpoint, g, "DELETE", timeout=timeout)
            else:
                put(endpoint, g, "PUT", before[g], timeout=timeout)
        except KgError as e:  # the server went away: say which graph could not be put back
            log.error("push: graph %s could not be restored: %s", g, e)
