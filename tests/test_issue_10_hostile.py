"""Regression tests: hostile article text and mistaken commands get a message, never harm."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg import build

from .conftest import ROOT

pytestmark = pytest.mark.model

ESC_CLEAR, OSC_TITLE, OSC8 = "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = (
    f"Title {OSC_TITLE}\n\n"
    f"China supports Russia in the war, the ministry said.{ESC_CLEAR}\x0c Officials said Iran supports Russia too.{OSC8}[1]\n\n"
    "Analysts said the trade grew by 4 percent in 2023.\n\n"
    "[1] https://example.org/report\n"
)


def kg(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={**os.environ, "COLUMNS": "200"}, **kw)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / "esc.md").write_text(HOSTILE, encoding="utf-8")
    s = build([root / "corpus"], root / "out")
    assert s.articles == 1
    return root / "out"


def test_issue_10_graphml_is_well_formed(hostile):
    ET.parse(hostile / "network.graphml")  # raises on a form feed or ESC
    text = (hostile / "network.graphml").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x0c" not in text


def test_issue_10_sparql_xml_is_well_formed(hostile):
    r = kg("query", "claims", "--store", hostile, "--format", "xml")
    assert r.returncode == 0, r.stderr
    ET.fromstring(r.stdout)


@pytest.mark.parametrize("args", [("query", "claims"), ("query", "actors"), ("audit",), ("audit", "--claim", "supports Russia"), ("network",)])
def test_issue_10_terminal_output_has_no_control_sequences(hostile, args):
    r = kg(*args, "--store", hostile)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\x1b" not in r.stderr


def test_issue_10_query_update_is_refused_as_read_only(hostile):
    r = kg("query", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }", "--store", hostile)
    assert r.returncode == 2 and "read-only" in r.stderr and "Traceback" not in r.stderr
    r = kg("query", "claims", "--store", hostile, "--format", "csv")
    assert r.returncode == 0 and len(r.stdout.splitlines()) > 1  # nothing was deleted


def test_issue_10_unknown_query_name_lists_the_names(hostile):
    r = kg("query", "claim", "--store", hostile)
    assert r.returncode == 2 and "no query named 'claim'" in r.stderr and "claims" in r.stderr and "SPARQL syntax" not in r.stderr


CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"


def test_issue_10_query_timeout(hostile):
    t = time.monotonic()
    r = kg("query", CROSS, "--store", hostile, "--timeout", "1")
    assert r.returncode == 2 and "stopped after 1 s" in r.stderr and "Traceback" not in r.stderr
    assert time.monotonic() - t < 20


def test_issue_10_query_stops_on_ctrl_c(hostile):
    p = subprocess.Popen([sys.executable, "-m", "kg.cli", "query", CROSS, "--store", str(hostile), "--timeout", "0"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    p.send_signal(signal.SIGINT)
    try:
        out, errs = p.communicate(timeout=15)
    finally:
        p.kill()
    assert p.returncode == 130 and "interrupted" in errs and "Traceback" not in errs


def test_issue_10_validate_bad_shapes_exit_2(hostile, tmp_path):
    r = kg("validate", "--store", hostile, "--shapes", tmp_path / "missing.ttl")
    assert r.returncode == 2 and "missing.ttl" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path ", encoding="utf-8")
    r = kg("validate", "--store", hostile, "--shapes", bad)
    assert r.returncode == 2 and "bad.ttl" in r.stderr and "Traceback" not in r.stderr


def test_issue_10_source_file_is_relative_and_skips_are_reported(tmp_path):
    from kg import query

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.md").write_text("Title\n\nThe minister said the port reopened in May.\n", encoding="utf-8")
    (corpus / "gone.md").symlink_to(tmp_path / "nowhere.md")
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "b.md").write_text("Title\n\nText.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        s = build([corpus], tmp_path / "out", reports=False)
    finally:
        locked.chmod(0o755)
    assert any("gone.md" in w and "does not exist" in w for w in s.warnings)
    if os.geteuid() != 0:  # root reads any folder
        assert any("locked" in w and "cannot be read" in w for w in s.warnings)
    rows = query("PREFIX kg: <https://w3id.org/kg#> SELECT ?f WHERE { ?a kg:sourceFile ?f }", tmp_path / "out").rows
    assert {r["f"] for r in rows} >= {"sub/a.md"} and not any(str(tmp_path) in r["f"] for r in rows)


def test_issue_10_build_cli_shows_stages(tmp_path):
    """Progress goes on after parsing: the stages are named (seen on stderr when it is a terminal;
    here the library callback is checked)."""
    stages: list[str] = []
    build([Path(ROOT / "tests" / "data" / "corpus")], tmp_path / "out", stage=stages.append)
    assert stages[:3] == ["reading the articles", "loading the spaCy model", "parsing"]
    assert {"writing RDF", "provenance audit", "graph page", "finishing the store"} <= set(stages)
