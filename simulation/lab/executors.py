"""Where the chunks of a sweep run: in this process (on one thread, or on the compiled kernel's threads), in a
local process pool, or on a Dask cluster.

Every executor runs the same function on the same chunks, and the seeds travel inside the chunks, so the
results never depend on the executor or the number of workers; the kernel's threads split a batch by runs,
each run computed alone, so neither do they depend on the number of threads.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from typing import Any


@dataclass(frozen=True)
class ExecutorSpec:
    """How to run chunks: ``serial`` (this process, one thread), ``threads`` (this process, the kernel's batches on
    ``workers`` threads), ``processes`` (a local pool of single-threaded workers) or ``dask`` (a scheduler address
    or 'local')."""

    kind: str
    workers: int
    address: str | None = None

    def manifest(self) -> dict[str, Any]:
        return {"kind": self.kind, "workers": self.workers, "address": self.address}

    @property
    def in_process(self) -> bool:
        """Whether chunks run in this process (serial or threads), not in workers of their own."""
        return self.kind in ("serial", "threads")

    @property
    def chunk_workers(self) -> int:
        """How many workers take chunks side by side: the pool's or cluster's, 0 in this process (one chunk after
        another, the threads inside each batch)."""
        return 0 if self.in_process else self.workers


def choose_executor(workers: int | None = None, dask: str | None = None, processes: bool = False) -> ExecutorSpec:
    """The executor the command line asks for: Dask if an address (or 'local') is given, a process pool if asked
    for, else this process, on threads (no process to start) unless one worker is asked for."""
    n = workers or os.cpu_count() or 1
    if dask:
        return ExecutorSpec("dask", n, dask)
    if n == 1:
        return ExecutorSpec("serial", 1)
    return ExecutorSpec("processes" if processes else "threads", n)


def _on_threads(fn: Callable[[Any], Any], n: int, task: Any) -> Any:
    """``fn(task)`` with the compiled kernel on ``n`` threads of this process (then as many as before: a serial
    sweep leaves the kernel of the process that ran it on all its threads)."""
    from ..model.compiled import on_threads

    with on_threads(n):
        return fn(task)


LOCALHOST = "127.0.0.1"
REMOTE_WARNING = """\
warning: --dask {address} sends the sweep's chunks to that scheduler and runs what its workers send back.
Dask exchanges pickles: whoever runs or impersonates the scheduler or a worker can run code in this process,
and a plain tcp:// connection is neither encrypted nor authenticated. Use a cluster you control, reached
over tls:// with Dask's security settings (certificates in the distributed.comm.tls configuration), or an
SSH tunnel. See docs/security.md."""


def dask_warning(address: str | None) -> str:
    """The warning for a Dask scheduler address that is neither 'local' nor reached over TLS ('' if none is due)."""
    if not address or address == "local" or address.startswith("tls://"):
        return ""
    return REMOTE_WARNING.format(address=address)


def map_unordered(fn: Callable[[Any], Any], tasks: Iterable[Any], spec: ExecutorSpec) -> Iterator[Any]:
    """``fn(task)`` for every task, yielded as each finishes; at most two tasks per worker are in flight."""
    threads = spec.workers if spec.kind == "threads" else 1  # a pool's or cluster's workers use one thread each
    fn = partial(_on_threads, fn, threads)
    if spec.in_process:
        yield from map(fn, tasks)
    elif spec.kind == "processes":
        yield from _pool(fn, tasks, spec.workers)
    elif spec.kind == "dask":
        yield from _dask(fn, tasks, spec)
    else:
        raise ValueError(f"unknown executor {spec.kind!r}")


def _pool(fn, tasks, workers: int) -> Iterator[Any]:
    # mesa forces the "spawn" start method; ask for it explicitly rather than depend on the global default.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: set = set()
        todo = iter(tasks)
        for task in todo:
            pending.add(pool.submit(fn, task))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                task = next(todo, None)
                if task is not None:
                    pending.add(pool.submit(fn, task))


def _dask(fn, tasks, spec: ExecutorSpec) -> Iterator[Any]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if spec.address == "local":
        cluster = LocalCluster(n_workers=spec.workers, threads_per_worker=1, processes=True, host=LOCALHOST,
                               dashboard_address=f"{LOCALHOST}:0", silence_logs=logging.ERROR)  # this machine only
        client = Client(cluster)
    else:
        client = Client(spec.address)
    try:
        todo = iter(tasks)
        queue = as_completed()
        limit = 2 * max(spec.workers, len(client.scheduler_info().get("workers", {})), 1)
        for task in todo:
            queue.add(client.submit(fn, task, pure=False))
            if queue.count() >= limit:
                break
        for future in queue:
            yield future.result()
            future.release()
            task = next(todo, None)
            if task is not None:
                queue.add(client.submit(fn, task, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
