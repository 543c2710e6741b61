"""Running documents on several worker processes, results in input order.

Each worker initialises jieba and the lexicons once; documents travel to the workers in order
and ``imap`` hands results back in the same order, so ``--jobs N`` writes byte-identical output
to ``--jobs 1``.
"""
from __future__ import annotations

import multiprocessing as mp
from typing import Iterable, Iterator

_defaults: tuple[str | None, str | None] = (None, None)


def _init(published, currency, user_dicts, org_files) -> None:
    global _defaults
    from .cli import _configure
    from .segment import tokenizer

    _defaults = (published, currency)
    _configure(user_dicts, org_files)
    tokenizer()


def _work(item):
    from .pipeline import error_record, process_document
    from .reader import InputError

    if isinstance(item, InputError):
        return [error_record(item)]
    return process_document(item, *_defaults)


def process_parallel(items: Iterable, jobs: int, published, currency, user_dicts, org_files) -> Iterator[list]:
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init, initargs=(published, currency, user_dicts, org_files)) as pool:
        yield from pool.imap(_work, items, chunksize=2)
