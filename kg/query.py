"""Run SPARQL over a built store: from a ``.rq`` file, a named competency query, or text.

``query`` returns plain rows for notebooks and scripts; ``query_text`` renders a SPARQL 1.1
result format (CSV, TSV, JSON, XML) or a readable table for the terminal.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import store as kg_store
from .errors import Errors, KgError, QueryError, QueryTimeout
from .datadir import ontology_dir
from .sanitize import for_terminal, for_xml


DEFAULT_TIMEOUT = 60.0  # seconds a query may run before it is stopped


@dataclass(repr=False)
class Result:
    """A SELECT result: its variables and rows (values as strings, None when unbound)."""

    variables: list[str]
    rows: list[dict[str, str | None]]

    def __repr__(self) -> str:
        return f"Result(variables={self.variables!r}, rows=<{len(self.rows)} rows>)"

    def to_pandas(self):
        """The rows as a pandas DataFrame, one column per variable, typed: a column whose
        values are all whole numbers is ``Int64``, all numbers ``float64``, else ``string``
        (unbound values are missing). Needs pandas (``pip install 'kg-claims[notebook]'``)."""
        try:
            import pandas as pd
        except ImportError:
            raise KgError("Result.to_pandas needs pandas: pip install 'kg-claims[notebook]'") from None
        columns = {}
        for v in self.variables:
            values = [r.get(v) for r in self.rows]
            present = [x for x in values if x is not None]
            if present and all(_INTEGER.fullmatch(x) for x in present):
                columns[v] = pd.array([None if x is None else int(x) for x in values], dtype="Int64")
            elif present and all(_NUMBER.fullmatch(x) for x in present):
                columns[v] = pd.array([None if x is None else float(x) for x in values], dtype="float64")
            else:
                columns[v] = pd.array(values, dtype="string")
        return pd.DataFrame(columns, columns=self.variables)

    def _repr_html_(self, limit: int = 50) -> str:
        """A notebook shows the first ``limit`` rows as a table (article text escaped)."""
        import html

        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_short(r.get(v)))}</td>" for v in self.variables) + "</tr>"
                       for r in self.rows[:limit])
        more = f"<p>{len(self.rows) - limit:,} more rows</p>" if len(self.rows) > limit else ""
        return f"<table><tr>{head}</tr>{body}</table><p>{len(self.rows):,} rows</p>{more}"


_INTEGER = re.compile(r"[+-]?\d{1,18}")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


_UPDATE = re.compile(
    r"^(?:\s++|#[^\n]*+\n|PREFIX\s++[\w.-]*+:\s*+<[^>]*+>|BASE\s*+<[^>]*+>)*+"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)


def query_names() -> list[str]:
    """The names of the queries kg ships (``kg query NAME``)."""
    return sorted(p.stem for p in (ontology_dir() / "queries").glob("*.rq"))


def load_query(q: str) -> tuple[str, str]:
    """(SPARQL text, where it came from) for a path, a competency query name, or text.

    A single word that names no query, and a SPARQL update, are refused with a message.
    """
    stripped = q.strip()
    if stripped.endswith(".rq") and "\n" not in stripped:
        p = Path(stripped)
        if not p.exists():
            named = ontology_dir() / "queries" / p.name
            if named.exists():
                p = named
            else:
                raise QueryError(Errors.E032.format(path=stripped))
        text, where = p.read_text(encoding="utf-8"), str(p)
    elif stripped and not any(c.isspace() or c in "{}?$" for c in stripped):
        named = ontology_dir() / "queries" / f"{stripped}.rq"
        if not named.exists():
            raise QueryError(Errors.E035.format(name=stripped, names=", ".join(query_names())))
        text, where = named.read_text(encoding="utf-8"), str(named)
    else:
        text, where = q, "query"
    if m := _UPDATE.match(text):
        raise QueryError(Errors.E034.format(where=where, verb=m.group(1).upper()))
    return text, where


def query(q: str, store: str | Path = "output", *, bindings: dict | None = None) -> Result:
    """Rows of a SELECT query (values as strings, None when unbound)."""
    sol = _select(q, store, bindings)
    names, rows = kg_store.rows(sol)
    return Result(names, rows)


def query_rows(q: str, store: str | Path = "output", *, bindings: dict | None = None) -> Iterator[dict[str, str | None]]:
    """``query``'s rows one at a time, as the store yields them (a big result is never a list)."""
    yield from kg_store.iter_rows(_select(q, store, bindings))


def query_pages(q: str, store: str | Path = "output") -> Iterator[dict[str, str | None]]:
    """``query_rows`` of ``q`` a page per article, articles in IRI order: ``q`` binds
    ``?article`` and runs once per article with it bound, so the store never sorts or groups
    the whole corpus's rows at once (one article's page is milliseconds at millions of
    triples). The store is opened once for all the pages."""
    st = kg_store.open_store(store)
    articles = sorted(r["article"] for r in query_rows("SELECT ?article WHERE { ?article a kg:Article }", st))
    for a in articles:
        yield from query_rows(q, st, bindings={"article": a})


def _select(q: str, store, bindings: dict | None):
    text, where = load_query(q)
    sol = kg_store.run(kg_store.open_store(store), text, where=where, bindings=bindings)
    if isinstance(sol, bool) or not hasattr(sol, "variables"):
        raise QueryError(f"{where}: only SELECT queries return rows; use query_text for ASK/CONSTRUCT")
    return sol


