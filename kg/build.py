"""The one place that wires the stages: corpus → pipeline → extract → resolve → rdf → store.

``build`` writes into a stage folder inside ``out`` and moves its files in only when
everything succeeded (``kg.outdir``), so a failed build never damages the previous output,
and it replaces only files kg writes.
"""

from __future__ import annotations

import bisect
import gc
import json
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import outdir
from . import store as kg_store
from .cache import RecordCache, fingerprint
from .corpus import load_corpus, nlp_text
from .errors import ArticleError, Errors, KgError, Warnings
from .lexicon import load_alias_table, load_lexicon
from .settings import DEFAULT_MAX_LENGTH, model_name
from .raw import DocRecords
from .records import Article, ArticleResult, Claim, Relation
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


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Parts of at most ``limit`` characters, cut at paragraph or line breaks where possible.

    >>> [(o, t) for o, t in split_text("aa\\n\\nbb\\n\\ncc", 5)]
    [(0, 'aa\\n\\n'), (4, 'bb\\n\\n'), (8, 'cc')]
    """
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        # a paragraph break in the second half of the window, else a sentence end, else a line
        # break (hard-wrapped text breaks lines inside sentences), else anywhere
        cut = window.rfind("\n\n") + 2  # where the next part starts
        if cut < limit // 2:
            cut = max(cut, window.rfind(". ") + 2)
        if cut < limit // 2:
            cut = max(cut, window.rfind("\n") + 1)
        if cut <= 1:
            cut = limit
        parts.append((start, text[start : start + cut]))
        start += cut
    parts.append((start, text[start:]))
    return parts


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
    t0 = time.perf_counter()
    settle = gc.freeze if freeze else lambda: None  # what is alive now stays alive
    settle()
    paths = [str(p) for p in paths]
    for p in paths:
        if not Path(p).exists():
            raise KgError(Errors.E021.format(path=p))
    outdir.check_out(out, paths, force=force)
    summary = BuildSummary(out=str(out), model=model_name(model))
    def say(name: str) -> None:
        log.info("build: %s", name)
        if stage:
            stage(name)

    say("reading the articles")
    pool = None
    from .pipeline import check_model, load_pipeline  # the writing side loads spaCy here, not at import

    if jobs > 1 and not _can_fork() and not cluster:
        check_model(model)  # fail here, with advice, before any worker starts
        pool = _start_pool(model, jobs)  # each worker loads the model while the corpus is read
    try:
        articles = _load_articles(paths, summary)
        table = load_alias_table()
        lex = load_lexicon()
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise

    lap = _Lap(summary.timings)
    limit = min(max_length or DEFAULT_MAX_LENGTH, PART_CHARS)
    texts = [nlp_text(art) for art in articles]
    chunks: list[tuple[int, int, str]] = []  # (article index, offset, text)
    for i, art in enumerate(articles):
        parts = split_text(texts[i], limit)
        if len(parts) > 1:
            summary.warnings.append(Warnings.W004.format(path=art.path, chars=len(art.text), parts=len(parts)))
        chunks.extend((i, off, t) for off, t in parts)
    summary.words = sum(len(a.text.split()) for a in articles)

    records: list[list[tuple[int, DocRecords]]] = [[] for _ in articles]
    record_cache = RecordCache(out, fingerprint(summary.model, _model_version(summary.model))) if cache else None
    keys: dict[int, str] = {}
    if record_cache is not None:
        for i, art in enumerate(articles):
            keys[i] = record_cache.key(art.id, art.title, texts[i], limit)
            records[i] = record_cache.get(keys[i]) or []
        summary.cached = record_cache.hits
    del texts
    nlp = None
    if pool is None and not cluster and summary.cached < len(articles):  # nothing to parse: no model to load
        say("loading the spaCy model")
        nlp = load_pipeline(model, alias_patterns=table.patterns())
    lap("load")

    failed: set[int] = set()
    done = 0
    jobs_in = [(i, off, t, articles[i].id, articles[i].title) for i, off, t in chunks if not records[i]]
    say("parsing")
    if progress:
        progress(0, len(jobs_in))
    settle()
    if jobs > 1 and pool is None and nlp is not None and len({it[0] for it in jobs_in}) > jobs:
        # forked workers share the loaded model (frozen: no collection in them touches it)
        pool = _start_pool(model, jobs, loaded=(nlp, table, lex))
    if cluster and jobs_in:
        from .cluster import parse_on_cluster

        say(f"parsing on the cluster at {cluster}")
        parsed_parts = parse_on_cluster(jobs_in, cluster, model=summary.model, batch_size=batch_size, batches=_batches)
    else:
        parsed_parts = _parse_and_extract(jobs_in, nlp, table, lex, pool=pool, jobs=jobs, batch_size=batch_size,
                                          meanwhile=lambda: _import_later_stages(reports))
    for i, off, rec, error in parsed_parts:
        if error:
            if i not in failed:
                failed.add(i)
                summary.errors.append(f"{articles[i].path}: extraction failed: {error}")
        elif i not in failed:
            records[i].append((off, rec))
        done += 1
        if progress:
            progress(done, len(jobs_in))
    settle()
    if record_cache is not None:
        parsed = {i for i, *_ in jobs_in} - failed
        for i in sorted(parsed):
            record_cache.put(keys[i], sorted(records[i], key=lambda r: r[0]))
    lap("parse+extract")
    say("resolving actors and speakers")
    kept = [i for i in range(len(articles)) if i not in failed]
    merged = {i: _merge(sorted(records[i], key=lambda r: r[0])) for i in kept}
    resolver = Resolver(table, lex)
    actors, mentions, speakers = resolver.resolve(
        [ArticleMentions(articles[i].id, articles[i].text, merged[i].mentions, merged[i].sentences, articles[i].publisher, articles[i].author) for i in kept]
    )
    results = [_article_result(articles[i], merged[i], mentions[articles[i].id], speakers) for i in kept]
    del records, merged, mentions, speakers  # the results hold what the graph needs
    _count(summary, results, actors)
    lap("resolve")
    say("writing RDF")

    from .rdf import io as rdf_io  # the RDF stage, imported where it is used
    from .rdf.mapping import dataset_parts

    with outdir.Stage(out) as staged:
        tmp = staged.path
        # the on-disk store loads the quads on a thread of its own while this thread maps the
        # rest; TriG, Turtle and the reports then read the finished store, so no stage holds
        # the whole graph in memory
        loader = kg_store.Loader(staged.store)
        try:
            # each article's results go once they are mapped
            for part in dataset_parts(_drain(results), actors, table, build=_provenance(articles, kept, summary.model)):
                loader.add(part)
            say("finishing the store")
            loader.close()
        except BaseException:
            loader.abort()  # before its folder goes
            raise
        lap("rdf+store")
        store = kg_store.open_store(staged.store)
        summary.triples = len(store)
        meta = {k: v for k, v in summary.as_dict().items() if k not in ("seconds", "out", "timings")}
        say("writing TriG and Turtle")
        # the files are written from the store on threads (pyoxigraph leaves the GIL while it
        # dumps) while this thread writes the reports from the same store
        with ThreadPoolExecutor(2, thread_name_prefix="kg-write") as writers:
            files = [writers.submit(rdf_io.write_trig, store, tmp / "kg.trig"),
                     writers.submit(rdf_io.write_turtle, store, tmp / "kg.ttl")]
            if reports:
                _write_reports(_for_reports(store, summary.triples), tmp, lap, say)
            for f in files:
                f.result()
        lap("write")
        del store  # closed before its folder moves
        (tmp / "build.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        staged.commit(meta)
    if record_cache is not None:
        record_cache.prune()  # entries of articles this build no longer has
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


REPORTS_IN_MEMORY = 1_000_000  # quads up to which the reports read an in-memory copy of the store


def _for_reports(store, quads: int):
    """The store the reports read: an in-memory copy while the graph is small enough (their
    queries run about four times faster there), the on-disk store itself beyond, so memory
    stays bounded however big the graph."""
    if quads > REPORTS_IN_MEMORY:
        return store
    import pyoxigraph as ox

    mem = ox.Store()
    mem.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return mem


def _drain(items: list):
    """Yield the items of ``items`` from the first, removing each from the list as it goes."""
    items.reverse()
    while items:
        yield items.pop()


def _count(summary: BuildSummary, results: list[ArticleResult], actors: dict) -> None:
    summary.articles = len(results)
    summary.sentences = sum(r.sentences for r in results)
    summary.claims = sum(len(r.claims) for r in results)
    summary.attributed = sum(1 for r in results for c in r.claims if c.attributions)
    summary.actors = len(actors)
    summary.figures = sum(len(r.figures) for r in results)
    summary.footnotes = sum(len(r.article.footnotes) for r in results)
    summary.links = sum(len(r.article.links) for r in results)
    summary.sources = len({u.url for r in results for f in r.article.footnotes for u in f.urls}
                          | {link.url.url for r in results for link in r.article.links})


def _provenance(articles: list[Article], kept: list[int], model: str) -> dict:
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


_WORKER: dict = {}


def _can_fork() -> bool:
    """Whether workers are forked here: only where that is the platform's default way to start
    processes (Linux; macOS and Windows spawn, and forking a loaded model is unsafe there)."""
    import multiprocessing as mp

    return mp.get_context().get_start_method() == "fork"


def _worker_init(model: str | None, loaded: bool) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one BLAS thread per worker: N workers on N cores, no oversubscription
    if not loaded:
        from .pipeline import load_pipeline

        table, lex = load_alias_table(), load_lexicon()
        _WORKER.update(nlp=load_pipeline(model, alias_patterns=table.patterns()), table=table, lex=lex)
    gc.freeze()  # the inherited heap and the model are never garbage: collections skip them


def _worker_run(batch, batch_size: int = 4):
    return list(_run_batch(batch, _WORKER["nlp"], _WORKER["table"], _WORKER["lex"], batch_size))


def _run_batch(batch, nlp, table, lex, batch_size: int):
    """Parse a batch of (article index, offset, text, id, title) and extract records from each Doc."""
    from .extract import extract_doc

    texts = ((t, (i, off, aid, title, t)) for i, off, t, aid, title in batch)
    sent_index: dict[int, int] = {}
    for doc, (i, off, aid, title, text) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        try:
            rec = extract_doc(doc, article_id=aid, title=title, lex=lex, table=table, offset=off, first_index=sent_index.get(i, 0), text=text)
        except Exception as e:  # one article's failure must not stop the others
            yield i, off, None, f"{type(e).__name__}: {e}"
            continue
        sent_index[i] = sent_index.get(i, 0) + len(rec.sentences)
        yield i, off, rec, None


def _start_pool(model: str | None, jobs: int, loaded: tuple | None = None):
    """``jobs`` worker processes, started now. With ``loaded`` (the pipeline, alias table and
    lexicon of this process) they are forked and inherit them; else each loads its own."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if loaded is not None:
        _WORKER.update(nlp=loaded[0], table=loaded[1], lex=loaded[2])
        ctx = mp.get_context("fork")
    else:
        ctx = mp.get_context()
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(model, loaded is not None))
        pool.submit(int)  # starts the workers now
    finally:
        _WORKER.clear()  # this process keeps no reference of its own
    return pool


