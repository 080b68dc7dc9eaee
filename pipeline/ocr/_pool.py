"""OCR worker processes: one engine each, pages in parallel, under a memory limit.

A pool of ``ctx.workers`` processes per process of ours (shared by all documents being OCR'd,
so queue worker threads never run more tesseracts than that). Each worker:

* lowers its address-space limit (``RLIMIT_AS``) to ``ctx.memory_limit_mb``: a decompression
  bomb or a runaway page fails that page with ``resource_limit`` (MemoryError in Python, or the
  worker dies when tesseract's C++ allocation fails) and never takes our process with it;
* loads the tesseract engine for the configured languages once and keeps it (``_engine``).

Workers come from a fork server (started once, with the OCR modules imported), not by forking
our process: forking a process that runs threads (queue workers, the HTTP server) can copy a
lock that another thread holds.

Workers end with our process however it ends: at exit (``atexit``: the pools are shut down
and the fork server stopped), and when it is killed or leaves by ``os._exit`` (each worker
watches our process and exits when it is gone; the fork server and the resource tracker then
see their last client go and exit too).

When a worker dies, the pool is replaced and the page tried once more on a fresh worker (the
other pages that were running on the broken pool are innocent and are retried the same way);
a page that kills a worker twice fails with ``resource_limit``.
"""

from __future__ import annotations

import atexit
import io
import os
import resource
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from typing import Any, TypeVar

from pipeline.errors import OcrResourceLimitError, OcrTimeoutError
from pipeline.ocr.types import OcrContext

T = TypeVar("T")

_Key = tuple[int, int, str, str]
_POOLS: dict[_Key, ProcessPoolExecutor] = {}
_LOCK = threading.Lock()
# A page job gets this much longer than tesseract's own deadline before its worker is killed
# (layout analysis does not look at the deadline; rendering and preprocessing count too).
_GRACE_SECONDS = 60.0
# How often a worker looks whether our process is still there, where pidfds are missing.
_POLL_SECONDS = 1.0


