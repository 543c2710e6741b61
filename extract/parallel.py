"""Running documents on several worker processes, results in input order.

The parent loads the run's resources (jieba, the lexicons) once (by processing a tiny document)
before the pool forks, so forked workers start with them in memory; under the spawn start method
each worker builds them once from the run configuration in its initialiser. Documents travel to the workers in order and ``imap`` hands
results back in the same order, so ``--jobs N`` writes byte-identical output to ``--jobs 1``.
Workers return finished JSON lines, not record objects, which keeps the parent's share of the
work to writing strings.
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


def process_parallel(items: Iterable, jobs: int, config, resources) -> Iterator[list]:
    """The record lines of every item on ``jobs`` processes, in input order (``config``: the
    run's RunConfig; ``resources``: this process's Resources for it, inherited by forked workers)."""
    forked = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork") if forked else mp.get_context()
    if forked:
        _warm_up(config, resources)  # loaded here once; forked workers inherit it all
    # Under spawn the Resources are not sent (they hold jieba): each worker builds its own.
    with ctx.Pool(jobs, initializer=_init, initargs=(config, resources if forked else None, forked)) as pool:
        yield from pool.imap(_work, map(_pack, items), chunksize=CHUNKSIZE)
