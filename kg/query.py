"""Run SPARQL over a built store: from a ``.rq`` file, a named competency query, or text.

``query`` returns plain rows for notebooks and scripts; ``query_text`` renders a SPARQL 1.1
result format (CSV, TSV, JSON, XML) or a readable table for the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import store as kg_store
from .errors import Errors, QueryError
from .lexicon import ontology_dir


@dataclass
class Result:
    variables: list[str]
    rows: list[dict[str, str | None]]


def load_query(q: str) -> tuple[str, str]:
    """(SPARQL text, where it came from) for a path, a competency query name, or text."""
    stripped = q.strip()
    if stripped.endswith(".rq") and "\n" not in stripped:
        p = Path(stripped)
        if not p.exists():
            named = ontology_dir() / "queries" / p.name
            if named.exists():
                p = named
            else:
                raise QueryError(Errors.E032.format(path=stripped))
        return p.read_text(encoding="utf-8"), str(p)
    named = ontology_dir() / "queries" / f"{stripped}.rq"
    if stripped and "\n" not in stripped and " " not in stripped and named.exists():
        return named.read_text(encoding="utf-8"), str(named)
    return q, "query"


def query(q: str, store: str | Path = "output", *, bindings: dict | None = None) -> Result:
    """Rows of a SELECT query (values as strings, None when unbound)."""
    text, where = load_query(q)
    st = kg_store.open_store(store)
    sol = kg_store.run(st, text, where=where, bindings=bindings)
    if isinstance(sol, bool) or not hasattr(sol, "variables"):
        raise QueryError(f"{where}: only SELECT queries return rows; use query_text for ASK/CONSTRUCT")
    names, rows = kg_store.rows(sol)
    return Result(names, rows)


def query_text(q: str, store: str | Path = "output", *, fmt: str = "table", bindings: dict | None = None) -> str:
    """The query's result rendered as ``fmt``: table, csv, tsv, json, xml."""
    import pyoxigraph as ox

    text, where = load_query(q)
    st = kg_store.open_store(store)
    sol = kg_store.run(st, text, where=where, bindings=bindings)
    if isinstance(sol, ox.QueryBoolean):
        return sol.serialize(format=kg_store.FORMATS[fmt]).decode() if fmt != "table" else str(bool(sol)).lower()
    if isinstance(sol, ox.QueryTriples):
        return sol.serialize(format=ox.RdfFormat.TURTLE).decode()
    if fmt != "table":
        return kg_store.serialize(sol, fmt)
    names, rows = kg_store.rows(sol)
    return render_table(names, rows)


def render_table(names: list[str], rows: list[dict]) -> str:
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*names, show_lines=False, header_style="bold")
    for r in rows:
        table.add_row(*[Text(_short(r[n])) for n in names])  # Text: no markup in data
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return console.export_text()


def _short(value: str | None, limit: int = 90) -> str:
    if value is None:
        return ""
    value = value.replace("https://w3id.org/kg/id/", "kg:")
    return value if len(value) <= limit else value[: limit - 1] + "…"