def _wait_for_exit(pid: int) -> None:
    """Return when process ``pid`` has ended (a pidfd where the kernel has them, else polling)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd_open: poll (a zombie counts as ended)
        while _alive(pid):
            time.sleep(_POLL_SECONDS)
        return
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _exit_with(owner: int) -> None:
    """End this worker when ``owner`` (the process that made the pool) has ended.

    A worker holds the write end of its own job queue and the fork server's "alive" pipe, so
    neither it nor the fork server (nor the resource tracker) sees the owner go when the owner
    is killed or leaves by ``os._exit``: without this they stay behind for good.
    """
    _wait_for_exit(owner)
    os._exit(0)


def _watch_owner(owner: int) -> None:
    threading.Thread(target=_exit_with, args=(owner,), name="ocr-owner", daemon=True).start()


def _initialise(owner: int, limit_mb: int, backend: str, languages: str) -> None:
    """Worker start-up: end with our process, memory limit, one OpenMP thread, the engine."""
    _watch_owner(owner)  # before the memory limit: a thread's stack is address space too
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if limit_mb > 0:
        limit = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from pipeline.ocr._worker import warm_up

    warm_up(backend, languages)


_ENV_LOCK = threading.Lock()


def _start_fork_server() -> None:
    """Start the fork server (once) without the current folder on its module path.

    multiprocessing starts it as ``python -c …``, which puts the current folder first on
    ``sys.path``: run from a folder holding a ``pipeline/`` (a hot folder, a download folder),
    the fork server's preload would import and run that code in every OCR worker.
    ``PYTHONSAFEPATH`` (Python 3.11) leaves the current folder out; PYTHONPATH and the
    installed packages still count.
    """
    with _ENV_LOCK:
        saved = os.environ.get("PYTHONSAFEPATH")
        os.environ["PYTHONSAFEPATH"] = "1"
        try:
            forkserver.ensure_running()
        finally:
            if saved is None:
                os.environ.pop("PYTHONSAFEPATH", None)
            else:
                os.environ["PYTHONSAFEPATH"] = saved


class _Popen(popen_forkserver.Popen):
    """Start a worker from the fork server without importing the program's main module.

    multiprocessing runs the main script again (as ``__mp_main__``) in every new process; for
    ``aspa`` that is the whole command line (FastAPI, spaCy: seconds of CPU per worker), and
    workers need none of it. This is the standard library's ``_launch`` with the main module
    left out of the preparation data.
    """

    def _launch(self, process_obj: Any) -> None:
        prep = spawn.get_preparation_data(process_obj._name)
        prep.pop("init_main_from_name", None)
        prep.pop("init_main_from_path", None)
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep, buf)
            reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        _start_fork_server()
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:
        return _Popen(process_obj)


class _Context(context.ForkServerContext):
    Process = _Process


def _key(ctx: OcrContext) -> _Key:
    from pipeline.ocr._engine import resolve

    return (max(1, ctx.workers), ctx.memory_limit_mb, resolve(ctx.backend), ctx.languages)


def _pool(key: _Key) -> ProcessPoolExecutor:
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            mp = _Context()
            mp.set_forkserver_preload(["pipeline.ocr._worker"])
            workers, limit_mb, backend, languages = key
            pool = _POOLS[key] = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=mp,
                initializer=_initialise,
                initargs=(os.getpid(), limit_mb, backend, languages),
            )
        return pool


def _drop(key: _Key, pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
    """Forget a broken (or stuck) pool; a new one is made on the next call."""
    with _LOCK:
        if _POOLS.get(key) is pool:
            del _POOLS[key]
    if kill:
        # A worker that ignores its deadline: end every process of that pool (the other
        # pages running there see a broken pool and are tried again on a new one).
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def run(ctx: OcrContext, fn: Callable[..., T], *args: object) -> T:
    """Run ``fn(*args)`` in an OCR worker process and return its result.

    Raises:
        OcrResourceLimitError: the job killed its worker twice (memory limit, a crash).
        OcrTimeoutError: the job ran far past ``ctx.timeout_seconds``.
        Whatever ``fn`` raises (AspaError subclasses pass through unchanged).
    """
    key = _key(ctx)
    for attempt in (1, 2):
        pool = _pool(key)
        try:
            future = pool.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):  # broken or shut down meanwhile
            _drop(key, pool)
            continue
        try:
            return future.result(timeout=ctx.timeout_seconds + _GRACE_SECONDS)
        except BrokenProcessPool as e:
            _drop(key, pool)
            if attempt == 2:
                raise OcrResourceLimitError(
                    "A page stopped the text recognition process twice (memory limit "
                    f"{ctx.memory_limit_mb} MB or a crash); scan it again at 300 dpi."
                ) from e
        except FutureTimeout as e:
            _drop(key, pool, kill=True)
            raise OcrTimeoutError(
                f"Text recognition of a page took longer than {ctx.timeout_seconds:g} s; "
                "it will be retried."
            ) from e
    raise OcrResourceLimitError()  # the pool broke before the job could even be submitted


def _ready() -> None:
    """A job that does nothing: its worker has started and loaded its engine."""


def prestart(ctx: OcrContext) -> threading.Thread:
    """Start the pool's workers now, in the background, before the first page needs them.

    The fork server (its imports) and each worker (its engine) start in processes of their
    own, so a command that knows it will OCR (``aspa process`` on scans) overlaps them with
    its own start-up instead of paying them when the first page arrives. Costs no CPU that the
    first page would not have cost. Failures are left to the first real page to report.
    """

    def start() -> None:
        pool = _pool(_key(ctx))
        try:
            for _ in range(max(1, ctx.workers)):
                pool.submit(_ready)  # each submit starts one more worker, up to ``workers``
        except (BrokenProcessPool, RuntimeError):
            pass  # the first real page replaces a broken pool and says what went wrong

    thread = threading.Thread(target=start, name="ocr-prestart", daemon=True)
    thread.start()
    return thread


def shutdown() -> None:
    """Stop every OCR worker process (at exit; tests call it to start afresh)."""
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
    if pools:
        # Stop the fork server too, and wait for it: then the workers' CPU time shows in our
        # RUSAGE_CHILDREN (the fork server reaps them), and benchmarks count all of it.
        stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
        if callable(stop):
            stop()


def worker_pids() -> list[int]:
    """Process ids of the live OCR workers (for the benchmark's memory figures)."""
    with _LOCK:
        pools = list(_POOLS.values())
    return [p.pid for pool in pools for p in getattr(pool, "_processes", {}).values() if p.pid]


atexit.register(shutdown)
