"""Extraction in other processes, with one writer: the process that holds the store.

Why one writer: SQLite lets one process write at a time, and each document is stored in one
transaction, in the order it was read — so only extraction, most of an ingest's time, goes out;
ledgers come back to the caller, which stores them. An engine runs batches of jobs: here
(:class:`InProcess`, today's path), in a pool of local processes (:class:`ProcessPool`) or on a Dask
cluster (:mod:`warledger.ledger.dask_engine`). :func:`in_order` sends batches and yields their results
in the order they were sent, with at most ``engine.window`` batches out at once: the next batch is read
only when the oldest has come back, so memory stays flat however large the corpus.

A worker that dies (a crash, the OOM killer) takes its batch with it, and a local pool breaks for every
batch it was running. The jobs of a lost batch are run again one at a time: the one that kills its
worker again is reported as failed, the others go through.

>>> engine = InProcess(lambda jobs: [j * 2 for j in jobs])
>>> list(in_order([("a", [1, 2]), ("b", []), ("c", [3])], engine, lost=lambda job, err: None))
[('a', [2, 4]), ('b', []), ('c', [6])]
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, Generic, Protocol, TypeVar

from warledger.limits import DocumentError

B = TypeVar("B")  # what the caller keeps of a batch while it is out
J = TypeVar("J")  # one job, sent to a worker
R = TypeVar("R")  # its result

ENGINES = ("processes", "dask")
PROCESS_BATCH = 32
"""Documents a batch sends to a local worker: enough that a short report's extraction outweighs the pickling."""
PRELOAD = ["warledger.ledger.ingest"]
"""Imported once by the fork server, so that each worker it forks starts with the extractor's code loaded."""


POOL_BREAKING = (BrokenProcessPool, OSError, RuntimeError)
"""What a local pool's submit raises once a worker has died. Python 3.11 marks the pool broken without the
lock that submit holds, so a submit racing the pool's own clean-up may find it not yet marked broken and then
fail to start a worker on a queue already closed (OSError) or find it shut down (RuntimeError)."""


class WorkerLost(DocumentError):
    """The process running a batch died before it answered."""


class Engine(Protocol[J, R]):
    """Runs batches of jobs somewhere; ``window`` is how many batches may be out at once."""

    batch_size: int

    @property
    def window(self) -> int: ...

    def submit(self, jobs: list[J]) -> Any: ...

    def result(self, handle: Any) -> list[R]:
        """The batch's results, in the order of its jobs; :class:`WorkerLost` when its worker died."""

    def recover(self, handle: Any) -> None:
        """Make the engine usable again after ``handle``'s worker died."""

    def close(self) -> None: ...


class InProcess(Generic[J, R]):
    """Each batch run here when it is sent, one job at a time and nothing read ahead: today's single process."""

    batch_size = 1
    window = 1

    def __init__(self, work: Callable[[list[J]], list[R]]):
        self.work = work

    def submit(self, jobs: list[J]) -> list[R]:
        return self.work(jobs)

    def result(self, handle: list[R]) -> list[R]:
        return handle

    def recover(self, handle: Any) -> None:
        """Nothing to recover: a batch run here that raises stops the run, as it always has."""

    def close(self) -> None:
        """Nothing to close."""


