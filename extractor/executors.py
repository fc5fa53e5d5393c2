"""Where documents are extracted: in this process, in a pool of worker processes, or on a Dask cluster.

Every executor takes the same tasks and yields exactly one DocumentResult per task, in the order
they finish.  A document that kills its worker (a crash in a native library, the memory cap, a
kill from outside) or overruns ``--doc-timeout`` comes back as a failed result; the other
documents go on.
"""
from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import ExtractorError, UsageError
from .options import Options
from .pipeline import PIPELINE_VERSION, extract_document
from .records import DocumentResult

log = logging.getLogger("extractor")

WORKER_DIED = "worker_died"
TIMEOUT = "timeout"
OUT_OF_MEMORY = "out_of_memory"

# Seconds a document may run past --doc-timeout before its worker is stopped: the sources check
# the limit between pages, this is the backstop for a native call that never returns.
TIMEOUT_GRACE = 10.0
# Fault injection for tests: a worker kills itself with SIGKILL on a file of one of these names
# (comma-separated), only the first time when the second variable names a folder for markers;
# with the third, it hangs (sleeps HANG_SECONDS) on such a file.
KILL_ON_ENV = "EXTRACTOR_TEST_KILL_ON"
KILL_ONCE_DIR_ENV = "EXTRACTOR_TEST_KILL_ONCE_DIR"
HANG_ON_ENV = "EXTRACTOR_TEST_HANG_ON"
HANG_SECONDS = 120.0
# Environment passed on to worker processes; a forkserver keeps the environment it started with.
WORKER_ENV = (KILL_ON_ENV, KILL_ONCE_DIR_ENV, HANG_ON_ENV, "OMP_THREAD_LIMIT", "TESSDATA_PREFIX", "PATH")


class SchedulerUnreachable(ExtractorError):
    """The Dask scheduler could not be reached"""

    code = "scheduler"
    hint = "check the address given to --scheduler and that `dask scheduler` is running"


@dataclass(frozen=True)
class Task:
    """One distinct document to extract."""

    path: str
    source_file: str
    sha256: str
    size_bytes: int = 0  # stands in for the work: the parent never parses a file (a crash would end the batch)


@dataclass
class WorkerStats:
    """What the workers used, for the benchmark: peak resident memory and busy time per worker."""

    peak_rss_kb: dict[str, int] = field(default_factory=dict)  # worker -> its own peak RSS
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # worker -> CPU of it and its Tesseract runs
    busy_seconds: dict[str, float] = field(default_factory=dict)
    restarts: int = 0

    def record(self, worker: str, usage: "Usage", seconds: float) -> None:
        self.peak_rss_kb[worker] = max(self.peak_rss_kb.get(worker, 0), usage.peak_rss_kb)
        self.cpu_seconds[worker] = max(self.cpu_seconds.get(worker, 0.0), usage.cpu_seconds)
        self.busy_seconds[worker] = self.busy_seconds.get(worker, 0.0) + seconds


@dataclass(frozen=True)
class Usage:
    """What a worker process has used so far (Linux getrusage)."""

    peak_rss_kb: int  # this process's peak resident memory
    cpu_seconds: float  # user + system time of this process and its finished children (Tesseract)

    @classmethod
    def now(cls) -> "Usage":
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(me.ru_maxrss, me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime)


class Executor(Protocol):
    stats: WorkerStats

    def run(self, tasks: Sequence[Task], options: Options) -> Iterator[DocumentResult]:
        """Extract every task; yields one result per task as each finishes."""
        ...


def longest_first(tasks: Sequence[Task]) -> list[Task]:
    """Biggest files first, so no long document is left running alone at the end of a batch."""
    return sorted(tasks, key=lambda t: (-t.size_bytes, t.source_file))


def failed_result(task: Task, code: str, message: str, seconds: float = 0.0) -> DocumentResult:
    """The manifest row for a document whose extraction did not return."""
    return DocumentResult(task.source_file, task.sha256[:16], task.sha256, "failed", code, message,
                          seconds=round(seconds, 3), pipeline_version=PIPELINE_VERSION)


def run_task(task: Task, options: Options) -> DocumentResult:
    """Extract one document; what a worker runs (also in this process, for the serial executor)."""
    _maybe_kill_self(task)
    try:
        return extract_document(Path(task.path), options, source_file=task.source_file, sha256=task.sha256)
    except MemoryError:
        return failed_result(task, OUT_OF_MEMORY, out_of_memory_message(options))


def out_of_memory_message(options: Options) -> str:
    cap = f"the cap of {options.max_memory_mb} MB per worker" if options.max_memory_mb else "the memory available"
    return (f"ran out of memory ({cap}): raise --max-memory-mb, lower --dpi, "
            "or run fewer --workers if the machine itself is short of memory")


