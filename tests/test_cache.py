"""Incremental builds: an unchanged article's parse comes from the output folder's cache, a
changed one is parsed again, and the graph is byte for byte the graph a full build makes."""

from __future__ import annotations

import gzip
import importlib
import shutil

import pytest

from kg import build
from kg.cache import CACHE_DIR, RecordCache, decode, encode
from kg.raw import DocRecords, RawAttribution, RawRelation, RawSentence
from kg.records import Figure

from .conftest import DATA


def test_records_round_trip_through_the_cache_format():
    att = RawAttribution(0, 5, "Lagos", 0, 5, "Lagos", "say", 6, 10, "indirect")
    rec = DocRecords(
        mentions=[],
        sentences=[RawSentence(0, 40, 0, True, (att,), ("likely",), ((12, 20),))],
        figures=[Figure("a", 20, 30, "12 percent", 12.0, "percent", low=1.5)],
        relations=[RawRelation((0, 5), (30, 36), "supports", "asserted", "back", 7, 11, "051")],
    )
    assert decode(encode(rec)) == rec
    with pytest.raises(KeyError):
        decode({"@": "os.system", "x": 1})  # only kg's record types are ever made


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(DATA / "corpus", src)
    shutil.copy(DATA / "relations" / "alliances.md", src / "alliances.md")
    return src


pytestmark = pytest.mark.model


def test_unchanged_articles_come_from_the_cache_and_the_graph_is_identical(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, reports=False)
    assert first.cached == 0 and (out / CACHE_DIR / "CACHEDIR.TAG").is_file()
    trig = (out / "kg.trig").read_bytes()
    again = build([corpus], out, reports=False)
    assert again.cached == again.articles == 3
    assert (out / "kg.trig").read_bytes() == trig

    # one article changes: only it is parsed, and the graph equals a full build's
    f = corpus / "news-alliance.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\nThe ministry said exports would rise again next year.\n", encoding="utf-8")
    changed = build([corpus], out, reports=False)
    assert changed.cached == 2
    full = build([corpus], tmp_path / "full", reports=False, cache=False)
    assert full.cached == 0 and not (tmp_path / "full" / CACHE_DIR).exists()
    assert (out / "kg.trig").read_bytes() == (tmp_path / "full" / "kg.trig").read_bytes()
    assert len(list((out / CACHE_DIR).glob("*.json.gz"))) == 3  # the old entry was pruned


def _quads(out):
    from kg.store import open_store

    return set(open_store(out).quads_for_pattern(None, None, None, None))


def test_the_store_of_the_last_build_is_copied_and_only_changed_graphs_replaced(corpus, tmp_path, monkeypatch):
    build_module = importlib.import_module("kg.build")

    monkeypatch.setattr(build_module, "REUSE_STORE", 1.0)  # with three articles, one is a third of them
    out = tmp_path / "out"
    build([corpus], out, reports=False)
    f = corpus / "news-alliance.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\nThe ministry said exports would rise again next year.\n", encoding="utf-8")
    changed = build([corpus], out, reports=False)
    assert changed.cached == changed.kept == 2
    full = build([corpus], tmp_path / "full", reports=False, cache=False)
    assert full.kept == 0 and changed.triples == full.triples
    for name in ("kg.trig", "kg.ttl"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name
    assert _quads(out) == _quads(tmp_path / "full")

    # an article removed: its graph leaves the copied store, and what only it cited with it
    (corpus / "alliances.md").unlink()
    gone = build([corpus], out, reports=False)
    assert gone.kept == 2 and gone.articles == 2
    full = build([corpus], tmp_path / "full2", reports=False, cache=False)
    assert _quads(out) == _quads(tmp_path / "full2")
    assert (out / "kg.trig").read_bytes() == (tmp_path / "full2" / "kg.trig").read_bytes()
    assert len(list((out / CACHE_DIR).glob("store-*.json"))) == 1  # the record of the store now current


def test_a_damaged_part_is_made_again_and_a_store_without_its_record_is_not_copied(corpus, tmp_path, monkeypatch):
    build_module = importlib.import_module("kg.build")

    monkeypatch.setattr(build_module, "REUSE_STORE", 1.0)
    out = tmp_path / "out"
    build([corpus], out, reports=False)
    trig = (out / "kg.trig").read_bytes()
    for entry in (out / CACHE_DIR).glob("*.part"):
        entry.write_bytes(b"\x78\x01garbage")
    for record in (out / CACHE_DIR).glob("store-*.json"):
        record.unlink()
    s = build([corpus], out, reports=False)
    assert s.cached == 3 and s.kept == 0 and (out / "kg.trig").read_bytes() == trig


def test_a_damaged_entry_is_parsed_again(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, reports=False)
    trig = (out / "kg.trig").read_bytes()
    for entry in (out / CACHE_DIR).glob("*.json.gz"):
        entry.write_bytes(gzip.compress(b'[[0, {"@": "DocRecords", "mentions": 1'))
    s = build([corpus], out, reports=False)
    assert s.cached == 0 and (out / "kg.trig").read_bytes() == trig


def test_a_cache_folder_kg_did_not_make_is_left_alone(tmp_path):
    out = tmp_path / "out"
    (out / CACHE_DIR).mkdir(parents=True)
    mine = out / CACHE_DIR / "notes.txt"
    mine.write_text("mine")
    c = RecordCache(out, "fp")
    assert not c.enabled and c.get("0" * 64) is None
    c.put("0" * 64, [])
    assert c.prune() == 0 and [p.name for p in (out / CACHE_DIR).iterdir()] == ["notes.txt"]


def test_an_unchanged_file_is_not_read_again_and_a_changed_sidecar_is(corpus, tmp_path, monkeypatch):
    from kg import cache as cache_module

    out = tmp_path / "out"
    first = build([corpus], out, reports=False)
    read = []
    real = cache_module.load_article
    monkeypatch.setattr(cache_module, "load_article", lambda p: read.append(p.name) or real(p))
    again = build([corpus], out, reports=False)
    assert read == [] and again.articles == first.articles == 3
    (corpus / "news-alliance.txt.yaml").write_text("publisher: Example Wire\n", encoding="utf-8")
    side = build([corpus], out, reports=False)
    assert read == ["news-alliance.txt"] and side.cached == 3  # new metadata, same text: parsed records kept
    assert "Example Wire" in (out / "kg.ttl").read_text(encoding="utf-8")
