"""Running documents on several worker processes, results in input order.

The parent loads jieba and the lexicons once (by processing a tiny document) before the pool
forks, so forked workers start with them in memory; under the spawn start method each worker
loads them once in its initialiser. Documents travel to the workers in order and ``imap`` hands
results back in the same order, so ``--jobs N`` writes byte-identical output to ``--jobs 1``.
Workers return finished JSON lines, not record objects, which keeps the parent's share of the
work to writing strings.
"""
from __future__ import annotations

import multiprocessing as mp
from typing import Iterable, Iterator

_defaults: tuple[str | None, str | None] = (None, None)


def _warm_up() -> None:
    from .pipeline import process_document
    from .reader import InputDocument

    process_document(InputDocument("warm-up", "2014年10月，商汤科技在香港成立，获IDG资本数千万美元投资。", "-"))


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


def _init(published, currency, user_dicts, org_files, forked: bool) -> None:
    global _defaults
    _quiet_signals()
    _defaults = (published, currency)
    if not forked:
        from .cli import _configure

        _configure(user_dicts, org_files)
        _warm_up()


def _work(item):
    """Runs in a worker: the document's records as JSON lines (strings pickle cheaply)."""
    from .pipeline import error_record, process_document
    from .reader import InputError
    from .writer import to_lines

    if isinstance(item, InputError):
        return to_lines([error_record(item)])
    return to_lines(process_document(item, *_defaults))


def process_parallel(items: Iterable, jobs: int, published, currency, user_dicts, org_files) -> Iterator[list]:
    forked = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork") if forked else mp.get_context()
    if forked:
        _warm_up()  # user dictionaries were configured by the caller; workers inherit it all
    with ctx.Pool(jobs, initializer=_init, initargs=(published, currency, user_dicts, org_files, forked)) as pool:
        yield from pool.imap(_work, items, chunksize=4)