def _maybe_kill_self(task: Task) -> None:
    name = Path(task.path).name
    if name in os.environ.get(HANG_ON_ENV, "").split(","):
        time.sleep(HANG_SECONDS)
    if name not in os.environ.get(KILL_ON_ENV, "").split(","):
        return
    once_dir = os.environ.get(KILL_ONCE_DIR_ENV)
    if once_dir:
        try:
            os.close(os.open(Path(once_dir, name), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    os.kill(os.getpid(), signal.SIGKILL)


# --- in this process ----------------------------------------------------------------------------


class SerialExecutor:
    """One document after another in this process: no isolation, no hard timeout; for tests and debugging."""

    def __init__(self) -> None:
        self.stats = WorkerStats()

    def run(self, tasks: Sequence[Task], options: Options) -> Iterator[DocumentResult]:
        for task in tasks:
            start = time.monotonic()
            result = run_task(task, options)
            self.stats.record("main", Usage.now(), time.monotonic() - start)
            yield result


# --- a pool of worker processes ---------------------------------------------------------------


def _worker_main(conn: multiprocessing.connection.Connection, lifeline: multiprocessing.connection.Connection,
                 options: Options, env: dict[str, str]) -> None:
    """Body of a worker process: take a task, send back (result, usage), repeat."""
    os.environ.update(env)
    os.setpgrp()  # its own process group: a stop takes its Tesseract with it; Ctrl-C goes to the parent only
    threading.Thread(target=_die_with_batch, args=(lifeline,), daemon=True).start()
    if options.max_memory_mb:
        limit = options.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = run_task(task, options)
        try:
            conn.send((result, Usage.now()))
        except (BrokenPipeError, OSError):
            return


def _die_with_batch(lifeline: multiprocessing.connection.Connection) -> None:
    """Kill this worker and its Tesseract as soon as the batch process is gone (even by kill -9).

    The batch never writes to the lifeline, so it becomes readable only at end of file.
    """
    try:
        lifeline.poll(None)
    finally:
        os.killpg(os.getpgrp(), signal.SIGKILL)


@dataclass
class _Worker:
    name: str
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    lifeline: multiprocessing.connection.Connection  # the batch holds this end open while it lives
    task: Task | None = None
    started: float = 0.0
    attempts: int = 0

    def stop(self) -> None:
        """Kill the worker and the Tesseract it may be running."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, TypeError):
            pass
        try:
            self.process.kill()
        except (ProcessLookupError, ValueError):
            pass
        self.process.join(5)
        self.close()

    def close(self) -> None:
        self.conn.close()
        self.lifeline.close()


def _context() -> multiprocessing.context.BaseContext:
    """A forkserver: workers start from a clean, already-imported process (fast restarts, no inherited threads)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["extractor.executors", "extractor.preload"])
        return ctx
    return multiprocessing.get_context("spawn")


class ProcessExecutor:
    """``workers`` processes, each running one document at a time, longest documents first.

    A worker that dies or overruns the time limit costs its document only: the document is
    tried again on a fresh worker up to ``options.retries`` times (not after a timeout), then
    recorded as failed, and the pool goes on with a replacement.
    """

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.stats = WorkerStats()
        self._count = 0

    def run(self, tasks: Sequence[Task], options: Options) -> Iterator[DocumentResult]:
        if not tasks:
            return
        ctx = _context()
        env = {k: os.environ[k] for k in WORKER_ENV if k in os.environ}
        env.setdefault("OMP_THREAD_LIMIT", "1")
        pending = deque((task, 0) for task in longest_first(tasks))
        pool: list[_Worker] = []
        try:
            for _ in range(min(self.workers, len(tasks))):
                pool.append(self._start(ctx, options, env))
            while pending or any(w.task for w in pool):
                for i, worker in enumerate(pool):
                    if worker.task is None and pending:
                        self._assign(pool, i, pending.popleft(), ctx, options, env)
                busy = [w for w in pool if w.task is not None]
                multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                                                timeout=1.0)
                for i, worker in enumerate(pool):
                    if worker.task is None:
                        continue
                    outcome = self._check(worker, options)
                    if outcome is None:
                        continue
                    task, attempts, elapsed = worker.task, worker.attempts, time.monotonic() - worker.started
                    worker.task = None
                    if isinstance(outcome, DocumentResult):
                        if pending:  # its next document first: the worker runs while the caller stores this one
                            self._assign(pool, i, pending.popleft(), ctx, options, env)
                        yield outcome
                        continue
                    code, message = outcome  # the worker is gone: replace it
                    worker.stop()
                    self.stats.restarts += 1
                    pool[i] = self._start(ctx, options, env)
                    if code == WORKER_DIED and attempts < options.retries:
                        log.warning("%s: %s; trying it again on a fresh worker", task.source_file, message)
                        pending.appendleft((task, attempts + 1))
                    else:
                        log.warning("%s: %s", task.source_file, message)
                        yield failed_result(task, code, message, elapsed)
        finally:
            for worker in pool:
                if worker.task is None:
                    try:
                        worker.conn.send(None)
                    except OSError:
                        pass
            for worker in pool:
                worker.process.join(0.5 if worker.task is None else 0)
                if worker.process.is_alive():
                    worker.stop()
                worker.close()

    def _assign(self, pool: list[_Worker], i: int, item: tuple[Task, int], ctx, options: Options,
                env: dict[str, str]) -> None:
        """Send a task (and how often it was tried) to the idle worker ``pool[i]``, replacing it if it died idle."""
        task, attempts = item
        worker = pool[i]
        try:
            worker.conn.send(task)
        except OSError:  # it died while idle: a fresh one takes the task
            worker.stop()
            self.stats.restarts += 1
            worker = pool[i] = self._start(ctx, options, env)
            worker.conn.send(task)
        worker.task, worker.started, worker.attempts = task, time.monotonic(), attempts

    def _start(self, ctx, options: Options, env: dict[str, str]) -> _Worker:
        self._count += 1
        parent, child = ctx.Pipe()
        life_r, life_w = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_worker_main, args=(child, life_r, options, env),
                              name=f"extractor-worker-{self._count}", daemon=True)
        process.start()
        child.close()
        life_r.close()
        return _Worker(name=process.name, process=process, conn=parent, lifeline=life_w)

    def _check(self, worker: _Worker, options: Options) -> DocumentResult | tuple[str, str] | None:
        """The worker's result, (error code, message) when it is gone or too slow, or None to wait."""
        try:
            if worker.conn.poll():
                result, usage = worker.conn.recv()
                self.stats.record(worker.name, usage, time.monotonic() - worker.started)
                return result
        except (EOFError, OSError):
            pass
        if not worker.process.is_alive():
            worker.process.join(1)
            return WORKER_DIED, died_message(worker.process.exitcode, options)
        if time.monotonic() - worker.started > options.doc_timeout + TIMEOUT_GRACE:
            return TIMEOUT, (f"the document took longer than --doc-timeout {options.doc_timeout:g} s and its worker "
                             "was stopped: raise --doc-timeout if the file is genuine")
        return None


