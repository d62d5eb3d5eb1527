"""The embedded SPARQL store: pyoxigraph on disk under ``output/store``.

Chosen by measurement (``bench/bench_store.py``, numbers in the README): at a million
triples pyoxigraph answers the audit queries in well under a second where rdflib's own
engine needs several. The default graph is the union of the named graphs, so queries
need no ``GRAPH`` clause.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import Errors, QueryError, StoreNotFound
from .outdir import MARKER, STORE_DIR, current_store, is_kg_folder

__all__ = ["MARKER", "PREFIXES", "STORE_DIR", "Loader", "Updater", "compact", "open_store", "parse_term", "run", "rows"]

# the prefixes every query may use without declaring them, and the table output compacts with
# (kg's own resources under "kgid:"; "kg:" is the ontology)
PREFIXES = {
    "kg": "https://w3id.org/kg#", "kgid": "https://w3id.org/kg/id/", "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/", "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "cito": "http://purl.org/spar/cito/", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
}

FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


class Loader:
    """A new store in the folder ``path``, bulk-loaded chunk by chunk on a thread of its own.

    ``add`` takes a TriG block without prefix lines (``kg.rdf.io``; a quad repeated in
    another block is fine: the store keeps one of each) and returns at once; once
    ``CHUNK`` bytes have come they go, behind ``header`` (the prefix lines), to the thread,
    which loads them while the caller makes the next ones (pyoxigraph loads outside the
    GIL). At most ``ahead`` chunks wait for the thread, so memory stays bounded however big
    the graph: a caller that is faster than the store waits. After ``finish`` (no more
    blocks) the thread compacts the store and closes it; ``close`` waits for that and
    raises what went wrong on the thread. ``abort`` stops without raising, to clean up after
    another failure.
    """

    # bytes of TriG per bulk load (about 32k quads): RocksDB's bulk loader holds a chunk
    # several times over while it sorts it into every index, so small chunks keep the peak
    # low (measured: 813k quads load at the same speed in chunks of 32k quads with a quarter
    # of the memory of chunks of 128k)
    CHUNK = 3 << 20

    def __init__(self, path: str | Path, *, header: bytes = b"", ahead: int = 1):
        self.path = Path(path)
        self._header = header
        self._buffer: list[bytes] = []
        self._size = 0
        self._chunks: queue.Queue = queue.Queue(maxsize=ahead)
        self._error: BaseException | None = None
        self._finished = False
        self._thread = threading.Thread(target=self._run, args=(ox.Store(str(self.path)),), name="kg-store", daemon=True)
        self._thread.start()

    def add(self, block: bytes) -> None:
        self._buffer.append(block)
        self._size += len(block)
        if self._size >= self.CHUNK:
            self._send()

    def _send(self) -> None:
        if self._buffer:
            chunk = b"".join([self._header, *self._buffer])
            self._buffer, self._size = [], 0
            self._put(chunk)

    def _put(self, item) -> None:
        while self._thread.is_alive():  # a thread that died cannot take more
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def finish(self) -> None:
        if not self._finished:
            self._finished = True
            if self._error is None:
                self._send()
            self._buffer = []
            self._put(None)

    def close(self) -> Path:
        self.finish()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.path

    def abort(self) -> None:
        self._error = self._error or RuntimeError("aborted")
        self.finish()
        self._thread.join()

    def _run(self, store: ox.Store) -> None:
        # an error is kept for close (in the caller's thread); later chunks are then skipped
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:
                try:
                    # lenient: the chunk is kg's own serializer output, no second check needed
                    store.bulk_load(chunk, format=ox.RdfFormat.TRIG, lenient=True)
                except BaseException as e:
                    self._error = e
        if self._error is None:
            try:
                store.optimize()  # one set of files per index, however many chunks came
                store.flush()
            except BaseException as e:
                self._error = e
        # the store closes when this frame ends


class Updater:
    """A new store in the folder ``path`` made from the store in ``previous``: a RocksDB
    checkpoint of it (hard links: instant, whatever its size) with the named graphs in
    ``remove`` dropped; ``add`` then loads TriG blocks as ``Loader.add`` does. The previous
    store is only read, so a reader that has it open keeps it whole."""

    def __init__(self, previous: str | Path, path: str | Path, *, header: bytes = b"", remove: Iterable[str] = ()):
        self.path = Path(path)
        self._header = header
        ox.Store.read_only(str(previous)).backup(str(self.path))
        self._store: ox.Store | None = ox.Store(str(self.path))
        for g in remove:
            self._store.remove_graph(ox.NamedNode(g))

    def add(self, block: bytes) -> None:
        if block:
            self._store.load(self._header + block, format=ox.RdfFormat.TRIG)

    def close(self) -> Path:
        self._store.flush()
        self._store = None  # closed before its folder moves
        return self.path

    def abort(self) -> None:
        self._store = None


def open_store(out: str | Path | ox.Store) -> ox.Store:
    """Open the store a build wrote into ``out`` (read-only); a Store object is used as is.

    ``out`` is the build's folder, or its ``store`` folder, or one store version in it.
    A store that cannot be opened raises ``StoreNotFound`` with the reason, never a
    RocksDB traceback; an open that races a build's switch is tried again.
    """
    if isinstance(out, ox.Store):
        return out
    out = Path(out)
    if not is_kg_folder(out):
        if (out / "CURRENT").is_file():  # a store version named directly
            return _open(out, out.parent.parent)
        if is_kg_folder(out.parent) and out.name == STORE_DIR:
            out = out.parent  # --store output/store
    last: Exception | None = None
    for attempt in range(4):
        path = current_store(out)
        if path is None or not is_kg_folder(out) or not path.is_dir():
            if attempt == 0 and is_kg_folder(out):
                time.sleep(0.05)  # the pointer may be in the middle of its switch
                continue
            raise StoreNotFound(Errors.E031.format(path=out))
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError, ValueError) as e:
            last = e
            time.sleep(0.05 * (attempt + 1))
    raise StoreNotFound(Errors.E033.format(path=out, reason=_first_line(last), out=out))


def _open(path: Path, out: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError, ValueError) as e:
        raise StoreNotFound(Errors.E033.format(path=path, reason=_first_line(e), out=out)) from None


def _first_line(e: BaseException | None) -> str:
    return str(e).strip().splitlines()[0] if e is not None and str(e).strip() else type(e).__name__


def run(store: ox.Store, sparql: str, *, where: str = "query", bindings: dict | None = None):
    """Run a SPARQL query over the union of all graphs; syntax errors become ``QueryError``.
    The prefixes in ``PREFIXES`` (kg, schema, prov, dcterms, oa, skos, …) need no declaration."""
    if bindings:  # written into the patterns, subqueries too: a bound query starts from its values
        sparql = with_values(sparql, {k: str(_term(v)) for k, v in bindings.items()})
    try:
        return store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as e:
        raise QueryError(Errors.E030.format(where=where, message=e)) from None
    except (RuntimeError, ValueError) as e:
        raise QueryError(f"{where}: {e}") from None


def with_values(text: str, bindings: dict) -> str:
    """``text`` with each bound variable (N-Triples terms) written into its patterns, those of
    its subqueries too, so the store or a server starts from the bound values (a ``VALUES``
    block alone leaves a server free to scan everything and join later: one claim's sources
    took seconds at millions of triples, 2 ms inlined; pyoxigraph's substitutions do not
    reach into subqueries: one article's audit-claims took 8 s, 0.07 s inlined). The variables stay where
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


def _term(value):
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    return ox.Literal(str(value)) if not isinstance(value, (int, float)) else ox.Literal(value)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def parse_term(text: str) -> ox.NamedNode | ox.Literal:
    """A ``--bind`` value as an RDF term, written as in N-Triples: ``<iri>``, ``"text"``,
    ``"text"@en``, ``"1"^^<…#decimal>``; bare numbers and booleans are typed literals and
    any other bare text (a URL too: ``schema:url`` holds literals) a plain string.

    >>> [str(parse_term(v)) for v in ("12", "-1.5", "true", "<https://x.org/a>", '"12"', "https://x.org/a")]
    ['"12"^^<http://www.w3.org/2001/XMLSchema#integer>', '"-1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '<https://x.org/a>', '"12"', '"https://x.org/a"']
    """
    t = text.strip()
    if t.startswith(("<", '"')):
        try:
            (triple,) = ox.parse(f"<urn:kg:s> <urn:kg:p> {t} .", format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"--bind value {text!r} is not an N-Triples term: {_first_line(e)}") from None
        return triple.object
    if re.fullmatch(r"[+-]?\d+", t):
        return ox.Literal(t, datatype=ox.NamedNode(_XSD + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", t):
        return ox.Literal(t, datatype=ox.NamedNode(_XSD + "decimal"))
    if t in ("true", "false"):
        return ox.Literal(t, datatype=ox.NamedNode(_XSD + "boolean"))
    return ox.Literal(text)


def compact(iri: str) -> str:
    """An IRI written with the longest matching prefix of ``PREFIXES``.

    >>> compact("https://w3id.org/kg/id/footnote/a/12"), compact("https://w3id.org/kg#Claim"), compact("https://x.org/a")
    ('kgid:footnote/a/12', 'kg:Claim', 'https://x.org/a')
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def rows(solutions) -> tuple[list[str], list[dict[str, str | None]]]:
    """Solutions as plain rows: variable name → the term's value (or None when unbound)."""
    return [v.value for v in solutions.variables], list(iter_rows(solutions))


def iter_rows(solutions) -> Iterator[dict[str, str | None]]:
    """``rows``, one at a time."""
    names = [v.value for v in solutions.variables]
    for sol in solutions:
        row = {}
        for n in names:
            t = sol[n]
            row[n] = None if t is None else t.value
        yield row
