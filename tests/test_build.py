"""End to end: build the fixture corpus, then read it back through SPARQL."""

import filecmp
import json
import shutil

import pytest
import rdflib

from kg import build, query
from kg.assemble import split_text
from kg.corpus import load_article
from kg.errors import KgError, QueryError, StoreNotFound
from kg.store import open_store
from kg.validate import validate

from .conftest import DATA

pytestmark = pytest.mark.model

CONTRACT = {
    "actors": {"actor", "label", "type", "alias"},
    "claims": {"claim", "text", "article", "speaker", "speakerLabel", "verb", "mode", "hedge"},
    "claim-sources": {"claim", "text", "article", "footnote", "url", "publisher"},
    "figures": {"figure", "text", "value", "unit", "qualifier", "min", "max", "what", "when", "claim", "article"},
    "unsourced-claims": {"claim", "text", "article"},
    "stances": {"holder", "holderLabel", "holderText", "cue", "claim", "text", "article"},
    "who-supports-whom": {"subject", "subjectLabel", "relation", "object", "objectLabel", "polarity", "claim", "text", "article"},
}


def test_summary_counts(fixture_build):
    _, s = fixture_build
    assert s.articles == 2 and s.errors == []
    assert s.claims >= 15 and s.figures >= 10 and s.footnotes == 5 and s.sources == 7
    assert s.triples > 500


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_competency_queries_return_their_variables(fixture_build, name):
    out, _ = fixture_build
    r = query(name, out)
    assert CONTRACT[name] <= set(r.variables)
    if name != "who-supports-whom":
        assert r.rows, name


def test_claim_text_is_exactly_the_article_text(fixture_build):
    out, _ = fixture_build
    texts = {r["article"]: r["text"] for r in query("eval-texts", out).rows}
    art = load_article(DATA / "corpus" / "2024-05-02-grain-corridor.md")
    assert texts[art.id] == art.text  # the stored body round-trips exactly
    for r in query("claims", out).rows:
        aid = r["article"].rsplit("/", 1)[-1]
        assert texts[aid][int(r["start"]) : int(r["end"])] == r["text"]


def test_footnotes_link_to_their_sentences_and_urls(fixture_build):
    out, _ = fixture_build
    rows = query("claim-sources", out).rows
    by_n = {}
    for r in rows:
        by_n.setdefault(int(r["n"]), (r["text"], set()))[1].add(r["url"])
    assert by_n[1][0].startswith("Ankara shipped about 4.2 million tonnes")
    assert by_n[1][1] == {"https://www.reuters.com/markets/grain-2024-03-30/", "https://t.me/grainwatch/451"}
    assert by_n[2][0] == by_n[3][0]  # [2][3] on one sentence
    assert by_n[3][1] == {"https://doi.org/10.55163/ABCD1234"}
    assert by_n[5][1] == {None}  # cited, never defined: kept, with no URL
    publishers = {r["url"]: r["publisher"] for r in rows if r["url"]}
    assert publishers["https://www.reuters.com/markets/grain-2024-03-30/"] == "Reuters"


def test_undefined_and_uncited_footnotes_are_recorded(fixture_build):
    out, _ = fixture_build
    r = query(
        "PREFIX kg: <https://w3id.org/kg#> SELECT ?n ?defined ?cited WHERE { ?f kg:number ?n ; kg:defined ?defined . "
        "BIND (EXISTS { ?c kg:citesFootnote ?f } AS ?cited) } ORDER BY ?n",
        out,
    ).rows
    flags = {int(x["n"]): (x["defined"], x["cited"]) for x in r}
    assert flags[5] == ("false", "true") and flags[9] == ("true", "false")


def test_attribution_and_unsourced(fixture_build):
    out, _ = fixture_build
    rows = query("claims", out).rows
    modi = [r for r in rows if r["text"].startswith("“Our trade will reach")]
    assert [(r["speakerLabel"], r["verb"], r["mode"]) for r in modi] == [("Narendra Modi", "say", "direct")]
    own = [r for r in rows if r["text"].startswith("In 2022, the route carried")]
    assert own[0]["verb"] is None and own[0]["speakerLabel"] == "Maria Lindqvist" and own[0]["mode"] == "none"
    unsourced = {r["text"] for r in query("unsourced-claims", out).rows}
    assert "In 2022, the route carried 33 million tonnes." in unsourced
    assert not any(t.startswith("Ankara shipped") for t in unsourced)