def died_message(exitcode: int | None, options: Options) -> str:
    """Say how a worker ended and what to do about it."""
    if exitcode is not None and exitcode < 0:
        try:
            how = f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed by signal {-exitcode}"
    else:
        how = f"exited with status {exitcode}"
    if exitcode == -signal.SIGKILL:
        hint = ("often the system's out-of-memory killer: run fewer --workers, lower --dpi "
                f"or lower --max-memory-mb (now {options.max_memory_mb})")
    elif exitcode in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT):
        hint = "a native library crashed on this file: please report it with the file"
    else:
        hint = "see the log above"
    return f"the worker process {how} while extracting this file ({hint})"


# --- a Dask cluster -------------------------------------------------------------------------------

CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler
_DASK_LOCK = threading.Lock()  # PDFium is not thread-safe: one document at a time per worker process


def _dask_task(task: Task, options: Options) -> tuple[DocumentResult, Usage, float, str]:
    start = time.monotonic()
    with _DASK_LOCK:
        result = run_task(task, options)
    return result, Usage.now(), time.monotonic() - start, f"{os.uname().nodename}:{os.getpid()}"


class DaskExecutor:
    """The same tasks on a running Dask cluster (``dask scheduler`` + ``dask worker --nthreads 1``).

    The inputs must be readable under the same path on every worker.  Dask reschedules the
    document of a worker that dies; one that keeps killing workers comes back as failed.
    """

    def __init__(self, address: str, connect_timeout: float | None = None):
        self.address = address
        self.connect_timeout = connect_timeout or CONNECT_TIMEOUT
        self.stats = WorkerStats()

    def run(self, tasks: Sequence[Task], options: Options) -> Iterator[DocumentResult]:
        if not tasks:
            return
        distributed = import_distributed()
        try:
            client = distributed.Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {self.address} ({e})") from e
        batch = uuid.uuid4().hex[:8]
        try:
            futures = {}
            for task in longest_first(tasks):
                future = client.submit(_dask_task, task, options, key=f"extract-{task.sha256[:16]}-{batch}",
                                       pure=False, retries=options.retries, priority=task.size_bytes)
                futures[future] = task
            with client.as_current():
                completed = distributed.as_completed(futures)
            for future in completed:
                task = futures[future]
                try:
                    result, usage, seconds, worker = future.result()
                except distributed.KilledWorker as e:
                    yield failed_result(task, WORKER_DIED, "the document killed every Dask worker it was sent to "
                                        f"({e}): please report it with the file")
                    continue
                except Exception as e:  # a task that raised (it should not) costs that document only
                    yield failed_result(task, "internal", f"the Dask task failed: {type(e).__name__}: {e}")
                    continue
                self.stats.record(worker, usage, seconds)
                yield result
        finally:
            client.close()


def import_distributed():
    """dask.distributed, or a UsageError that says how to install it."""
    try:
        import distributed
    except ImportError as e:
        raise UsageError("--scheduler needs Dask: pip install 'extractor[dask]'") from e
    return distributed


def make_executor(options: Options) -> Executor:
    """The executor the options ask for: Dask with --scheduler, else a pool of --workers processes."""
    if options.scheduler:
        return DaskExecutor(options.scheduler)
    return ProcessExecutor(options.n_workers)
