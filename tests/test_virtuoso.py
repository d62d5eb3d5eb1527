"""``kg push`` and ``kg query --endpoint`` against Virtuoso, a SPARQL server kg does not
ship: Debian's ``virtuoso-opensource-7-bin`` (``make virtuoso`` installs it), started on
127.0.0.1 in a temporary folder. Skipped where the program is not installed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from kg.push import push
from kg.query import query
from kg.remote import remote_stream

pytestmark = [pytest.mark.model, pytest.mark.skipif(not shutil.which("virtuoso-t"), reason="Virtuoso is not installed (make virtuoso)")]

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = _port(), _port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("Virtuoso did not start: " + (d / "virtuoso.log").read_text(errors="replace")[-2000:])
                time.sleep(0.5)
        # the anonymous SPARQL user may write through the Graph Store Protocol endpoint
        subprocess.run(["isql-vt", str(sql), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], check=True,
                       stdout=subprocess.DEVNULL, timeout=60)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _remote(q: str, endpoint: str) -> list[str]:
    lines: list[str] = []
    remote_stream(q, endpoint, lines.append, fmt="csv")
    return lines


def test_a_pushed_build_answers_on_virtuoso_as_it_does_here(fixture_build, virtuoso):
    out, summary = fixture_build
    first = push(out, f"{virtuoso}/sparql-graph-crud")
    assert first.graphs > 1 and first.triples > 0
    again = push(out, f"{virtuoso}/sparql-graph-crud")  # each graph replaced, not added to
    assert again.triples == first.triples
    endpoint = f"{virtuoso}/sparql"
    count = "".join(_remote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), 'https://w3id.org/kg/')) }", endpoint))
    assert str(first.triples) in count
    for name in ("unsourced-claims", "claim-sources"):
        here = {r["claim"] for r in query(name, out).rows}
        there = {line.split(",", 1)[0].strip('"') for line in "".join(_remote(name, endpoint)).splitlines()[1:]}
        assert here and there == here, name
