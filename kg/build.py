"""The one place that wires the stages: corpus → pipeline → extract → resolve → rdf → store.

``build`` writes into a stage folder inside ``out`` and moves its files in only when
everything succeeded (``kg.outdir``), so a failed build never damages the previous output,
and it replaces only files kg writes.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import outdir, parallel
from . import reports as kg_reports
from . import store as kg_store
from .assemble import article_result, merge, split_text
from .cache import RecordCache, fingerprint
from .corpus import load_corpus, nlp_text
from .errors import ArticleError, Errors, KgError, Warnings
from .lexicon import load_alias_table, load_lexicon
from .settings import DEFAULT_MAX_LENGTH, model_name
from .raw import DocRecords
from .spool import Shelf
from .records import Article, ArticleResult
from .resolve import ArticleMentions, Resolver

log = logging.getLogger("kg")
DEFAULT_CORPUS = "corpus"
DEFAULT_OUT = "output"
PART_CHARS = 50_000  # a longer text is parsed in parts of this size: bounded memory, progress per part


@dataclass
class BuildSummary:
    out: str
    model: str
    articles: int = 0
    sentences: int = 0
    claims: int = 0
    attributed: int = 0
    actors: int = 0
    figures: int = 0
    footnotes: int = 0
    links: int = 0
    sources: int = 0
    cached: int = 0  # articles whose parse came from the cache
    kept: int = 0  # article graphs kept in a copy of the last build's store (the rest were loaded)
    triples: int = 0
    words: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def build(
    paths: Iterable[str | Path] = (DEFAULT_CORPUS,),
    out: str | Path = DEFAULT_OUT,
    *,
    model: str | None = None,
    jobs: int = 1,
    batch_size: int = 4,
    progress: Callable[[int, int], None] | None = None,
    stage: Callable[[str], None] | None = None,
    max_length: int | None = None,
    reports: bool = True,
    force: bool = False,
    cache: bool = True,
    cluster: str | None = None,
) -> BuildSummary:
    """Build the graph of the articles under ``paths`` into ``out``.

    Bad articles are reported in ``summary.errors`` and left out; the rest still build.
    With ``reports`` (the default) the network, audit and graph pages are written too.
    Raises ``KgError`` only when nothing can be built (no articles, no model), or when ``out``
    is no place for kg's output (a file, a folder holding the inputs, or a folder kg did not
    make that holds other files, unless ``force``: see ``kg.outdir.check_out``).
    With ``cache`` an unchanged article's parse comes from ``out/.kg-cache`` (``kg.cache``);
    ``summary.cached`` says how many did. With ``cluster`` (a Dask scheduler address) the
    parsing runs on that cluster (``kg.cluster``), and the graph is the same.
    """
    # what a stage leaves alive (modules, the model, the records) lives until the build
    # ends: frozen, the garbage collector does not walk it again at every full collection
    # (left alone when the caller froze objects of its own: unfreezing would undo that)
    freeze = gc.get_freeze_count() == 0
    try:
        return _build(paths, out, model=model, jobs=jobs, batch_size=batch_size, progress=progress, stage=stage,
                      max_length=max_length, reports=reports, force=force, freeze=freeze, cache=cache, cluster=cluster)
    finally:
        if freeze:
            gc.unfreeze()


def _build(paths, out, *, model, jobs, batch_size, progress, stage, max_length, reports, force, freeze, cache, cluster) -> BuildSummary:
    """The build in stages: read → parse and extract → resolve → map into the store → files."""
    t0 = time.perf_counter()
    settle = gc.freeze if freeze else lambda: None  # what is alive now stays alive
    settle()

    def release() -> None:
        """Give back what a finished stage left: its cyclic garbage (frozen with the rest
        while it ran, such as the spaCy model once parsing is done) and the free pages of
        the C heap (where glibc can hand them back)."""
        if freeze:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        _trim_heap()
        log.debug("build: released what the stage freed, now %s", _rss_now())
    paths = [str(p) for p in paths]
    for p in paths:
        if not Path(p).exists():
            raise KgError(Errors.E021.format(path=p))
    outdir.check_out(out, paths, force=force)
    summary = BuildSummary(out=str(out), model=model_name(model))
    lap = _Lap(summary.timings)

    def say(name: str) -> None:
        log.info("build: %s", name)
        if stage:
            stage(name)

    say("reading the articles")
    pool = None
    if jobs > 1 and not parallel.can_fork() and not cluster:
        from .pipeline import check_model

        check_model(model)  # fail here, with advice, before any worker starts
        pool = parallel.start_pool(model, jobs)  # each worker loads the model while the corpus is read
    record_cache = RecordCache(out, fingerprint(summary.model, _model_version(summary.model))) if cache else None
    # what the stages hold per article (the article, its records, resolved mentions and
    # result) stays on disk between them in a big build, so memory does not grow with the corpus
    with Shelf(on_disk=False) as shelf:
        try:
            articles = _load_articles(paths, summary, record_cache, shelf)
            table, lex = load_alias_table(), load_lexicon()
        except BaseException:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            raise
        merged, failed = _parse(articles, summary, table, lex, shelf, model=model, jobs=jobs, batch_size=batch_size,
                                pool=pool, cluster=cluster, record_cache=record_cache, max_length=max_length,
                                reports=reports, progress=progress, say=say, lap=lap, settle=settle)
        release()  # the model and the parse's garbage, before the stages that follow grow
        say("resolving actors and speakers")
        kept = [i for i in range(len(articles)) if i not in failed]
        results, actors = _resolve(articles, kept, merged, shelf, table, lex)
        _count(summary, _Shelved(shelf, results), actors)
        lap("resolve")
        _write(out, summary, _Shelved(shelf, results), actors, table, build=_provenance(articles, kept, summary.model),
               reports=reports, record_cache=record_cache, say=say, lap=lap, release=release)
    if record_cache is not None:
        record_cache.prune()  # entries of articles this build no longer has
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


# the number of articles from which a build keeps its per-article records on disk (``Shelf``)
SHELVE_FROM = 200


def _resolve(articles: Sequence[Article], kept: list[int], merged: dict[int, int], shelf: Shelf, table, lex) -> tuple[list[int], dict]:
    """The articles' results (their numbers in ``shelf``) and the actors, with one article's
    records in memory at a time: the corpus indexes from every article's mentions, then each
    article's mentions resolved, then each article's speakers and result (``Resolver``'s steps)."""
    resolver = Resolver(table, lex)

    def mentions_of(i: int, rec: DocRecords) -> ArticleMentions:
        a = articles[i]
        return ArticleMentions(a.id, a.text, rec.mentions, rec.sentences, a.publisher, a.author)

    corpus = resolver.corpus(mentions_of(i, shelf.get(merged[i])) for i in kept)
    resolved = {i: shelf.put(resolver.article_mentions(mentions_of(i, shelf.get(merged[i])), corpus)) for i in kept}
    results = []
    for i in kept:
        rec, mentions = shelf.get(merged[i]), shelf.get(resolved[i])
        speakers = resolver.article_speakers(mentions_of(i, rec), mentions)
        results.append(shelf.put(article_result(articles[i], rec, mentions, speakers)))
    return results, resolver.actors()


class _Shelved(Sequence):
    """What a stage reads back from ``shelf`` by number: in order, each time it is iterated,
    or by index (the last one read is kept, as the stages ask for an article's fields one
    after another)."""

    def __init__(self, shelf: Shelf, numbers: list[int]) -> None:
        self.shelf, self.numbers = shelf, numbers
        self._last: tuple[int, object] | None = None

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, i: int):
        n = self.numbers[i]  # IndexError past the end, as a list
        if self._last is None or self._last[0] != n:
            self._last = (n, self.shelf.get(n))
        return self._last[1]

    def __iter__(self):
        return (self.shelf.get(n) for n in self.numbers)