def query_text(q: str, store: str | Path = "output", *, fmt: str = "table", bindings: dict | None = None,
               timeout: float | None = DEFAULT_TIMEOUT) -> str:
    """The query's result rendered as ``fmt``: table, csv, tsv, json, xml (``stream``, collected)."""
    parts: list[str] = []
    stream(q, store, parts.append, fmt=fmt, bindings=bindings, timeout=timeout)
    return "".join(parts)


TABLE_WIDTH = 200  # characters; wider tables shrink their widest columns, cutting cells with "…"


def render_table(names: list[str], rows: list[dict], *, footer: bool = True) -> str:
    """A boxed text table, as rich draws one (heavy head, light body), drawn directly: rich's
    own table layout takes longer than the query for a few hundred rows."""
    from rich.cells import cell_len, set_cell_size

    cells = [[for_terminal(_short(r[n])).replace("\n", " ") for n in names] for r in rows]
    widths = [max([cell_len(h)] + [cell_len(c[i]) for c in cells]) for i, h in enumerate(names)]
    while sum(widths) + 3 * len(widths) + 1 > TABLE_WIDTH and max(widths) > 8:
        widths[widths.index(max(widths))] -= 1

    def fit(v: str, w: int) -> str:
        return set_cell_size(v, w) if cell_len(v) <= w else set_cell_size(v, w - 1) + "…"

    def rule(left: str, mid: str, right: str, fill: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def row(edge: str, values: list[str]) -> str:
        return edge + edge.join(f" {fit(v, w)} " for v, w in zip(values, widths)) + edge

    lines = [rule("┏", "┳", "┓", "━"), row("┃", names), rule("┡", "╇", "┩", "━"), *(row("│", c) for c in cells),
             rule("└", "┴", "┘", "─")]
    if footer:
        lines.append(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return "\n".join(lines) + "\n"


def _short(value: str | None, limit: int = 90) -> str:
    if value is None:
        return ""
    if value.startswith(("http://", "https://")):
        value = kg_store.compact(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"

_END = object()


def stream(q: str, store: str | Path = "output", write: Callable[[str], object] = print, *, fmt: str = "table",
           bindings: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT, page: int = 500) -> None:
    """Run a query and hand its result to ``write`` piece by piece, never all in memory.

    The query runs on a worker thread (pyoxigraph evaluates outside the GIL), so this thread
    stays free to honour Ctrl-C (``KeyboardInterrupt``) and ``timeout`` seconds, after which
    ``QueryTimeout`` is raised. ``table`` prints pages of ``page`` rows; the SPARQL result
    formats are streamed as the store serialises them.
    """
    import pyoxigraph as ox

    text, where = load_query(q)
    st = kg_store.open_store(store)
    pieces: queue.Queue = queue.Queue(maxsize=64)

    class _Pipe:
        def write(self, b: bytes) -> int:
            pieces.put(bytes(b))
            return len(b)

        def flush(self) -> None:
            pass

    def produce() -> None:
        # the result objects must die on this thread: only plain messages leave it
        try:
            _produce()
            pieces.put(_END)
        except KgError as e:
            pieces.put(type(e)(str(e)))
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread as a message
            pieces.put(QueryError(f"{where}: {e}"))

    def _produce() -> None:
        sol = kg_store.run(st, text, where=where, bindings=bindings)  # results live on the thread that made them
        if isinstance(sol, ox.QueryBoolean):
            pieces.put(str(bool(sol)).lower() if fmt == "table" else sol.serialize(format=kg_store.FORMATS[fmt]).decode())
        elif isinstance(sol, ox.QueryTriples):
            sol.serialize(output=_Pipe(), format=ox.RdfFormat.TURTLE)
        elif fmt != "table":
            sol.serialize(output=_Pipe(), format=kg_store.FORMATS[fmt])
        else:
            names = [v.value for v in sol.variables]
            pieces.put(names)
            batch = []
            for s_ in sol:
                batch.append({n: (None if (t := s_[n]) is None else t.value) for n in names})
                if len(batch) >= page:
                    pieces.put(batch)
                    batch = []
            pieces.put(batch)

    threading.Thread(target=produce, name="kg-query", daemon=True).start()
    deadline = None if not timeout else time.monotonic() + timeout
    names: list[str] | None = None
    count = 0
    xml = bytearray() if fmt == "xml" else None
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise QueryTimeout(Errors.E036.format(where=where, seconds=timeout))
        try:
            piece = pieces.get(timeout=min(wait, 0.2) if wait is not None else 0.2)
        except queue.Empty:
            continue
        if piece is _END:
            break
        if isinstance(piece, KgError):
            raise piece
        if isinstance(piece, bytes):
            if xml is not None:
                xml += piece  # XML is cleaned whole (a character may span two pieces)
            else:
                write(piece.decode("utf-8", errors="replace"))
        elif isinstance(piece, str):
            write(piece + "\n")
        elif names is None:
            names = piece
        else:
            count += len(piece)
            if piece or count == 0:
                write(render_table(names, piece, footer=False))
    if xml is not None:
        write(for_xml(xml.decode("utf-8")))
    if names is not None:
        write(f"{count} row{'s' if count != 1 else ''}\n")
