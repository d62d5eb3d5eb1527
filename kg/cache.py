"""A content-addressed cache of each article's parse and extraction.

A build stores the records it extracted from an article (``DocRecords``, plain dataclasses)
under a key made of everything they depend on: the text the parser reads, the article's id
and title, how the text is cut into parts, the spaCy model and its version, and a
fingerprint of kg itself (its version, its code and its rule data in ``ontology/``). The next
build into the same output folder takes an unchanged article from the cache instead of
parsing it again; whatever changed (one article, a lexicon entry, the model) misses the
cache and is parsed. The graph made from cached records is the graph a full build makes.

Entries are gzipped JSON with a closed set of record types (never pickle), in
``OUT/.kg-cache/``, a folder tagged with a ``CACHEDIR.TAG`` so backup tools skip it. kg
uses that folder only when it made it; entries no build used are pruned after a build.

It also keeps each article's serialised share of the output (``kg.rdf.io.ArticlePart``)
under a key made of the article's resolved result, and, for the store a build wrote, which
article graph it holds under which key (``store-VERSION.json``): the next build copies that
store and replaces only the graphs whose key changed, and writes kg.trig and kg.ttl from the
kept parts (``kg.build``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .corpus import load_article
from .outdir import CACHE_DIR
from .raw import DocRecords, RawAttribution, RawMention, RawRelation, RawSentence
from .records import Article, Figure, Footnote, Link, Marker, Url

log = logging.getLogger("kg")
TAG = "CACHEDIR.TAG"
TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of parsed articles made by kg.\n"
_TYPES = {cls.__name__: cls for cls in (DocRecords, RawMention, RawAttribution, RawSentence, RawRelation, Figure,
                                        Article, Footnote, Marker, Link, Url)}
_ENTRY = re.compile(r"^[0-9a-f]{64}\.(json\.gz|part|article\.gz)$")
_MANIFEST = re.compile(r"^store-(v[0-9a-f]+-\d+)\.json$")


@lru_cache(maxsize=4)
def fingerprint(model: str, model_version: str | None) -> str:
    """What extraction depends on besides the text: the model, kg's version, every module of
    kg and every rule file it reads (the ontology folder)."""
    from . import __version__
    from .lexicon import ontology_dir

    h = hashlib.sha256(f"{model}\0{model_version}\0{__version__}\0".encode())
    package = Path(__file__).resolve().parent
    for root in (package, ontology_dir()):
        for f in sorted(root.rglob("*")):
            if f.is_file() and f.suffix in (".py", ".ttl", ".yaml", ".txt", ".rq", ".json"):
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def encode(obj):
    """Records → JSON-ready values; dataclasses and tuples keep their type."""
    if is_dataclass(obj):
        return {"@": type(obj).__name__, **{f.name: encode(getattr(obj, f.name)) for f in fields(obj)}}
    if isinstance(obj, tuple):
        return {"@t": [encode(x) for x in obj]}
    if isinstance(obj, list):
        return [encode(x) for x in obj]
    if isinstance(obj, date):
        return {"@date": obj.isoformat()}
    return obj


def decode(value):
    """The inverse of ``encode``; only kg's record types are made."""
    if isinstance(value, list):
        return [decode(x) for x in value]
    if isinstance(value, dict):
        if "@t" in value:
            return tuple(decode(x) for x in value["@t"])
        if "@date" in value:
            return date.fromisoformat(value["@date"])
        cls = _TYPES[value.pop("@")]
        return cls(**{k: decode(v) for k, v in value.items()})
    return value


def _hook(obj: dict):
    """``decode`` for ``json.load``'s object hook: the parser builds the values bottom up
    in C, and only the dataclasses, tuples and dates are made here."""
    if "@t" in obj:
        return tuple(obj["@t"])
    if "@date" in obj:
        return date.fromisoformat(obj["@date"])
    if "@" in obj:
        return _TYPES[obj.pop("@")](**obj)
    return obj


def _load(path: Path):
    with gzip.open(path, "rb") as f:
        return json.loads(f.read(), object_hook=_hook)


