"""Extraction on a Dask cluster (``warledger ingest --engine dask [--scheduler ADDR]``).

Why Dask: a corpus too large for one machine's cores can be extracted on a cluster already running
dask.distributed, while the ledger keeps its one writer, this process. Batches of documents are sent
as tasks, at most ``window`` of them at once, and their ledgers come back in the order they went
(:func:`warledger.ledger.parallel.in_order`). Without a scheduler address, a local cluster of
``workers`` processes is started when the first batch is sent (a re-run that finds every document
unchanged starts none) and shut down at the end.

The workers must run the same extractor as this process, or the ledger would mix rows of two rule
sets under one key: that is checked when the cluster is joined. Dask itself reschedules the tasks of
a worker that dies and gives up on a task that has killed several (``KilledWorker``).

This module is imported only when the dask engine is asked for: the default install has no dask.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from warledger.extractor_version import extractor_version
from warledger.ledger.parallel import WorkerLost

if TYPE_CHECKING:
    from distributed import Client, Future

J = TypeVar("J")
R = TypeVar("R")
DASK_BATCH = 64
"""Documents a task carries: a Dask task costs the scheduler about a millisecond, a short report less."""
CONNECT_SECONDS = 10


class DaskEngine(Generic[J, R]):
    """Batches run as tasks on a Dask cluster: the one at ``scheduler``, or a local one of ``workers``."""

    batch_size = DASK_BATCH

    def __init__(self, work: Callable[[list[J]], list[R]], workers: int, scheduler: str | None = None):
        try:
            import dask
            import distributed  # noqa: F401  (say now, not after reading, that it is missing)
        except ImportError as err:
            raise ValueError(f"the dask engine needs dask.distributed ({err}): pip install 'warledger[dask]'") from err
        self.work, self.workers = work, workers
        with ExitStack() as stack:  # what close() undoes, last in first out; undone now if joining fails
            # Dask keeps its last 1,000 messages of each connection for debugging, documents and all: keep none.
            stack.enter_context(dask.config.set({"distributed.admin.low-level-log-length": 0}))
            self.client: Client | None = stack.enter_context(_join(scheduler)) if scheduler else None
            self.open = stack.pop_all()
        slots = sum(self.client.nthreads().values()) if self.client is not None else workers
        self.window = 2 * slots + 1

    def submit(self, jobs: list[J]) -> Future:
        client = self.client or self._start_local()
        return client.submit(self.work, jobs, pure=False)  # pure=False: no hashing of the documents

    def result(self, future: Future) -> list[R]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as err:
            raise WorkerLost("the Dask workers extracting it died each time they ran it "
                             "(a crash or out of memory)") from err
        finally:
            future.release()

    def recover(self, handle: Any) -> None:
        """Nothing to do: the scheduler has replaced the worker and sent its other tasks elsewhere."""

    def close(self) -> None:
        self.open.close()

    def _start_local(self) -> Client:
        """Start the local cluster (closed by :meth:`close`, whatever fails after this)."""
        from distributed import Client, LocalCluster

        cluster = self.open.enter_context(LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                       dashboard_address=None, silence_logs=logging.CRITICAL))
        self.client = self.open.enter_context(Client(cluster))
        _check_extractor(self.client)
        return self.client


def _join(scheduler: str) -> Client:
    """A client of the cluster at ``scheduler`` with at least one worker that runs this extractor."""
    from distributed import Client

    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except OSError as err:
        raise ValueError(f"cannot reach the Dask scheduler at {scheduler!r} ({err}); is it running?") from err
    try:
        _ready(client, scheduler)
    except BaseException:
        client.close()
        raise
    return client


def _ready(client: Client, scheduler: str) -> None:
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError as err:
        raise ValueError(f"the Dask scheduler at {scheduler!r} has no workers; start some with "
                         f"dask worker {scheduler}") from err
    _check_extractor(client)


def _check_extractor(client: Client) -> None:
    """Refuse workers that would extract with other rules than the key this process checks documents by."""
    ours = extractor_version()
    try:
        theirs: dict[str, str] = client.run(extractor_version)
    except Exception as err:  # a worker without warledger, or with another one that lacks the function
        raise ValueError(f"the Dask workers cannot run warledger's extractor ({type(err).__name__}: {err}); "
                         "install this warledger on them") from err
    other = sorted({version for version in theirs.values() if version != ours})
    if other:
        raise ValueError(f"the Dask workers run extractor {', '.join(other)}, this process {ours}: "
                         "install the same warledger on them")
