"""``kg serve``: the built graph as a read-only SPARQL 1.1 Protocol endpoint, and the reports.

Queries are answered by Oxigraph's own server (the ``oxigraph`` package: the engine of the
embedded store, so results match ``kg query``), started read-only on the current store
version with the union of the named graphs as the default graph and a query timeout. In
front of it a small HTTP server answers on the public address: ``/query`` is passed to
Oxigraph (GET and POST, as the protocol defines them), every update is refused with 403,
and ``/`` serves the audit and graph pages the build wrote.
"""

from __future__ import annotations

import html
import logging
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import outdir
from .errors import Errors, KgError, StoreNotFound

log = logging.getLogger("kg")
PAGES = {name: kind for name, kind in (("audit.html", "text/html"), ("graph.html", "text/html"), ("audit.json", "application/json"),
                                       ("network.json", "application/json"), ("network.graphml", "application/xml"),
                                       ("network-edges.csv", "text/csv"), ("kg.ttl", "text/turtle"), ("kg.trig", "application/trig"))}
_PASSED_HEADERS = ("Content-Type", "Accept")


def oxigraph_binary() -> str:
    """The ``oxigraph`` program: beside this Python (its package's script) or on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise KgError(Errors.E039.format(reason="the `oxigraph` program is not installed"))
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Backend:
    """``oxigraph serve-read-only`` on a private port, stopped with ``close``."""

    def __init__(self, store: Path, *, timeout: float = 30.0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        cmd = [oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{self.port}",
               "--union-default-graph", "--timeout-s", str(max(1, int(timeout)))]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode("utf-8", "replace").strip() if self.proc.stderr else ""
                raise KgError(Errors.E039.format(reason=f"it stopped at once: {err[:300]}"))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.close()
        raise KgError(Errors.E039.format(reason="it did not start listening within 20 s"))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-answer is logged, not printed as a traceback."""
        log.warning("serve: request from %s failed: %s", client_address[0], sys.exc_info()[1])


def make_server(out: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0) -> tuple[ThreadingHTTPServer, Backend]:
    """The front server (not yet serving) and its Oxigraph backend, over ``out``'s current store."""
    out = Path(out)
    store = outdir.current_store(out)
    if store is None or not store.is_dir():
        raise StoreNotFound(Errors.E031.format(path=out))
    backend = Backend(store, timeout=timeout)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-serve"

        def log_message(self, fmt: str, *args) -> None:
            log.info("serve: %s %s", self.address_string(), fmt % args)

        def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
            path = self.path.split("?", 1)[0]
            if path == "/query":
                self._forward()
            elif path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", _index(out, host, port).encode("utf-8"))
            elif path.lstrip("/") in PAGES and (out / path.lstrip("/")).is_file():
                self._send(200, PAGES[path.lstrip("/")], (out / path.lstrip("/")).read_bytes())
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /query; the reports are listed at /\n")

        def do_POST(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if path != "/query" or kind == "application/sparql-update" or "update=" in self.path:
                self._drain()
                self._send(403, "text/plain; charset=utf-8", b"read-only: this endpoint answers queries; the graph changes only through kg build\n")
                return
            body = self._drain()
            if kind == "application/x-www-form-urlencoded" and b"update=" in body:
                self._send(403, "text/plain; charset=utf-8", b"read-only: this endpoint answers queries; the graph changes only through kg build\n")
                return
            self._forward(body)

        def do_PUT(self) -> None:  # noqa: N802
            self._drain()
            self._send(403, "text/plain; charset=utf-8", b"read-only\n")

        do_DELETE = do_PATCH = do_PUT  # noqa: N815

        def _drain(self) -> bytes:
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def _forward(self, body: bytes | None = None) -> None:
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            url = backend.url + ("?" + query if query else "")
            headers = {h: self.headers[h] for h in _PASSED_HEADERS if self.headers.get(h)}
            req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
            try:
                with urllib.request.urlopen(req, timeout=timeout + 5) as r:
                    self._send(r.status, r.headers.get("Content-Type", "application/octet-stream"), r.read())
            except urllib.error.HTTPError as e:
                self._send(e.code, e.headers.get("Content-Type", "text/plain"), e.read())
            except (urllib.error.URLError, OSError) as e:
                self._send(502, "text/plain; charset=utf-8", f"the query engine did not answer: {e}\n".encode())

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

    try:
        server = _Server((host, port), Handler)
    except OSError as e:
        backend.close()
        raise KgError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    return server, backend


def _index(out: Path, host: str, port: int) -> str:
    pages = [name for name in PAGES if (out / name).is_file()]
    items = "".join(f"<li><a href='/{html.escape(n)}'>{html.escape(n)}</a></li>" for n in pages)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>kg</title></head><body>"
            f"<h1>kg: {html.escape(str(out))}</h1><p>SPARQL 1.1 endpoint (read-only): <code>http://{html.escape(host)}:{port}/query</code></p>"
            f"<ul>{items}</ul></body></html>")


def serve(out: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0) -> None:
    """Serve until interrupted."""
    server, backend = make_server(out, host, port, timeout=timeout)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        backend.close()
