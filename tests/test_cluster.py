"""``kg build --cluster``: parsing on a real Dask scheduler with two worker processes, started
on 127.0.0.1 by the test, gives the graph a local build gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import build
from kg.cluster import wait_for_workers
from kg.errors import KgError
from kg.serve import free_port

from .conftest import DATA

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    pytest.importorskip("distributed")
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists():
        pytest.skip("the dask command is not installed")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("dask")
    procs = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=open(log / "scheduler.log", "w"))]
    for k in range(2):
        procs.append(subprocess.Popen([str(dask), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                                       "--local-directory", str(log / f"w{k}")],
                                      stdout=subprocess.DEVNULL, stderr=open(log / f"worker{k}.log", "w")))
    if not wait_for_workers(address, 2, timeout=60):
        pytest.fail("the Dask cluster did not start: " + (log / "scheduler.log").read_text()[-500:])
    yield address
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=20)


def test_cluster_build_equals_a_local_build(scheduler, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(DATA / "corpus", src)
    shutil.copy(DATA / "relations" / "alliances.md", src / "alliances.md")
    local = build([src], tmp_path / "local", reports=False, cache=False)
    remote = build([src], tmp_path / "remote", reports=False, cache=False, cluster=scheduler)
    assert remote.articles == local.articles == 3 and remote.errors == []
    assert (tmp_path / "remote" / "kg.trig").read_bytes() == (tmp_path / "local" / "kg.trig").read_bytes()


def test_an_unreachable_scheduler_is_named(tmp_path):
    pytest.importorskip("distributed")
    dead = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(KgError, match=r"E042.*--cluster tcp://127\.0\.0\.1"):
        build([DATA / "corpus"], tmp_path / "out", reports=False, cache=False, cluster=dead)
    assert not (tmp_path / "out" / "kg.trig").exists()