def _parse(articles: Sequence[Article], summary: BuildSummary, table, lex, shelf: Shelf, *, model, jobs, batch_size, pool,
           cluster, record_cache: RecordCache | None, max_length, reports, progress, say, lap, settle) -> tuple[dict[int, int], set[int]]:
    """Each article's merged records (its number in ``shelf``) and the articles that failed.
    Long texts are parsed in parts; unchanged articles come from the cache; the rest are
    parsed here, in worker processes (``kg.parallel``) or on a cluster (``kg.cluster``). An
    article's records go to the shelf (and the cache) as soon as its last part is done."""
    limit = min(max_length or DEFAULT_MAX_LENGTH, PART_CHARS)
    todo: list[tuple[int, int, int]] = []  # (article index, offset, length) of each text part to parse
    merged: dict[int, int] = {}
    keys: dict[int, str] = {}
    words = 0
    for i, art in enumerate(articles):  # one article in memory at a time
        text = nlp_text(art)
        words += len(art.text.split())
        split = split_text(text, limit)
        if len(split) > 1:
            summary.warnings.append(Warnings.W004.format(path=art.path, chars=len(art.text), parts=len(split)))
        if record_cache is not None:
            keys[i] = record_cache.key(art.id, art.title, text, limit)
            cached = record_cache.get(keys[i])
            if cached:
                merged[i] = shelf.put(merge(sorted(cached, key=lambda r: r[0])))
                continue
        todo.extend((i, off, len(t)) for off, t in split)
    summary.words = words
    if record_cache is not None:
        summary.cached = record_cache.hits
    nlp = None
    if pool is None and not cluster and summary.cached < len(articles):  # nothing to parse: no model to load
        from .pipeline import load_pipeline  # the writing side loads spaCy here, not at import

        say("loading the spaCy model")
        nlp = load_pipeline(model, alias_patterns=table.patterns())
    lap("load")

    last: list = [None, ""]  # the article whose text was read last, and that text

    def fill(batch: list[tuple[int, int, int]]) -> list[tuple[int, int, str, str, str | None]]:
        """A batch of parts with their texts, read back from the articles as it is handed out."""
        out = []
        for i, off, n in batch:
            if last[0] != i:
                last[:] = [i, nlp_text(articles[i])]
            out.append((i, off, last[1][off:off + n], articles[i].id, articles[i].title))
        return out

    failed: set[int] = set()
    left = Counter(it[0] for it in todo)  # parts still to come per article
    parts: dict[int, list[tuple[int, DocRecords]]] = {}
    say("parsing")
    if progress:
        progress(0, len(todo))
    settle()
    if jobs > 1 and pool is None and nlp is not None and len(left) > jobs:
        # forked workers share the loaded model (frozen: no collection in them touches it)
        pool = parallel.start_pool(model, jobs, loaded=(nlp, table, lex))
    if cluster and todo:
        from .cluster import parse_on_cluster

        say(f"parsing on the cluster at {cluster}")
        parsed_parts = parse_on_cluster(todo, cluster, model=summary.model, batch_size=batch_size, batches=parallel.batches, fill=fill)
    else:
        parsed_parts = parallel.parse_and_extract(todo, nlp, table, lex, pool=pool, jobs=jobs, batch_size=batch_size, fill=fill,
                                                  meanwhile=lambda: kg_reports.import_later_stages(reports))
    errors: list[tuple[int, str]] = []
    for done, (i, off, rec, error) in enumerate(parsed_parts, 1):
        left[i] -= 1
        if error:
            if i not in failed:
                failed.add(i)
                errors.append((i, f"{articles[i].path}: extraction failed: {error}"))
            parts.pop(i, None)
        elif i not in failed:
            parts.setdefault(i, []).append((off, rec))
            if not left[i]:  # its last part: the article's records go to the cache and the shelf
                done_parts = sorted(parts.pop(i), key=lambda r: r[0])
                if record_cache is not None:
                    record_cache.put(keys[i], done_parts)
                merged[i] = shelf.put(merge(done_parts))
        if progress:
            progress(done, len(todo))
    summary.errors.extend(e for _, e in sorted(errors))  # in the articles' order, however the parts came back
    settle()
    lap("parse+extract")
    return merged, failed


