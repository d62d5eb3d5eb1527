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
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path

from .outdir import CACHE_DIR
from .raw import DocRecords, RawAttribution, RawMention, RawRelation, RawSentence
from .records import Figure

log = logging.getLogger("kg")
TAG = "CACHEDIR.TAG"
TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of parsed articles made by kg.\n"
_TYPES = {cls.__name__: cls for cls in (DocRecords, RawMention, RawAttribution, RawSentence, RawRelation, Figure)}
_ENTRY = re.compile(r"^[0-9a-f]{64}\.(json\.gz|part)$")
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
    return obj


def decode(value):
    """The inverse of ``encode``; only kg's record types are made."""
    if isinstance(value, list):
        return [decode(x) for x in value]
    if isinstance(value, dict):
        if "@t" in value:
            return tuple(decode(x) for x in value["@t"])
        cls = _TYPES[value.pop("@")]
        return cls(**{k: decode(v) for k, v in value.items()})
    return value


class RecordCache:
    """The cache of one output folder; ``enabled`` is False when the folder holds a
    ``.kg-cache`` that kg did not make."""

    def __init__(self, out: Path, fp: str):
        self.dir = Path(out) / CACHE_DIR
        self.fp = fp
        self.used: set[str] = set()
        self.hits = 0
        if not self.dir.exists():
            self.dir.mkdir(parents=True)
            (self.dir / TAG).write_text(TAG_TEXT, encoding="utf-8")
        self.enabled = (self.dir / TAG).is_file() and (self.dir / TAG).read_text(encoding="utf-8", errors="replace").startswith(TAG_TEXT[:43])
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
            with gzip.open(path, "rt", encoding="utf-8") as f:
                parts = [(off, decode(rec)) for off, rec in json.load(f)]
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
        path = self.dir / f"{key}.json.gz"
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        data = json.dumps([[off, encode(rec)] for off, rec in parts], ensure_ascii=False, separators=(",", ":"))
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as f:
            f.write(data)
        os.replace(tmp, path)  # an entry is whole or absent
        self.used.add(key)

    def part_key(self, result) -> str:
        """The key of an article's part of the output: everything in its resolved result
        (``ArticleResult``: text, claims, speakers, actors named, figures, notes, links)."""
        h = hashlib.sha256(f"{self.fp}\0part\0".encode())
        h.update(json.dumps(encode(result), ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

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

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # an entry is whole or absent

    def prune(self) -> int:
        """Remove the entries and store records this build did not use; return how many."""
        if not self.enabled:
            return 0
        gone = 0
        for f in self.dir.iterdir():
            m = _MANIFEST.match(f.name)
            if (_ENTRY.match(f.name) and f.name[:64] not in self.used) or (m and f"store-{m.group(1)}" not in self.used):
                f.unlink(missing_ok=True)
                gone += 1
        return gone
