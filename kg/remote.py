"""SPARQL over HTTP: ``kg query --endpoint URL`` against any SPARQL 1.1 Protocol server (a
``kg serve``, Oxigraph, Fuseki, GraphDB, Virtuoso).

The query is POSTed URL-encoded (the form every server takes); ``--bind`` values are written
into the query's patterns and bound by a ``VALUES`` block for its results, as the embedded
store does (``kg.store.with_values``), so a remote server needs no extension. Results come back in
the format asked for (CSV, TSV, JSON, XML) or as JSON that is printed as a table.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from .errors import Errors, KgError, QueryError, QueryTimeout
from .query import load_query, render_table
from .store import with_values
from .sanitize import for_xml

ACCEPT = {
    "table": "application/sparql-results+json",
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}


def post(endpoint: str, text: str, accept: str, timeout: float | None) -> bytes:
    """The server's answer to the query ``text``; HTTP and network failures as ``KgError``."""
    # the URL-encoded form of the protocol: every server takes it (Virtuoso 7 waits forever on
    # a body sent as application/sparql-query)
    req = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": text}).encode("ascii"), method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", errors="replace").strip()[:500]
        raise QueryError(Errors.E037.format(endpoint=endpoint, status=e.code, message=body or e.reason)) from None
    except TimeoutError:
        raise QueryTimeout(Errors.E036.format(where=endpoint, seconds=timeout)) from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise KgError(Errors.E038.format(endpoint=endpoint, reason=reason)) from None


def remote_stream(q: str, endpoint: str, write: Callable[[str], object] = print, *, fmt: str = "table",
                  bindings: dict | None = None, timeout: float | None = 60.0) -> None:
    """Run a query at ``endpoint`` and hand the result to ``write`` (as ``kg.query.stream``)."""
    text, _ = load_query(q)
    if bindings:
        text = with_values(text, bindings)
    body = post(endpoint, text, ACCEPT[fmt], timeout)
    if fmt == "xml":
        write(for_xml(body.decode("utf-8", errors="replace")))
    elif fmt != "table":
        write(body.decode("utf-8", errors="replace"))
    else:
        try:
            data = json.loads(body)
        except ValueError:
            write(body.decode("utf-8", errors="replace"))  # a graph (CONSTRUCT) in the server's syntax
            return
        if "boolean" in data:
            write(str(data["boolean"]).lower() + "\n")
            return
        names = data["head"]["vars"]
        rows = [{n: (b[n]["value"] if n in b else None) for n in names} for b in data["results"]["bindings"]]
        write(render_table(names, rows))
