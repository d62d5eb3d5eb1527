"""Parsing and extraction, here or in a pool of worker processes.

``parse_and_extract`` yields (article index, offset, records, error) for every text part,
from this process or from ``jobs`` workers. Workers send back only the small records, never
the Docs. How workers start:

- where forking is the platform's default way to start processes (Linux up to Python 3.13),
  the workers are forked once the model is loaded and inherit it, frozen so that no garbage
  collection in them touches it;
- elsewhere (macOS, Windows, and Linux from Python 3.14, where forkserver becomes the
  default), each worker loads its own model while the corpus is read.

The on-disk store must be opened only after the workers have forked (a forked RocksDB handle
is unsafe): ``kg.build`` starts the pool before it opens the store, and the pool is shut
down before the graph is written.
"""

from __future__ import annotations

import gc
import itertools

from .lexicon import load_alias_table, load_lexicon

_WORKER: dict = {}


def can_fork() -> bool:
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
    return list(run_batch(batch, _WORKER["nlp"], _WORKER["table"], _WORKER["lex"], batch_size))


def run_batch(batch, nlp, table, lex, batch_size: int):
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


def start_pool(model: str | None, jobs: int, loaded: tuple | None = None):
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


# the batches handed out ahead of the results, per worker: enough that no worker waits for
# work, few enough that the texts in flight stay a handful of articles however big the corpus
AHEAD = 3


def parse_and_extract(parts, nlp, table, lex, *, pool, jobs: int, batch_size: int, fill, meanwhile=None):
    """Yield (article index, offset, records, error) for every text part.

    ``parts`` are (article index, offset, length); ``fill`` turns a list of them into
    (article index, offset, text, id, title), and is called only as a batch is handed out,
    so the texts are never all in memory. With a ``pool`` of worker processes
    (``start_pool``) each parses and extracts whole articles, sending back only the small
    records (never the Docs), ``AHEAD`` batches per worker at a time, the results in the
    order they finish; ``meanwhile`` runs once the first work is handed out, and the pool
    is shut down when all are done.
    """
    if pool is None:
        if parts:
            yield from run_batch((it for part in parts for it in fill([part])), nlp, table, lex, batch_size)
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    work = iter(batches(parts, jobs, batch_size))
    with pool:
        running = set()

        def hand_out(n: int) -> None:
            for batch in itertools.islice(work, n):
                running.add(pool.submit(_worker_run, fill(batch)))

        hand_out(AHEAD * jobs)
        if meanwhile is not None:
            meanwhile()
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            hand_out(len(done))
            for future in done:
                yield from future.result()


def batches(items, jobs: int, batch_size: int) -> list[list]:
    """The work for the pool, from (article index, offset, length) of each text part: whole
    articles (their parts in order, so sentence numbers stay in order), longest first, up to
    ``batch_size`` per batch while a batch holds less than a ``2 × jobs``-th of what is
    left; the last batches are small, so the workers finish together.
    """
    by_article: dict[int, list] = {}
    for it in items:
        by_article.setdefault(it[0], []).append(it)
    ordered = sorted(by_article.values(), key=lambda b: -sum(it[2] for it in b))
    sizes = [sum(it[2] for it in b) for b in ordered]
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