def test_hedges(fixture_build):
    out, _ = fixture_build
    rows = query("claims", out).rows
    hedge = {r["text"][:30]: r["hedge"] for r in rows}
    assert "likely" in hedge["Some analysts forecast that fr"]
    assert "reportedly" in hedge["Egyptian forces have reportedl"]


def test_figures_in_the_graph(fixture_build):
    out, _ = fixture_build
    rows = {r["text"]: r for r in query("figures", out).rows}
    f = rows["about $44 billion"]
    assert f["value"] == "44000000000" and f["unit"] == "USD" and f["qualifier"] == "about" and f["convertedFrom"]
    assert rows["between 10 and 15 percent per month"]["min"] == "10"
    assert rows["about 4.2 million tonnes"]["when"] == "March 2024"


def test_shacl_validation_of_a_real_build(fixture_build):
    out, _ = fixture_build
    conforms, _, text = validate(out)
    assert conforms, text


def test_shacl_catches_a_broken_claim(fixture_build, tmp_path):
    out, _ = fixture_build
    from kg.validate import validate_graph

    g = rdflib.Graph().parse(out / "kg.ttl")
    claim = next(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kg#Claim")))
    g.remove((claim, rdflib.URIRef("https://schema.org/text"), None))
    conforms, _, text = validate_graph(g)
    assert not conforms and "text" in text


def test_same_input_gives_byte_identical_output(fixture_build, tmp_path):
    import os
    import subprocess
    import sys

    out, _ = fixture_build
    again = tmp_path / "again"  # another process, another string-hash seed
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(DATA / "corpus"), "--out", str(again), "--quiet"],
                   check=False, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "4242"})
    for name in ("kg.trig", "kg.ttl", "audit.json", "audit.html", "network.json", "network.graphml", "network-edges.csv", "graph.html"):
        assert filecmp.cmp(out / name, again / name, shallow=False), name