def _load_articles(paths: list[str], summary: BuildSummary) -> list[Article]:
    """The articles under ``paths``; the bad ones go to ``summary.errors``."""
    articles: list[Article] = []
    for item in load_corpus(paths, summary.warnings):
        if isinstance(item, ArticleError):
            summary.errors.append(str(item))
        else:
            articles.append(item)
            summary.warnings.extend(item.warnings)
    if not articles:
        if summary.errors:
            raise KgError("no article could be loaded:\n  " + "\n  ".join(summary.errors))
        raise KgError(Errors.E020.format(paths=", ".join(paths)))
    return articles


def _parse_and_extract(items, nlp, table, lex, *, pool, jobs: int, batch_size: int, meanwhile=None):
    """Yield (article index, offset, records, error) for every text part.

    With a ``pool`` of worker processes (``_start_pool``) each parses and extracts whole
    articles, sending back only the small records (never the Docs); ``meanwhile`` runs
    once the work is handed out, and the pool is shut down when all are done.
    """
    if pool is None:
        if items:
            yield from _run_batch(items, nlp, table, lex, batch_size)
        return
    batches = _batches(items, jobs, batch_size)
    with pool:
        results = pool.map(_worker_run, batches, chunksize=1)  # submits every batch now
        if meanwhile is not None:
            meanwhile()
        for result in results:
            yield from result


