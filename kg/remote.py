"""SPARQL over HTTP: ``kg query --endpoint URL`` against any SPARQL 1.1 Protocol server (a
``kg serve``, Oxigraph, Fuseki, GraphDB, Virtuoso).

The query is POSTed URL-encoded (the form every server takes); ``--bind`` values are written
into the query's patterns, as the embedded store's substitutions do, and bound by a
``VALUES`` block for its results, so a remote server needs no extension. Results come back in
the format asked for (CSV, TSV, JSON, XML) or as JSON that is printed as a table.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from .errors import Errors, KgError, QueryError, QueryTimeout
from .query import load_query, render_table
from .sanitize import for_xml

ACCEPT = {
    "table": "application/sparql-results+json",
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}


def with_values(text: str, bindings: dict) -> str:
    """``text`` with each bound variable (N-Triples terms) written into its patterns, as the
    embedded store's substitutions do, so a server starts from the bound values (a ``VALUES``
    block alone leaves a server free to scan everything and join later: one claim's
    sources took seconds at millions of triples, 2 ms inlined). The variables stay where
    the query names rather than matches them (its ``SELECT``, ``GROUP BY`` and ``ORDER BY``
    lists, ``AS ?x``), and a ``VALUES`` block first in the outer ``WHERE`` group binds them
    there; a query without a ``WHERE`` keyword gets a trailing block.

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": "<https://e.org/p>"})
    'SELECT ?x WHERE { VALUES (?p) { (<https://e.org/p>) } ?x <https://e.org/p> ?o }'
    >>> with_values("SELECT ?p (COUNT(*) AS ?n) { ?x ?p ?o } GROUP BY ?p", {"p": "<https://e.org/p>"})
    'SELECT ?p (COUNT(*) AS ?n) { ?x <https://e.org/p> ?o } GROUP BY ?p\\nVALUES (?p) { (<https://e.org/p>) }'
    """
    names = list(bindings)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(bindings[n]) for n in names)}) }}"
    masked = _masked(text)
    kept = _naming_spans(masked)
    pieces, at = [], 0
    for m in re.finditer(r"[?$](" + "|".join(re.escape(n) for n in names) + r")\b", masked):
        if any(a <= m.start() < b for a, b in kept) or re.search(r"\bAS\s*$", masked[max(0, m.start() - 8) : m.start()], re.I):
            continue
        pieces += [text[at : m.start()], str(bindings[m.group(1)])]
        at = m.end()
    inlined = "".join(pieces) + text[at:]
    m = _WHERE.search(_masked(inlined))
    if m:
        return f"{inlined[: m.end()]} {block}{inlined[m.end():]}"
    return f"{inlined.rstrip()}\n{block}"


def _naming_spans(masked: str) -> list[tuple[int, int]]:
    """Where a query names variables rather than matching them: each ``SELECT`` list (to its
    ``WHERE`` or ``{``) and each ``GROUP BY`` or ``ORDER BY`` list."""
    spans = []
    for m in re.finditer(r"\bSELECT\b", masked, re.IGNORECASE):
        end = re.compile(r"\bWHERE\b|\{", re.IGNORECASE).search(masked, m.end())
        spans.append((m.end(), end.start() if end else len(masked)))
    for m in re.finditer(r"\b(?:GROUP|ORDER)\s+BY\b", masked, re.IGNORECASE):
        end = re.compile(r"\b(?:HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|[{}]", re.IGNORECASE).search(masked, m.end())
        spans.append((m.end(), end.start() if end else len(masked)))
    return spans


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _masked(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length), so a keyword
    search finds only the query's own words."""
    return re.sub(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>', lambda m: " " * len(m.group()), text)


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
