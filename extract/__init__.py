"""zh-extract: dates, money, organisations and events from Chinese news as validated records.

``extract.process_text(text, published=...)`` and ``extract.process_documents(docs)`` are the
Python API (extract/api.py); ``extract run`` is the command line. The API is imported on first
use, so ``import extract.reader`` and the light commands do not load jieba.
"""
from __future__ import annotations

from typing import Any

_API = ("RunConfig", "Resources", "process_documents", "process_text", "to_jsonl")
__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