def _batches(items, jobs: int, batch_size: int) -> list[list]:
    """The work for the pool: whole articles (their parts in order, so sentence numbers stay
    in order), longest first, up to ``batch_size`` per batch while a batch holds less than
    a ``2 × jobs``-th of what is left; the last batches are small, so the workers finish
    together.
    """
    by_article: dict[int, list] = {}
    for it in items:
        by_article.setdefault(it[0], []).append(it)
    ordered = sorted(by_article.values(), key=lambda b: -sum(len(it[2]) for it in b))
    sizes = [sum(len(it[2]) for it in b) for b in ordered]
    left = sum(sizes)
    batches, i = [], 0
    while i < len(ordered):
        share = left / (2 * jobs)
        batch, size = list(ordered[i]), sizes[i]
        i += 1
        n = 1
        while i < len(ordered) and n < batch_size and size + sizes[i] <= share:
            batch += ordered[i]
            size += sizes[i]
            i += 1
            n += 1
        batches.append(batch)
        left -= size
    return batches


def _import_later_stages(reports: bool) -> None:
    import importlib

    for name in ("kg.rdf.mapping", "kg.rdf.io", *(("kg.network", "kg.audit", "kg.viz") if reports else ())):
        importlib.import_module(name)


def _write_reports(store, out: Path, lap, say) -> None:
    """network.json/.graphml/-edges.csv, audit.html/.json and graph.html, read from ``store``."""
    from . import audit as kg_audit
    from . import network as kg_network
    from . import viz as kg_viz

    say("network analysis")
    kg_network.network(store, out)
    lap("network")
    say("provenance audit")
    report = kg_audit.audit(store)  # the graph's evidence view needs the grades too
    kg_audit.write(report, out)
    lap("audit")
    say("graph page")
    kg_viz.write(store, out / "graph.html", report=report)
    lap("graph")


