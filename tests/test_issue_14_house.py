"""The house: the reading side never loads spaCy, and kg answers to --version and python -m kg."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


def test_issue_14_reading_side_never_imports_spacy():
    r = run("import kg, kg.query, kg.store, kg.audit, kg.network, kg.viz, kg.validate, kg.evaluate, kg.cli, sys\n"
            "kg.query; kg.evaluate\n"
            "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('kg.extract', 'kg.pipeline'))))")
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stdout + r.stderr


def test_issue_14_version_and_module_entry_point():
    from kg import __version__

    for cmd in ([sys.executable, "-m", "kg", "--version"], [sys.executable, "-m", "kg.cli", "--version"]):
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 0 and r.stdout.strip() == f"kg {__version__}" and __version__ != "0+unknown"


def test_issue_14_ontology_is_package_data():
    from kg.lexicon import ontology_dir

    d = ontology_dir()
    assert (d / "kg.ttl").is_file() and (d / "shapes.ttl").is_file() and (d / "queries" / "claims.rq").is_file()


def test_issue_14_every_subpackage_ships_in_the_wheel():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"


def test_issue_14_messages_carry_codes_and_verbose_logs_stages(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kg", "query", "claims", "--store", str(tmp_path / "none")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "[E031]" in r.stderr
    r = subprocess.run([sys.executable, "-m", "kg", "-v", "build", str(tmp_path / "missing")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "[E021]" in r.stderr and "Traceback" not in r.stderr


def test_issue_14_build_provenance(fixture_build):
    import hashlib

    from kg import query

    from .conftest import DATA

    out, _ = fixture_build
    rows = query("SELECT ?b ?v ?m ?sha ?path WHERE { ?b a kg:Build ; kg:kgVersion ?v ; kg:model ?m ; prov:used ?f . "
                 "?f kg:sha256 ?sha ; kg:sourceFile ?path }", out).rows
    files = {r["path"]: r["sha"] for r in rows}
    assert len({r["b"] for r in rows}) == 1 and rows[0]["m"] and rows[0]["v"]
    for name, sha in files.items():
        assert hashlib.sha256((DATA / "corpus" / name).read_bytes()).hexdigest() == sha
    derived = query("SELECT ?a ?f WHERE { ?a a kg:Article ; prov:wasDerivedFrom ?f }", out).rows
    assert {r["f"].rsplit("/", 1)[-1] for r in derived} == set(files.values())


def test_issue_14_kg_query_loads_only_what_a_query_needs(corpus_build):
    # kg query starts in a fraction of a second: no rich console, no pydantic, no spaCy, no
    # rdflib (bench/bench_query_start.py measures the time)
    out, _ = corpus_build
    for fmt in ("csv", "table"):
        r = run("import sys\nimport kg.cli\n"
                f"sys.argv = ['kg', 'query', 'actors', '--store', {str(out)!r}, '--format', {fmt!r}]\n"
                "try:\n    kg.cli.main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
                "print('LOADED', sorted(m for m in ('rich.console', 'pydantic', 'spacy', 'rdflib', 'typer') if m in sys.modules))")
        assert r.returncode == 0 and r.stdout.strip().splitlines()[-1] == "LOADED []", r.stdout[-500:] + r.stderr
