"""Running documents on several worker processes, results in input order.

The parent loads the run's resources (jieba, the lexicons, the CRF model) once (by processing a
tiny document) before it forks the workers, so forked workers start with them in memory; under
the spawn start method each worker builds them once from the run configuration. Documents go
out in chunks, chunk k to worker k mod N, each worker over its own pair of pipes, and the parent
reads chunk k's lines back from that worker: ``--jobs N`` writes byte-identical output to
``--jobs 1``. Workers return finished JSON lines, not record objects, which keeps the parent's
share of the work to writing strings.

Not multiprocessing.Pool: when Ctrl-C or SIGTERM stopped its workers with tasks still in their
shared pipe, Pool.terminate() could wait forever for its task thread, blocked writing the
workers' stop sentinels into that full pipe. Here nothing is shared between workers, and an
interrupt kills them and leaves the parent's feeder threads to fail on the closed pipes.
"""
from __future__ import annotations

import multiprocessing as mp
from typing import Iterable, Iterator

# This worker process's run: its configuration and resources, set once by the pool initialiser
# (a worker runs one configuration for its life).
_run: tuple | None = None


def _warm_up(config, resources) -> None:
    from .pipeline import process_document
    from .reader import InputDocument

    process_document(InputDocument("warm-up", "2014年10月，商汤科技在香港成立，获IDG资本数千万美元投资。", "-"),
                     config, resources)


def _quiet_signals() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool, and end quietly on the
    SIGTERM of ``pool.terminate()`` (they inherited the parent's handler, which raises
    KeyboardInterrupt and printed a traceback from every worker). SystemExit, not the default
    action: it unwinds, so a worker waiting for a task releases the queue's lock, without
    which the parent's terminate() would wait for it forever."""
    import signal

    def leave(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, leave)


def _init(config, resources, forked: bool) -> None:
    global _run
    _quiet_signals()
    if not forked:
        from .resources import resources_for

        resources = resources_for(config)
        _warm_up(config, resources)
    _run = (config, resources)


def _serve(tasks, results, config, resources, forked: bool) -> None:
    """A worker's life: chunks of packed documents in, their lines out, until None. Every reply
    is (True, lines of each document) or (False, the exception); "end" says it stopped on
    purpose, so a worker that dies (killed, out of memory) is told apart from one that finished."""
    try:
        _init(config, resources, forked)
        while True:
            chunk = tasks.recv()
            if chunk is None:
                break
            try:
                reply = (True, [_work(packed) for packed in chunk])
            except Exception as exc:   # handed to the parent, which raises it
                reply = (False, exc)
            results.send(reply)
        results.send("end")
    except (EOFError, OSError, SystemExit):
        pass   # the parent went away or stopped this worker: nothing left to say


# Documents per task sent to a worker. News documents are small (a sentence to a few thousand
# characters), so a larger chunk spares the parent most of its per-task work (pickling, the
# result queue's wake-ups) while results still come back in input order.
CHUNKSIZE = 16


def _pack(item) -> tuple:
    """An input item as a plain tuple: slotted dataclasses pickle several times slower, and the
    parent pickles every document it sends."""
    from .reader import InputError

    if isinstance(item, InputError):
        return (False, item.source, item.error, item.line, item.doc_id)
    return (True, item.doc_id, item.text, item.source, item.published, item.currency, item.line)


def _work(packed: tuple):
    """Runs in a worker: the document's records as JSON lines (strings pickle cheaply)."""
    from .pipeline import error_record, process_document
    from .reader import InputDocument, InputError
    from .writer import to_lines

    if not packed[0]:
        return to_lines([error_record(InputError(*packed[1:]))])
    return to_lines(process_document(InputDocument(*packed[1:]), *_run))


class WorkerDied(OSError):
    """A worker process ended without finishing its documents (killed, or out of memory)."""


# Chunks queued for each worker beyond the one it is working on: enough to keep it busy while
# the parent waits for a slower chunk of the other worker, few enough to bound memory.
AHEAD = 8


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(_pack(item))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_parallel(items: Iterable, jobs: int, config, resources) -> Iterator[list]:
    """The record lines of every item on ``jobs`` processes, in input order (``config``: the
    run's RunConfig; ``resources``: this process's Resources for it, inherited by forked workers)."""
    import queue
    import threading
    import time

    forked = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork") if forked else mp.get_context()
    if forked:
        _warm_up(config, resources)  # loaded here once; forked workers inherit it all
    workers = []
    for _ in range(jobs):
        task_r, task_w = ctx.Pipe(duplex=False)
        result_r, result_w = ctx.Pipe(duplex=False)
        # Under spawn the Resources are not sent (they hold jieba): each worker builds its own.
        proc = ctx.Process(target=_serve, daemon=True,
                           args=(task_r, result_w, config, resources if forked else None, forked))
        proc.start()
        task_r.close()
        result_w.close()
        workers.append((proc, task_w, result_r))
    stop = threading.Event()
    outboxes = [queue.Queue(maxsize=AHEAD) for _ in workers]
    failure: list[BaseException] = []

    def put(box: queue.Queue, chunk) -> bool:
        while not stop.is_set():
            try:
                box.put(chunk, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def distribute() -> None:
        # Reading the input happens here, beside the parent's writing; an error reading it
        # (a file gone) is raised in the main thread after the chunks before it.
        try:
            for k, chunk in enumerate(_chunks(items, CHUNKSIZE)):
                if not put(outboxes[k % jobs], chunk):
                    return
        except BaseException as exc:   # noqa: BLE001 - re-raised in the main thread
            failure.append(exc)
        for box in outboxes:
            put(box, None)

    def send(box: queue.Queue, conn) -> None:
        while not stop.is_set():
            try:
                chunk = box.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                conn.send(chunk)
            except OSError:
                return   # the worker is gone; the main thread reports it
            if chunk is None:
                return

    threads = [threading.Thread(target=distribute, daemon=True)]
    threads += [threading.Thread(target=send, args=(box, w[1]), daemon=True) for box, w in zip(outboxes, workers)]
    for t in threads:
        t.start()
    try:
        k = 0
        while True:
            proc, _, results = workers[k % jobs]
            try:
                reply = results.recv()
            except EOFError:
                time.sleep(0.5)   # a signal that stopped the worker reaches this process too
                raise WorkerDied(f"worker process {proc.pid} ended unexpectedly (exit code "
                                 f"{proc.exitcode}); the documents written so far stay in the .part file: "
                                 "rerun with --resume") from None
            if reply == "end":
                break
            ok, value = reply
            if not ok:
                raise value
            yield from value
            k += 1
        if failure:
            raise failure[0]
    finally:
        stop.set()
        for proc, _, results in workers:
            if proc.is_alive():
                proc.kill()   # quietly: its work is abandoned (a finished worker has exited)
            results.close()
        for proc, _, _ in workers:
            proc.join(timeout=5)
        # The feeder threads are daemons: they stop on the flag, or on the broken pipe of a
        # killed worker (no other process holds its reading end), and are not waited for.