class RecordCache:
    """The cache of one output folder; ``enabled`` is False when the folder holds a
    ``.kg-cache`` that kg did not make."""

    def __init__(self, out: Path, fp: str):
        self.dir = Path(out) / CACHE_DIR
        self.fp = fp
        self.used: set[str] = set()
        self.hits = 0
        # made with the first entry, so a build that stops before it leaves no folder behind
        self._made = (self.dir / TAG).is_file()
        self.enabled = not self.dir.exists() or (
            self._made and (self.dir / TAG).read_text(encoding="utf-8", errors="replace").startswith(TAG_TEXT[:43]))
        if not self.enabled:
            log.warning("cache: %s was not made by kg; articles are parsed without a cache", self.dir)

    def key(self, article_id: str, title: str, text: str, limit: int) -> str:
        h = hashlib.sha256(f"{self.fp}\0{article_id}\0{title}\0{limit}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> list[tuple[int, DocRecords]] | None:
        """The parts an article was parsed in, with their records; None on a miss (or an
        entry that cannot be read, which is then parsed anew)."""
        if not self.enabled:
            return None
        path = self.dir / f"{key}.json.gz"
        try:
            parts = [(off, rec) for off, rec in _load(path)]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("cache: %s cannot be read (%s); the article is parsed again", path, e)
            return None
        self.used.add(key)
        self.hits += 1
        return parts

    def put(self, key: str, parts: list[tuple[int, DocRecords]]) -> None:
        if not self.enabled:
            return
        self._make()
        path = self.dir / f"{key}.json.gz"
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        data = json.dumps([[off, encode(rec)] for off, rec in parts], ensure_ascii=False, separators=(",", ":"))
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
            f.write(data)
        os.replace(tmp, path)  # an entry is whole or absent
        self.used.add(key)

    def part_key(self, result) -> str:
        """The key of an article's part of the output: everything in its resolved result
        (``ArticleResult``: text, claims, speakers, actors named, figures, notes, links).
        The records are dataclasses of plain values, tuples, lists and dicts in insertion
        order (no sets), so their ``repr`` is the same for the same result in any process."""
        h = hashlib.sha256(f"{self.fp}\0part\0".encode())
        h.update(repr(result).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def loader(self) -> Callable[[Path], Article]:
        """``kg.corpus.load_article`` through the cache: a file whose bytes, name and sidecar
        are unchanged is not read again (Markdown, HTML and PDF reading take longer than
        the lookup); a file that cannot be read goes to ``load_article``, which says why."""

        def load(path: Path) -> Article:
            path = Path(path)
            side = path.with_name(path.name + ".yaml")
            try:
                data = path.read_bytes()
                meta = side.read_bytes() if side.is_file() else b""
            except OSError:
                return load_article(path)
            h = hashlib.sha256(f"{self.fp}\0article\0{path}\0{len(data)}\0".encode())
            h.update(data)
            h.update(meta)
            key = h.hexdigest()
            entry = self.dir / f"{key}.article.gz"
            if self.enabled:
                try:
                    article = _load(entry)
                    self.used.add(key)
                    return article
                except FileNotFoundError:
                    pass
                except (OSError, ValueError, KeyError, TypeError) as e:
                    log.warning("cache: %s cannot be read (%s); the file is read again", entry, e)
            article = load_article(path)
            if self.enabled:
                self._write(entry, gzip.compress(json.dumps(encode(article), ensure_ascii=False, separators=(",", ":")).encode(), 3))
                self.used.add(key)
            return article

        return load

    def get_part(self, key: str):
        """The article's part kept under ``key`` (``kg.rdf.io.ArticlePart``), or None."""
        from .rdf.io import ArticlePart

        if not self.enabled:
            return None
        path = self.dir / f"{key}.part"
        try:
            part = ArticlePart.unpack(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, zlib.error, struct.error, UnicodeDecodeError) as e:
            log.warning("cache: %s cannot be read (%s); the article's graph is made again", path, e)
            return None
        self.used.add(key)
        return part

    def put_part(self, key: str, part) -> None:
        if self.enabled:
            self._write(self.dir / f"{key}.part", part.pack())
            self.used.add(key)

    def store_graphs(self, store: Path | None) -> dict[str, str] | None:
        """Which article graph the store in the folder ``store`` holds under which part key,
        as the build that wrote it recorded; None when unknown (then the store is not reused)."""
        if not self.enabled or store is None or not store.is_dir():
            return None
        try:
            data = json.loads((self.dir / f"store-{store.name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        graphs = data.get("graphs") if isinstance(data, dict) and data.get("fingerprint") == self.fp else None
        return graphs if isinstance(graphs, dict) else None

    def put_store_graphs(self, version: str, graphs: dict[str, str]) -> None:
        if self.enabled:
            self._write(self.dir / f"store-{version}.json", json.dumps({"fingerprint": self.fp, "graphs": graphs}, indent=0).encode())
            self.used.add(f"store-{version}")

    def _make(self) -> None:
        if not self._made:
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / TAG).write_text(TAG_TEXT, encoding="utf-8")
            self._made = True

    def _write(self, path: Path, data: bytes) -> None:
        self._make()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # an entry is whole or absent

    def prune(self) -> int:
        """Remove the entries and store records this build did not use; return how many."""
        if not self.enabled or not self._made:
            return 0
        gone = 0
        for f in self.dir.iterdir():
            m = _MANIFEST.match(f.name)
            if (_ENTRY.match(f.name) and f.name[:64] not in self.used) or (m and f"store-{m.group(1)}" not in self.used):
                f.unlink(missing_ok=True)
                gone += 1
        return gone