# the share of changed articles up to which a build copies the previous store and replaces
# their graphs; beyond it a fresh bulk load is faster
REUSE_STORE = 0.25


def _write(out, summary: BuildSummary, results: _Shelved, actors: dict, table, *, build: dict, reports: bool,
           record_cache: RecordCache | None, say, lap, release=lambda: None) -> None:
    """Map the results into kg.trig, kg.ttl and the on-disk store, then write the reports
    from the store, all in a stage folder that replaces kg's previous output only once
    everything worked. An article whose result is unchanged since the last build into
    ``out`` is not mapped again: its part of the files comes from the cache and its graph
    from a copy of the previous store (``kg.rdf.io``, ``kg.cache``). ``actors`` is emptied
    once it is mapped."""
    from .rdf import io as rdf_io  # the RDF stage, imported where it is used
    from .rdf.mapping import SHARED_GRAPHS, IRIs, article_quads, build_quads, vocabulary_quads

    say("writing RDF")
    keys = [record_cache.part_key(r) for r in results] if record_cache is not None else [None] * len(results)
    graphs = {IRIs.graph(r.article.id).value: k for r, k in zip(results, keys) if k}
    with outdir.Stage(out) as staged:
        tmp = staged.path
        previous = outdir.current_store(out)
        held = record_cache.store_graphs(previous) if record_cache is not None else None
        changed = None  # every graph goes to a new store
        if held is not None:
            redo = {g for g, k in graphs.items() if held.get(g) != k}
            if len(redo) <= REUSE_STORE * len(graphs):
                changed = redo
        # the store loads on a thread of its own (a fresh one) or takes the changed graphs
        # into a copy of the previous one, while this thread maps the articles
        if changed is None:
            sink = kg_store.Loader(staged.store, header=rdf_io.header())
        else:
            drop = changed | (set(held) - set(graphs)) | {g.value for g in SHARED_GRAPHS}
            sink = kg_store.Updater(previous, staged.store, header=rdf_io.header(), remove=drop)
        writer = rdf_io.DatasetWriter(tmp, sink.add)
        try:
            writer.vocabulary(vocabulary_quads(actors, table))
            for r, key in zip(results, keys):  # one result in memory at a time
                part = record_cache.get_part(key) if key else None
                if part is None:
                    graph = IRIs.graph(r.article.id)
                    part = rdf_io.ArticlePart.of(graph, article_quads(r, actors, table))
                    if key:
                        record_cache.put_part(key, part)
                writer.article(part, store=changed is None or part.graph in changed)
            writer.finish(build_quads(build))
            say("finishing the store")
            sink.close()
            actors.clear()  # in the store now: the reports read them from there, this dict is not held while they run
        except BaseException:
            writer.close()
            sink.abort()  # before its folder goes
            raise
        if changed is not None:
            summary.kept = len(graphs) - len(changed)
            log.info("build: the last build's store was copied, %d article graphs kept and %d loaded", summary.kept, len(changed))
        lap("rdf+store")
        release()  # what the loader's thread allocated, before the reports read the store
        if record_cache is not None:
            record_cache.put_store_graphs(staged.version, graphs)
        store = kg_store.open_store(staged.store)
        summary.triples = len(store)
        meta = {k: v for k, v in summary.as_dict().items() if k not in ("seconds", "out", "timings")}
        if reports:
            kg_reports.write_reports(store, tmp, lap, say, release)  # paged queries: the on-disk store is as fast as a copy in memory
        lap("write")
        del store  # closed before its folder moves
        (tmp / "build.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        staged.commit(meta)


def _count(summary: BuildSummary, results: Iterable[ArticleResult], actors: dict) -> None:
    urls: set[str] = set()
    for r in results:
        summary.articles += 1
        summary.sentences += r.sentences
        summary.claims += len(r.claims)
        summary.attributed += sum(1 for c in r.claims if c.attributions)
        summary.figures += len(r.figures)
        summary.footnotes += len(r.article.footnotes)
        summary.links += len(r.article.links)
        urls.update(u.url for f in r.article.footnotes for u in f.urls)
        urls.update(link.url.url for link in r.article.links)
    summary.actors = len(actors)
    summary.sources = len(urls)


def _provenance(articles: Sequence[Article], kept: list[int], model: str) -> dict:
    """What the kg:Build activity records: software, model, and the files by content hash."""
    from . import __version__

    files = [{"sha256": articles[i].sha256, "path": articles[i].source_file or articles[i].path, "media_type": articles[i].media_type}
             for i in kept if articles[i].sha256]
    return {"kg_version": __version__, "model": model, "model_version": _model_version(model), "files": files}


def _model_version(model: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(model.replace("_", "-"))
    except (PackageNotFoundError, ValueError):
        return None  # a model loaded from a folder


def _load_articles(paths: list[str], summary: BuildSummary, record_cache: RecordCache | None, shelf: Shelf) -> _Shelved:
    """The articles under ``paths`` (an unchanged file from the cache), put in ``shelf`` as
    they are read (which goes to disk from the ``SHELVE_FROM``-th on); the bad ones go to
    ``summary.errors``."""
    numbers: list[int] = []
    for item in load_corpus(paths, summary.warnings, load=record_cache.loader() if record_cache is not None else None):
        if isinstance(item, ArticleError):
            summary.errors.append(str(item))
        else:
            numbers.append(shelf.put(item))
            summary.warnings.extend(item.warnings)
            if len(numbers) >= SHELVE_FROM:
                shelf.spill()
    if not numbers:
        if summary.errors:
            raise KgError("no article could be loaded:\n  " + "\n  ".join(summary.errors))
        raise KgError(Errors.E020.format(paths=", ".join(paths)))
    return _Shelved(shelf, numbers)


def _trim_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere
    nothing): memory a stage freed then counts for the next stage again."""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _rss_now() -> str:
    """This process's resident memory now (Linux), for the debug log."""
    try:
        with open("/proc/self/status") as f:
            kib = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration, ValueError):
        return "unknown"
    return f"{kib / 1e6:.2f} GB"


class _Lap:
    """Records the seconds each stage took into ``timings``."""

    def __init__(self, timings: dict[str, float]):
        self.timings = timings
        self.t = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self.t, 3)
        if log.isEnabledFor(logging.DEBUG):
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # KiB → GB on Linux
            workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
            log.debug("build: %s took %.3f s (peak RSS so far: this process %.2f GB, now %s; its largest worker %.2f GB)",
                      name, self.timings[name], peak, _rss_now(), workers)
        self.t = now


