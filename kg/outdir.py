"""The output folder: staged writes that replace only what kg itself writes.

A build writes everything into a stage folder inside ``out`` (same file system, so each
move is one atomic rename), then moves its files over the previous ones one by one and
switches the store last, through the pointer in ``kg-store.json``. Stores are versioned
folders under ``out/store/``: a reader that opened the previous version keeps a whole one,
and a reader that opens during the switch sees either the old pointer or the new one.

kg never deletes, renames or overwrites a file it did not write: an ``--out`` that is a
file, that holds the inputs, or that is a non-empty folder kg did not make is refused
(the last one unless ``force``), and only kg's own names are ever replaced.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

from .errors import Errors, KgError



def _log():
    import logging

    return logging.getLogger("kg")
MARKER = "kg-store.json"  # written last by every build: the pointer to the current store
STORE_DIR = "store"
STAGE_PREFIX = ".kg-stage-"
REPORT_FILES = ("network.json", "network.graphml", "network-edges.csv", "audit.html", "audit.json", "graph.html")
DATA_FILES = ("kg.trig", "kg.ttl", "build.json")
SCREENSHOTS = ("graph-stance.png", "graph-evidence.png")
CACHE_DIR = ".kg-cache"  # kg.cache: parsed articles by content hash
KG_NAMES = frozenset((*DATA_FILES, *REPORT_FILES, *SCREENSHOTS, MARKER, STORE_DIR, CACHE_DIR))
# files that keep an empty folder in version control or that file browsers leave: a folder
# holding only these (and kg's own names) counts as empty
PLACEHOLDERS = frozenset((".gitkeep", ".gitignore", ".keep", ".DS_Store", "Thumbs.db", "desktop.ini"))
_VERSION = re.compile(r"^v[0-9a-f]+-\d+$")


def is_kg_folder(path: Path) -> bool:
    """Whether ``path`` is a folder a kg build wrote (it holds kg's pointer file)."""
    return (path / MARKER).is_file()


def check_out(out: str | Path, inputs: Iterable[str | Path], *, force: bool = False) -> Path:
    """``out`` when kg may write there, else ``KgError`` saying why and what to do.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> check_out(d / "new", [d / "corpus"]) == d / "new"
    True
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KgError(Errors.E060.format(out=out))
    real = out.resolve()
    for p in inputs:
        rp = Path(p).resolve()
        if rp == real or real in rp.parents:
            raise KgError(Errors.E061.format(out=out, path=p))
    if out.is_dir() and not is_kg_folder(out) and not force:
        foreign = sorted(f.name for f in _entries(out) if f.name not in KG_NAMES | PLACEHOLDERS and not f.name.startswith(STAGE_PREFIX))
        if foreign:
            shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
            raise KgError(Errors.E062.format(out=out, names=shown))
    return out


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError as e:
        raise KgError(Errors.E007.format(path=folder, reason=e.strerror or e)) from None


class Stage:
    """A stage folder inside ``out``; ``commit`` moves what was written in it over ``out``.

    Use as a context manager: leaving it without ``commit`` (an error, Ctrl-C) removes the
    stage and leaves ``out`` exactly as it was.
    """

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        clean_stale(self.out)
        self.version = f"v{time.time_ns():x}-{os.getpid()}"
        self.path = self.out / f"{STAGE_PREFIX}{self.version}"
        self.path.mkdir()
        self.committed = False

    @property
    def store(self) -> Path:
        """Where the build writes its new store."""
        return self.path / STORE_DIR

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc) -> None:
        _rmtree(self.path, ignore_errors=True)

    def commit(self, meta: dict) -> None:
        """Move the staged files and store into ``out``; switch the pointer last; drop report
        files of an earlier build that this one did not write, and store versions no
        reader can still be opening."""
        was_kg = is_kg_folder(self.out)
        previous = current_store(self.out) if was_kg else None
        stores = self.out / STORE_DIR
        if stores.is_dir() and (stores / "CURRENT").exists():
            if not was_kg:  # a RocksDB folder kg did not make: leave it alone
                raise KgError(Errors.E062.format(out=self.out, names=STORE_DIR))
            _rmtree(stores)  # the single-folder layout of earlier kg versions
            previous = None
        stores.mkdir(exist_ok=True)
        pointer = None
        if self.store.is_dir():
            self.store.rename(stores / self.version)
            pointer = f"{STORE_DIR}/{self.version}"
        written = set()
        for f in sorted(self.path.iterdir()):
            if f.is_file():
                os.replace(f, self.out / f.name)
                written.add(f.name)
        (self.path / MARKER).write_text(json.dumps(meta | {"store": pointer}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(self.path / MARKER, self.out / MARKER)  # readers switch here
        _log().info("output: %s now points to %s", self.out / MARKER, pointer)
        self.committed = True
        if was_kg:
            for name in REPORT_FILES:
                if name not in written and (self.out / name).is_file():
                    (self.out / name).unlink()  # a report of an earlier graph would mislead
        keep = {self.version, previous.name if previous else None}
        for d in stores.iterdir():
            if d.is_dir() and _VERSION.match(d.name) and d.name not in keep:
                _rmtree(d, ignore_errors=True)


def current_store(out: str | Path) -> Path | None:
    """The store folder ``out``'s pointer names (None when there is none)."""
    out = Path(out)
    try:
        meta = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rel = meta.get("store", STORE_DIR) if isinstance(meta, dict) else None
    if not isinstance(rel, str) or not rel or Path(rel).is_absolute() or ".." in Path(rel).parts:
        return None
    return out / rel


def clean_stale(out: Path) -> None:
    """Remove stage folders of builds that died (their process is gone)."""
    for d in out.glob(f"{STAGE_PREFIX}*"):
        m = re.search(r"-(\d+)$", d.name)
        if d.is_dir() and m and not _alive(int(m.group(1))):
            _log().info("removing %s, left by a build that stopped", d)
            _rmtree(d, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # a build running in this process, maybe on another thread
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _rmtree(path, ignore_errors: bool = False) -> None:
    import shutil  # only when writing: the reading side does not load it

    shutil.rmtree(path, ignore_errors=ignore_errors)