class _Lap:
    """Records the seconds each stage took into ``timings``."""

    def __init__(self, timings: dict[str, float]):
        self.timings = timings
        self.t = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self.t, 3)
        log.debug("build: %s took %.3f s", name, self.timings[name])
        self.t = now


def _merge(parts: list[tuple[int, DocRecords]]) -> DocRecords:
    if len(parts) == 1:
        return parts[0][1]
    merged = DocRecords([], [], [])
    for _, rec in parts:
        shift = len(merged.figures)
        merged.mentions.extend(rec.mentions)
        merged.sentences.extend(rec.sentences)
        merged.relations.extend(rec.relations)
        merged.figures.extend(replace(f, converted_from=f.converted_from + shift) if f.converted_from is not None else f for f in rec.figures)
    return merged


def _article_result(art: Article, rec: DocRecords, mentions, speakers) -> ArticleResult:
    sents = rec.sentences
    ends = [s.end for s in sents]
    attach: dict[int, list[int]] = {}
    for mk in art.markers:
        idx = _marker_sentence(art.text, sents, ends, mk.start)
        if idx is not None:
            attach.setdefault(idx, []).append(mk.n)
    s_starts = [x.start for x in sents]
    linked: dict[int, list[int]] = {}
    for i, link in enumerate(art.links):
        k = bisect.bisect_right(s_starts, link.start) - 1
        if k >= 0 and link.start < sents[k].end:
            linked.setdefault(k, []).append(i)
    claims = []
    starts_m = sorted(mentions, key=lambda m: m.start)
    m_starts = [m.start for m in starts_m]
    figs_by_start = sorted((f.start, i) for i, f in enumerate(rec.figures))
    f_starts = [st for st, _ in figs_by_start]
    actor_of = {(m.start, m.end): m.actor for m in mentions}
    rels_at: dict[int, list[Relation]] = {}
    for r in rec.relations:
        s_key, o_key = actor_of.get(r.subject), actor_of.get(r.object)
        if not s_key or not o_key or s_key == o_key:
            continue  # an end that did not resolve to an actor, or an actor and itself
        k = bisect.bisect_right(s_starts, r.cue_start) - 1
        if k >= 0 and sents[k].start <= r.cue_start < sents[k].end:
            here = rels_at.setdefault(k, [])
            # one relation per sentence for two actors, whichever names of theirs it came through
            if not any((x.subject, x.relation, x.object, x.polarity) == (s_key, r.relation, o_key, r.polarity) for x in here):
                here.append(Relation(s_key, r.relation, o_key, r.polarity, r.cue, r.cue_start, r.cue_end, r.code))
    for k, s in enumerate(sents):
        if not s.is_claim and k not in attach and k not in linked and k not in rels_at:
            continue
        inside = starts_m[bisect.bisect_left(m_starts, s.start) : bisect.bisect_left(m_starts, s.end)]
        actors = tuple(dict.fromkeys(m.actor for m in inside if m.end <= s.end))
        in_figs = figs_by_start[bisect.bisect_left(f_starts, s.start) : bisect.bisect_left(f_starts, s.end)]
        figs = tuple(sorted(i for _, i in in_figs if rec.figures[i].end <= s.end))
        claims.append(
            Claim(
                article_id=art.id,
                start=s.start,
                end=s.end,
                text=art.text[s.start : s.end],
                index=s.index,
                footnotes=tuple(sorted(set(attach.get(k, ())))),
                links=tuple(linked.get(k, ())),
                attributions=speakers.get((art.id, s.index), ()),
                hedges=s.hedges,
                actors=actors,
                figures=figs,
                relations=tuple(dict.fromkeys(rels_at.get(k, ()))),
            )
        )
    return ArticleResult(article=art, sentences=len(sents), claims=tuple(claims), figures=tuple(rec.figures), mentions=tuple(mentions))


def _marker_sentence(text: str, sents, ends: list[int], pos: int) -> int | None:
    """The sentence a marker at ``pos`` belongs to: the one ending just before it, else the
    one containing it, else the nearest one before it."""
    k = bisect.bisect_right(ends, pos) - 1
    if k >= 0:
        gap = text[sents[k].end : pos]
        if not gap.strip(" \t\n\u00a0\"'”’)]0123456789[,"):
            return k
    for j in (k + 1, k):
        if 0 <= j < len(sents) and sents[j].start <= pos < sents[j].end:
            return j
    return k if k >= 0 else (0 if sents else None)
