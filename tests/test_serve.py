"""``kg serve`` runs a real Oxigraph server over the built store behind a read-only front;
``kg query --endpoint`` queries it (or any SPARQL 1.1 server) and gets what the local store
gives."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.errors import KgError, QueryError
from kg.query import query
from kg.remote import remote_stream
from kg.serve import free_port, make_server, oxigraph_binary

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def served(fixture_build):
    try:
        oxigraph_binary()
    except KgError as e:
        pytest.skip(str(e))
    out, _ = fixture_build
    port = free_port()
    server, backend = make_server(out, "127.0.0.1", port, timeout=10)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()
    backend.close()


def collect(q, endpoint, **kw) -> str:
    parts: list[str] = []
    remote_stream(q, endpoint, parts.append, **kw)
    return "".join(parts)


def test_remote_query_matches_the_local_store(served):
    out, base = served
    local = query("claims", out).rows
    data = json.loads(collect("claims", base + "/query", fmt="json"))
    remote = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    assert len(remote) == len(local) > 0
    assert {r["claim"] for r in remote} == {r["claim"] for r in local}
    table = collect("SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/kg#Claim> }", base + "/query")
    assert str(len({r["claim"] for r in local})) in table and "1 row" in table


@pytest.mark.parametrize("name", ["claims", "claim-sources", "claim-grades", "claim-figures", "who-supports-whom", "audit-claims"])
def test_a_bound_query_answers_remotely_as_here(served, name):
    out, base = served
    claims = [r["claim"] for r in query("claim-sources", out).rows] + [r["claim"] for r in query("who-supports-whom", out).rows]
    found = 0
    for claim in dict.fromkeys(claims[:1] + claims[-1:]):  # one with documents, one with relations
        local = query(name, out, bindings={"claim": claim}).rows
        data = json.loads(collect(name, base + "/query", fmt="json", bindings={"claim": f"<{claim}>"}))
        remote = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
        here = [{k: v for k, v in r.items() if v is not None} for r in local]
        assert sorted(map(sorted, (r.items() for r in remote))) == sorted(map(sorted, (r.items() for r in here))), name
        found += len(local)
    assert found


def test_bindings_travel_as_values(served):
    out, base = served
    claim = query("claims", out).rows[0]["claim"]
    csv = collect("claims", base + "/query", fmt="csv", bindings={"claim": f"<{claim}>"})
    lines = [ln for ln in csv.splitlines()[1:] if ln]
    assert lines and all(ln.startswith(claim) for ln in lines)


def test_protocol_get_and_the_reports(served):
    _, base = served
    q = urllib.parse.quote("ASK { ?s ?p ?o }")
    req = urllib.request.Request(f"{base}/query?query={q}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req) as r:
        assert json.loads(r.read())["boolean"] is True
    with urllib.request.urlopen(base + "/") as r:
        index = r.read().decode()
    assert "audit.html" in index and "/query" in index
    with urllib.request.urlopen(base + "/graph.html") as r:
        assert r.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("how", ["sparql-update", "form", "put"])
def test_updates_are_refused_and_change_nothing(served, how):
    out, base = served
    before = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", out).rows[0]["n"]
    update = "INSERT DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }"
    if how == "sparql-update":
        req = urllib.request.Request(base + "/query", data=update.encode(), method="POST", headers={"Content-Type": "application/sparql-update"})
    elif how == "form":
        req = urllib.request.Request(base + "/query", data=urllib.parse.urlencode({"update": update}).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        req = urllib.request.Request(base + "/store?default", data=b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .",
                                     method="PUT", headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 403
    assert query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", out).rows[0]["n"] == before


def test_errors_name_the_endpoint(served):
    _, base = served
    with pytest.raises(QueryError, match=r"E037.*answered 400"):
        collect("SELECT ?x WHERE { ?x ", base + "/query")
    dead = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(KgError, match=r"E038.*cannot reach"):
        collect("claims", dead, timeout=5)


@pytest.fixture()
def graph_store(tmp_path):
    """A real read-write ``oxigraph serve`` on 127.0.0.1."""
    import socket
    import subprocess
    import time

    try:
        binary = oxigraph_binary()
    except KgError as e:
        pytest.skip(str(e))
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def remote_count(base: str) -> int:
    data = json.loads(collect("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", base + "/query", fmt="json"))
    return int(data["results"]["bindings"][0]["n"]["value"])


def test_push_replaces_graphs_and_a_failed_push_leaves_the_server_as_it_was(fixture_build, graph_store):
    from kg import push as kg_push

    out, summary = fixture_build
    s = kg_push.push(out, graph_store + "/store")
    assert remote_count(graph_store) == summary.triples == s.triples
    kg_push.push(out, graph_store + "/store")  # a rebuild replaces, never duplicates
    assert remote_count(graph_store) == summary.triples

    # a second "build" whose third graph the server refuses: every graph goes back as it was
    seen = []

    def flaky(endpoint, graph, method, data=None, timeout=60.0):
        if method == "PUT" and data is not None and graph not in seen:
            seen.append(graph)
            if len(seen) == 3:
                return 500, b"disk full"
            data = b"<https://e.org/new> <https://e.org/p> <https://e.org/o> .\n"
        return kg_push._request(endpoint, graph, method, data, timeout)

    with pytest.raises(KgError, match=r"E041.*disk full.*2 graph"):
        kg_push.push(out, graph_store + "/store", put=flaky)
    assert remote_count(graph_store) == summary.triples
    ask = collect("ASK { GRAPH ?g { <https://e.org/new> ?p ?o } }", graph_store + "/query", fmt="json")
    assert json.loads(ask)["boolean"] is False