class ProcessPool(Generic[J, R]):
    """Batches run in ``workers`` local processes, started when the first batch is sent (a re-run that finds
    every document unchanged starts none). Workers are forked from a fork server that has imported the
    extractor, not from this process: forking a process that runs threads (a progress bar's) can hang.
    Each worker holds one end of a pipe whose other end only this process holds, and exits when it closes:
    a pool's workers outlive an ingest that is killed otherwise, waiting for work forever."""

    batch_size = PROCESS_BATCH

    def __init__(self, work: Callable[[list[J]], list[R]], workers: int):
        self.work, self.workers = work, workers
        self.pool: ProcessPoolExecutor | None = None
        self.generation = 0  # how many pools have broken: a handle of an older pool is not this one's failure
        self.lifeline: tuple[Connection, Connection] | None = None

    @property
    def window(self) -> int:
        return 2 * self.workers + 1

    def submit(self, jobs: list[J]) -> tuple[int, Future[list[R]]]:
        if self.pool is None:
            self.lifeline = self.lifeline or multiprocessing.Pipe(duplex=False)
            self.pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_watch,
                                            initargs=(self.lifeline[0],))
        try:
            return self.generation, self.pool.submit(self.work, jobs)
        except POOL_BREAKING as err:  # a worker died since the last batch went out: this one is lost too,
            lost: Future[list[R]] = Future()  # and is run again job by job when its turn comes
            lost.set_exception(err if isinstance(err, BrokenProcessPool) else BrokenProcessPool(str(err)))
            return self.generation, lost

    def result(self, handle: tuple[int, Future[list[R]]]) -> list[R]:
        try:
            return handle[1].result()
        except BrokenProcessPool as err:
            raise WorkerLost("the worker process extracting it died (a crash or out of memory); "
                             "it was run again on its own and died again") from err

    def recover(self, handle: tuple[int, Future[list[R]]]) -> None:
        """Replace the pool that ``handle``'s worker broke (once: later handles of that pool find a new one)."""
        if handle[0] == self.generation and self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool, self.generation = None, self.generation + 1

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        for end in self.lifeline or ():
            end.close()


def _watch(lifeline: Connection) -> None:
    """In a worker: exit as soon as the process that started it is gone (its end of ``lifeline`` closed)."""

    def wait() -> None:
        multiprocessing.connection.wait([lifeline])  # nothing is ever sent: it is readable once closed
        os._exit(0)

    threading.Thread(target=wait, name="lifeline", daemon=True).start()


def open_engine(work: Callable[[list[J]], list[R]], workers: int = 1, engine: str = "processes",
                scheduler: str | None = None) -> Engine[J, R]:
    """The engine that runs ``work`` as asked; a bad choice is a :class:`ValueError` before anything is read.

    >>> open_engine(len, workers=1).window
    1
    >>> open_engine(len, engine="spark")
    Traceback (most recent call last):
    ...
    ValueError: unknown engine 'spark'; choose processes or dask
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}")
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number, 1 or more (got {workers!r})")
    if scheduler is not None and engine != "dask":
        raise ValueError("a scheduler address needs the dask engine (--engine dask)")
    if engine == "dask":
        from warledger.ledger.dask_engine import DaskEngine  # dask loads only when asked for

        return DaskEngine(work, workers, scheduler)
    return InProcess(work) if workers == 1 else ProcessPool(work, workers)


def in_order(batches: Iterable[tuple[B, list[J]]], engine: Engine[J, R],
             lost: Callable[[J, WorkerLost], R]) -> Iterator[tuple[B, list[R]]]:
    """Each batch with its jobs' results, in the order the batches came; ``lost(job, error)`` stands for
    the result of a job whose worker died each time it ran. A batch without jobs waits its turn."""
    out: deque[tuple[B, list[J], Any]] = deque()
    for batch, jobs in batches:
        out.append((batch, jobs, engine.submit(jobs) if jobs else None))
        if len(out) >= engine.window:
            yield _collect(engine, *out.popleft(), lost)
    while out:
        yield _collect(engine, *out.popleft(), lost)


def _collect(engine: Engine[J, R], batch: B, jobs: list[J], handle: Any,
             lost: Callable[[J, WorkerLost], R]) -> tuple[B, list[R]]:
    if handle is None:
        return batch, []
    try:
        return batch, engine.result(handle)
    except WorkerLost:
        engine.recover(handle)
        return batch, [_alone(engine, job, lost) for job in jobs]


def _alone(engine: Engine[J, R], job: J, lost: Callable[[J, WorkerLost], R]) -> R:
    """One job of a lost batch, run by itself and waited for, so that a death now is its own."""
    handle = engine.submit([job])
    try:
        return engine.result(handle)[0]
    except WorkerLost as err:
        engine.recover(handle)
        return lost(job, err)


def default_workers() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context
