"""Regression tests: a build replaces only what kg writes, and readers never see a half switch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg import build, query
from kg.errors import KgError, StoreNotFound
from kg.outdir import MARKER, STAGE_PREFIX, check_out, current_store
from kg.store import open_store

from .conftest import DATA, ROOT

pytestmark = pytest.mark.model


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root``: path → content (None for folders)."""
    out = {}
    for p in sorted(root.rglob("*")):
        out[p.relative_to(root).as_posix()] = None if p.is_dir() else p.read_bytes()
    return out


def user_tree(root: Path) -> Path:
    """A folder as a user has one: inputs, a git folder, subfolders, notes."""
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "ukraine").mkdir()
    shutil.copy(DATA / "corpus" / "news-alliance.txt", root / "ukraine" / "news-alliance.txt")
    (root / "drafts" / "old").mkdir(parents=True)
    (root / "drafts" / "old" / "x.txt").write_text("draft")
    (root / "notes.txt").write_text("my notes")
    (root / "output").write_text("a file named like the output")
    return root


def test_issue_10_out_holding_the_inputs_is_refused(tmp_path):
    reading = user_tree(tmp_path / "reading")
    before = snapshot(reading)
    with pytest.raises(KgError, match="holds the input"):
        build([reading / "ukraine"], reading)
    with pytest.raises(KgError, match="holds the input"):
        build([reading / "ukraine"], reading / "ukraine")
    assert snapshot(reading) == before


def test_issue_10_out_naming_a_file_is_refused(tmp_path):
    reading = user_tree(tmp_path / "reading")
    before = snapshot(reading)
    with pytest.raises(KgError, match="is a file"):
        build([reading / "ukraine"], reading / "output")
    assert snapshot(reading) == before


def test_issue_10_foreign_folder_refused_unless_forced_and_never_touched(tmp_path):
    reading = user_tree(tmp_path / "reading")
    victim = reading / "drafts"
    before = snapshot(victim)
    with pytest.raises(KgError, match="did not make"):
        build([reading / "ukraine"], victim)
    assert snapshot(victim) == before
    build([reading / "ukraine"], victim, force=True, reports=False)
    after = snapshot(victim)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing of the user's changed
    assert (victim / MARKER).exists() and query("claims", victim).rows
    assert not [k for k in after if k.startswith(STAGE_PREFIX)]


def test_issue_10_cli_out_dot_is_a_message_not_a_traceback(tmp_path):
    reading = user_tree(tmp_path / "reading")
    before = snapshot(reading)
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", "ukraine", "--out", ".", "--quiet"], cwd=reading,
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2 and "holds the input" in r.stderr and "Traceback" not in r.stderr
    assert snapshot(reading) == before


def test_issue_10_check_out_accepts_new_empty_and_kg_folders(tmp_path):
    assert check_out(tmp_path / "new", [DATA / "corpus"]) == tmp_path / "new"
    (tmp_path / "empty").mkdir()
    check_out(tmp_path / "empty", [DATA / "corpus"])
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "graph-stance.png").write_bytes(b"png")  # only names kg writes
    check_out(tmp_path / "shots", [DATA / "corpus"])
    (tmp_path / "shots" / ".gitkeep").write_text("")  # a checkout's placeholder: the repository's own output/
    check_out(tmp_path / "shots", [DATA / "corpus"])


def test_issue_10_rebuilds_replace_only_kg_files(tmp_path):
    out = tmp_path / "out"
    build([DATA / "corpus"], out)
    assert (out / "audit.html").exists() and (out / "graph.html").exists()
    (out / "my-notes.md").write_text("mine")
    (out / "sub").mkdir()
    (out / "sub" / "keep.txt").write_text("keep")
    first = current_store(out)
    build([DATA / "corpus"], out, reports=False)
    # the reports of the earlier graph are gone, the user's files stay
    for name in ("audit.html", "audit.json", "graph.html", "network.json", "network.graphml", "network-edges.csv"):
        assert not (out / name).exists(), name
    assert (out / "my-notes.md").read_text() == "mine" and (out / "sub" / "keep.txt").read_text() == "keep"
    second = current_store(out)
    assert second != first and first.is_dir() and second.is_dir()  # the previous version stays for readers
    build([DATA / "corpus"], out, reports=False)
    assert not first.exists() and second.is_dir() and current_store(out).is_dir()
    assert query("claims", out / "store").rows  # the store folder itself is accepted too


def test_issue_10_stage_left_by_a_killed_build_is_removed(tmp_path):
    out = tmp_path / "out"
    build([DATA / "corpus"], out, reports=False)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f"{STAGE_PREFIX}v1-{dead.stdout.strip()}"
    (stale / "store").mkdir(parents=True)
    (stale / "kg.trig").write_text("half")
    build([DATA / "corpus"], out, reports=False)
    assert not stale.exists()


def test_issue_10_readers_never_fail_while_builds_switch(tmp_path):
    out = tmp_path / "out"
    build([DATA / "corpus"], out, reports=False)
    errors: list[BaseException] = []
    opened = 0
    stop = threading.Event()

    def read():
        nonlocal opened
        while not stop.is_set():
            try:
                st = open_store(out)
                assert len(st) > 0
                opened += 1
            except BaseException as e:  # noqa: BLE001 - every failure counts
                errors.append(e)

    t = threading.Thread(target=read)
    t.start()
    try:
        for _ in range(3):
            build([DATA / "corpus"], out, reports=False)
    finally:
        stop.set()
        t.join()
    assert opened > 10 and not errors, errors[:3]


def test_issue_10_broken_store_is_a_clear_message(tmp_path):
    out = tmp_path / "out"
    build([DATA / "corpus"], out, reports=False)
    for f in current_store(out).iterdir():
        if f.name.startswith(("CURRENT", "MANIFEST")):
            f.unlink()
    with pytest.raises(StoreNotFound, match="cannot open the store|no kg store"):
        open_store(out)
    r = subprocess.run([sys.executable, "-m", "kg.cli", "query", "claims", "--store", str(out)], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and str(out) in r.stderr