def test_bad_input_is_reported_and_the_rest_builds(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(DATA / "corpus", src)
    for f in (DATA / "bad").iterdir():
        shutil.copy(f, src / f.name)
    s = build([src], tmp_path / "out")
    assert s.articles == 2 and len(s.errors) == 4
    assert any("empty.txt" in e and "empty" in e for e in s.errors)
    assert any("latin1.txt" in e and "UTF-8" in e for e in s.errors)


def test_failed_build_leaves_previous_output_intact(tmp_path):
    out = tmp_path / "out"
    build([DATA / "corpus"], out)
    before = (out / "kg.trig").read_bytes()
    with pytest.raises(KgError):
        build([DATA / "bad"], out)  # nothing loadable
    assert (out / "kg.trig").read_bytes() == before
    assert query("claims", out).rows


def test_long_text_is_split_not_refused(tmp_path):
    src = tmp_path / "long"
    src.mkdir()
    paras = [" ".join(f"The ministry said that exports rose by {p * 40 + i} percent in 2023." for i in range(40)) for p in range(6)]
    (src / "long.txt").write_text("Long article\n\n" + "\n\n".join(paras), encoding="utf-8")
    s = build([src], tmp_path / "out", max_length=3000)
    assert s.errors == [] and s.articles == 1
    assert any("parsed in" in w for w in s.warnings)
    rows = query("claims", tmp_path / "out").rows
    assert len(rows) == 240 and all(r["verb"] == "say" for r in rows)


def test_split_text_cuts_at_breaks():
    parts = split_text("aaa\nbbb\nccc", 5)
    assert "".join(t for _, t in parts) == "aaa\nbbb\nccc"
    assert all(len(t) <= 5 for _, t in parts)
    assert [o for o, _ in parts] == [0, 4, 8]


def test_query_errors(fixture_build, tmp_path):
    out, _ = fixture_build
    with pytest.raises(QueryError, match=r"SPARQL syntax error: error at 1:"):
        query("SELECT ?x WHERE { ?x ?y }", out)
    with pytest.raises(StoreNotFound, match="no kg store"):
        query("claims", tmp_path / "nowhere")


def test_result_formats(fixture_build):
    from kg.query import query_text

    out, _ = fixture_build
    q = "PREFIX kg: <https://w3id.org/kg#> SELECT ?n WHERE { ?f kg:number ?n } ORDER BY ?n"
    assert query_text(q, out, fmt="csv").splitlines()[:2] == ["n", "1"]
    assert query_text(q, out, fmt="tsv").splitlines()[0] == "?n"
    data = json.loads(query_text(q, out, fmt="json"))
    assert data["head"]["vars"] == ["n"] and len(data["results"]["bindings"]) == 6  # 1-5 and 9
    assert "6 rows" in query_text(q, out, fmt="table")


def test_bindings_are_parameters_not_string_concatenation(fixture_build):
    out, _ = fixture_build
    q = "PREFIX kg: <https://w3id.org/kg#> SELECT ?f ?n WHERE { ?f kg:number ?n }"
    r = query(q, out, bindings={"n": 2})
    assert len(r.rows) == 1 and r.rows[0]["f"].endswith("/2")


def test_reports_are_written_unless_asked_not_to(fixture_build, tmp_path):
    out, _ = fixture_build
    for name in ("graph.html", "audit.html", "audit.json", "network.json", "network.graphml", "network-edges.csv"):
        assert (out / name).exists(), name
    s = build([DATA / "corpus"], tmp_path / "bare", reports=False)
    assert s.errors == [] and (tmp_path / "bare" / "kg.trig").exists() and not (tmp_path / "bare" / "graph.html").exists()


def test_rebuild_keeps_files_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    build([DATA / "corpus"], out, reports=False)
    (out / "notes.txt").write_text("mine")
    build([DATA / "corpus"], out, reports=False)
    assert (out / "notes.txt").read_text() == "mine"


def test_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("# Talks\n\nOfficials in Nairobi said exports rose by 4 percent in 2023.\n", encoding="utf-8")
    assert gc.get_freeze_count() == 0
    build([tmp_path / "in"], tmp_path / "out1", reports=False)
    assert gc.get_freeze_count() == 0  # nothing stays frozen after a build
    gc.freeze()  # a caller's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        build([tmp_path / "in"], tmp_path / "out2", reports=False)
        assert gc.get_freeze_count() > 0.9 * frozen  # (a few frozen objects may die meanwhile)
    finally:
        gc.unfreeze()


def test_a_parallel_build_with_nothing_to_build_stops_its_workers(tmp_path):
    import multiprocessing

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    with pytest.raises(KgError, match="no article could be loaded"):
        build([tmp_path / "in"], tmp_path / "out", jobs=2)
    assert not multiprocessing.active_children()  # the worker pool started early is gone
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fork", [True, False], ids=["workers-inherit-the-model", "workers-load-the-model"])
def test_a_parallel_build_writes_the_same_graph(fixture_build, tmp_path, monkeypatch, fork):
    import multiprocessing

    from kg import parallel

    monkeypatch.setattr(parallel, "can_fork", lambda: fork)
    out, summary = fixture_build
    s = build([DATA / "corpus"], tmp_path / "out", jobs=2, reports=False)
    assert s.errors == [] and s.triples == summary.triples
    for name in ("kg.trig", "kg.ttl"):
        assert filecmp.cmp(out / name, tmp_path / "out" / name, shallow=False), name
    assert not multiprocessing.active_children()


def test_a_graph_mapped_and_loaded_in_small_parts_is_the_same_graph(fixture_build, tmp_path, monkeypatch):
    import pyoxigraph as ox

    from kg.rdf import mapping
    from kg.store import Loader

    # every article in several parts, the store loaded in many chunks: nothing lost or doubled
    monkeypatch.setattr(mapping, "PART_QUADS", 40)
    monkeypatch.setattr(Loader, "CHUNK", 2000)  # bytes of TriG
    s = build([DATA / "corpus"], tmp_path / "out", reports=False)
    store = open_store(tmp_path / "out")
    trig = list(ox.parse(path=str(tmp_path / "out" / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert len(store) == s.triples == len(trig) == len(set(trig))
    turtle = list(ox.parse(path=str(tmp_path / "out" / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(turtle) == len(set(turtle)) == len({q.triple for q in trig})  # the union, each triple once
    out, _ = fixture_build
    assert query("claims", tmp_path / "out").rows == query("claims", out).rows
    for name, fmt in (("kg.trig", ox.RdfFormat.TRIG), ("kg.ttl", ox.RdfFormat.TURTLE)):  # the same graph
        assert set(ox.parse(path=str(out / name), format=fmt)) == set(ox.parse(path=str(tmp_path / "out" / name), format=fmt)), name


def test_the_pool_gets_its_texts_a_few_batches_ahead_not_all_at_once(nlp, table, lex):
    import multiprocessing

    from kg import parallel

    if not parallel.can_fork():
        pytest.skip("workers inherit the loaded model only where they are forked")
    texts = [f"Report {i} was published. The minister said that {i} ships had left the port." for i in range(24)]
    handed: list[list[int]] = []

    def fill(batch):
        handed.append([i for i, _, _ in batch])
        return [(i, off, texts[i][off:off + n], f"a{i}", None) for i, off, n in batch]

    pool = parallel.start_pool(None, 2, loaded=(nlp, table, lex))
    results = parallel.parse_and_extract([(i, 0, len(t)) for i, t in enumerate(texts)], None, table, lex,
                                         pool=pool, jobs=2, batch_size=1, fill=fill)
    first = next(results)
    assert len(handed) <= 2 * parallel.AHEAD * 2 < len(texts)  # a window of batches, not the corpus
    rest = [first, *results]
    assert sorted(i for b in handed for i in b) == list(range(len(texts)))  # each handed out once
    assert sorted(r[0] for r in rest) == list(range(len(texts))) and all(r[3] is None and r[2].sentences for r in rest)
    assert not multiprocessing.active_children()  # the pool is shut down when all are done


def test_work_for_the_pool_is_whole_articles_in_shrinking_batches():
    from kg.parallel import batches
    sizes = [900, 50, 400, 400, 30, 200, 20, 10, 10, 600]
    items = [(i, off, n // 2) for i, n in enumerate(sizes) for off in (0, n // 2)]  # two parts each
    out = batches(items, jobs=2, batch_size=3)
    assert sorted(it for b in out for it in b) == sorted(items)
    for b in out:
        arts = [it[0] for it in b]
        assert len(set(arts)) <= 3
        for a in set(arts):  # an article's parts together and in order
            parts = [it[1] for it in b if it[0] == a]
            assert parts == sorted(parts) and len(parts) == 2
    assert out[0][0][0] == 0  # the longest article goes first
    assert len({it[0] for it in out[-1]}) == 1  # the last batch is a single small article


def test_issue_10_long_text_parts_end_at_sentences_not_wrapped_lines():
    text = "The first sentence runs on\nover a wrapped line. The second one\nalso wraps here. Third one."
    parts = split_text(text, 60)
    assert "".join(t for _, t in parts) == text and all(text[o:o + len(t)] == t for o, t in parts)
    assert parts[0][1].endswith("line. ")  # a sentence end, not the line break inside a sentence


def test_a_build_with_its_records_on_disk_is_the_same_build(fixture_build, tmp_path, monkeypatch):
    import sys

    out, summary = fixture_build
    kg_build = sys.modules["kg.build"]
    monkeypatch.setattr(kg_build, "SHELVE_FROM", 0)  # every build keeps its records on disk
    spilled, real = [], kg_build.Shelf.spill
    monkeypatch.setattr(kg_build.Shelf, "spill", lambda shelf: spilled.append(shelf.on_disk) or real(shelf))
    shelved = build([DATA / "corpus"], tmp_path / "out", cache=False)
    assert spilled[0] is False and len(spilled) == summary.articles  # to disk from the first article read on
    assert shelved.as_dict() | {"out": None, "seconds": None, "timings": None} == summary.as_dict() | {"out": None, "seconds": None, "timings": None}
    for name in ("kg.trig", "kg.ttl", "audit.json", "network.json", "graph.html"):
        assert (tmp_path / "out" / name).read_bytes() == (out / name).read_bytes(), name


def test_shelved_articles_read_back_as_a_list():
    import sys

    from kg.records import Article
    from kg.spool import Shelf

    arts = [Article(id=f"a{i}", path=f"a{i}.txt", text=f"Text {i}.", title=f"T{i}") for i in range(4)]
    with Shelf(on_disk=False) as shelf:
        numbers = [shelf.put(a) for a in arts[:2]]
        shelf.spill()  # what was put so far goes to disk too, under the same numbers
        assert shelf.on_disk and shelf._items == []
        numbers += [shelf.put(a) for a in arts[2:]]
        shelved = sys.modules["kg.build"]._Shelved(shelf, numbers)
        assert len(shelved) == 4 and list(shelved) == arts and shelved[-1] == arts[3]
        assert shelved[2] is shelved[2] and shelved[1].text == "Text 1." and shelved[0] is not arts[0]
        with pytest.raises(IndexError):
            shelved[4]
