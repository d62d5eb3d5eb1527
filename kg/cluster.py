"""Parse and extract on a Dask distributed cluster: ``kg build --cluster tcp://HOST:8786``.

The build hands whole articles to the cluster in batches (as it hands them to local worker
processes); each worker process loads the spaCy pipeline, alias table and lexicon once, on
its first batch, and sends back only the plain records. Resolution, RDF and the store stay in
the process that runs ``kg build``, so the graph is the one a local build makes.

Workers need kg and the spaCy model installed (the same versions), e.g. ``pip install
kg-claims`` in the cluster's environment. One thread per worker is enough: a worker runs one
batch at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice

from .errors import Errors, KgError

_LOADED: dict = {}
_LOCK = threading.Lock()


def run_batch(batch: list, model: str, batch_size: int) -> list:
    """On a worker: parse and extract one batch with this process's pipeline."""
    from .parallel import run_batch
    from .lexicon import load_alias_table, load_lexicon
    from .pipeline import load_pipeline

    with _LOCK:  # one model per process, one batch at a time
        if _LOADED.get("model") != model:
            table, lex = load_alias_table(), load_lexicon()
            _LOADED.update(model=model, nlp=load_pipeline(model, alias_patterns=table.patterns()), table=table, lex=lex)
        return list(run_batch(batch, _LOADED["nlp"], _LOADED["table"], _LOADED["lex"], batch_size))


def parse_on_cluster(parts: list, address: str, *, model: str, batch_size: int,
                     batches: Callable[[list, int, int], list[list]], fill: Callable[[list], list]) -> Iterator[tuple]:
    """Yield (article index, offset, records, error) for every text part, as the cluster
    finishes them. ``parts`` and ``fill`` are as for ``kg.parallel.parse_and_extract``: a
    batch's texts are read as it is handed out, ``AHEAD`` batches per worker at a time."""
    from .parallel import AHEAD

    try:
        from distributed import Client, as_completed
    except ImportError:
        raise KgError(Errors.E042.format(address=address, reason="the dask distributed package is not installed (pip install 'kg-claims[cluster]')")) from None
    try:
        client = Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as e:
        raise KgError(Errors.E042.format(address=address, reason=e)) from None
    with client:
        workers = len(client.scheduler_info().get("workers", {}))
        if not workers:
            raise KgError(Errors.E042.format(address=address, reason="the scheduler has no workers"))
        run = partial(run_batch, model=model, batch_size=batch_size)
        work = iter(batches(parts, workers, batch_size))
        running = as_completed([client.submit(run, fill(batch), pure=False) for batch in islice(work, AHEAD * workers)])
        for future in running:
            for batch in islice(work, 1):  # one handed out for each one done
                running.add(client.submit(run, fill(batch), pure=False))
            yield from future.result()


def wait_for_workers(address: str, workers: int, timeout: float = 60.0) -> bool:
    """Whether the scheduler at ``address`` has ``workers`` workers within ``timeout`` seconds
    (for scripts and tests that start a cluster and must wait until it is up)."""
    from distributed import Client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with Client(address, timeout=5) as client:
                if len(client.scheduler_info()["workers"]) >= workers:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False
