"""Reading input: .txt files, .jsonl files, folders and standard input, as a stream.

Yields :class:`InputDocument` or :class:`InputError` one at a time, in input order, so memory
stays that of the largest document. Every problem becomes an InputError naming the source and
line; nothing is dropped silently.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from .analysis import PartialDate


@dataclass(slots=True)
class InputDocument:
    doc_id: str
    text: str
    source: str
    published: str | None = None
    currency: str | None = None
    line: int | None = None


@dataclass(slots=True)
class InputError:
    source: str
    error: str
    line: int | None = None
    doc_id: str | None = None


class DecodeError(ValueError):
    pass


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(name: str) -> str:
    """``name`` as a string that can be written as UTF-8.

    A file name that is not valid UTF-8 reaches Python with its bad bytes as lone surrogates
    (and a JSON ``"\\ud800"`` is one too); these are escaped (``\\xff``, ``\\ud800``), so the
    name can be shown and used as an id without breaking the output.
    """
    if not _SURROGATE.search(name):
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def surrogate_problem(text: str) -> str | None:
    """Where ``text`` holds a lone surrogate (not Unicode text, cannot be written), or None."""
    m = _SURROGATE.search(text)
    return None if m is None else f"a lone surrogate \\u{ord(m.group()):04x} at character {m.start()}"


def parse_json(data: str | bytes) -> object:
    """``json.loads`` with every failure a ValueError carrying a one-line message.

    Nesting too deep for the parser (RecursionError) and integers past Python's digit limit
    (a ValueError without ``msg``) are input errors like any malformed JSON.
    """
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer past the digit limit; drop its advice to set it
        raise ValueError(f"malformed JSON: {str(exc).split(';')[0]}") from None


# ---------------------------------------------------------------------------------------------
# Decoding

def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes, or raise DecodeError with a message a person can act on.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such. Bytes that are not UTF-8
    are tried as GB18030 and Big5; a decoding is accepted only when it reads as Chinese text
    (mostly common characters), so a corrupt UTF-8 file is rejected rather than turned into
    mojibake.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"has a UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"has a UTF-16 BOM but invalid UTF-16 at byte {exc.start}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        _reject_binary(text)
        return text
    if b"\x00" in data:
        raise DecodeError("looks binary (NUL bytes, no UTF-16 BOM); not a text document")
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(decoded), codec, decoded))
    candidates.sort(key=lambda c: c[0], reverse=True)
    if candidates and candidates[0][0] >= 0.85:
        text = candidates[0][2]
        _reject_binary(text)
        return text
    raise DecodeError(
        f"is not valid UTF-8 (first bad byte at offset {utf8_error.start}) and does not read as "
        "GB18030 or Big5 Chinese text; re-encode it as UTF-8"
    )


def _reject_binary(text: str) -> None:
    sample = text[:4096]
    if not sample:
        return
    # A stray control character (a NUL from a scraper) does not make an article binary; text that
    # is more than a tenth control characters is not prose.
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > len(sample) * 0.1:
        raise DecodeError("looks binary (control characters); not a text document")


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """Common Chinese characters, simplified and traditional (``data/common_chars.txt``).

    A correct decoding of Chinese news is made almost entirely of these; a wrong codec's
    output is full of rare characters and symbols. The reader's own data, so that reading
    needs no tokenizer: the file holds the characters of jieba's dictionary words and their
    OpenCC s2t forms, as the reader computed them from jieba before.
    """
    from importlib import resources

    text = (resources.files("extract") / "data" / "common_chars.txt").read_text(encoding="utf-8")
    return frozenset(ch for line in text.splitlines() if not line.startswith("#")
                     for ch in line if ord(ch) > 0x2E7F)


def _chinese_score(text: str) -> float:
    """Share of the CJK-range characters in ``text`` that are common Chinese characters."""
    common = _common_chars()
    cjk = [ch for ch in text[:20000] if ord(ch) > 0x2E7F]
    if not cjk:
        # No CJK at all: only plain ASCII-like text could be right, and that decodes as UTF-8.
        return 0.0
    return sum(1 for ch in cjk if ch in common) / len(cjk)


# ---------------------------------------------------------------------------------------------
# Sources

def _read_meta(path: Path) -> tuple[dict, str | None]:
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.exists():
        return {}, None
    try:
        meta = parse_json(meta_path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        return {}, f"sidecar {meta_path.name} is not readable JSON ({exc})"
    if not isinstance(meta, dict):
        return {}, f"sidecar {meta_path.name} is not a JSON object"
    return meta, None


def _published(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be a string YYYY[-MM[-DD]], got {value!r}")
    return PartialDate.parse(value).isoformat()


def _currency(value: object) -> str | None:
    """A document's own currency: absent (None), or an ISO 4217 code in any case (upper-cased)."""
    if value is None:
        return None
    from .currencies import normalise_currency

    return normalise_currency(value)


def read_text_file(path: Path, source: str) -> Iterator[InputDocument | InputError]:
    doc_id = printable(path.stem)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(source, f"cannot read file: {exc.strerror or exc}", doc_id=doc_id)
        return
    yield from _text_document(data, doc_id, source, path)


def _text_document(data: bytes, doc_id: str, source: str, path: Path | None) -> Iterator[InputDocument | InputError]:
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield InputError(source, f"file {exc}", doc_id=doc_id)
        return
    if not text.strip():
        yield InputError(source, "empty document (no text)", doc_id=doc_id)
        return
    meta: dict = {}
    if path is not None:
        meta, problem = _read_meta(path)
        if problem:
            yield InputError(source, problem, doc_id=doc_id)
            return
    try:
        published = _published(meta.get("published"))
        currency = _currency(meta.get("currency"))
    except ValueError as exc:
        yield InputError(source, f"sidecar: {exc}", doc_id=doc_id)
        return
    yield InputDocument(doc_id, text, source, published, currency)


def read_jsonl_lines(lines: Iterable[bytes], source: str, stem: str) -> Iterator[InputDocument | InputError]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(source, f"line is not valid UTF-8 (byte {exc.start})", line=number)
            continue
        try:
            obj = parse_json(line)
        except ValueError as exc:
            yield InputError(source, str(exc), line=number)
            continue
        if not isinstance(obj, dict):
            yield InputError(source, f"line is a JSON {type(obj).__name__}, not an object", line=number)
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else f"{stem}:{number}"
        if surrogate_problem(doc_id):
            yield InputError(source, f"field 'id' is not valid Unicode ({surrogate_problem(doc_id)})",
                             line=number, doc_id=printable(doc_id))
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            what = "missing" if text is None else f"a {type(text).__name__}, not a string"
            yield InputError(source, f"field 'text' is {what}", line=number, doc_id=doc_id)
            continue
        if not text.strip():
            yield InputError(source, "empty document (no text)", line=number, doc_id=doc_id)
            continue
        if surrogate_problem(text):
            yield InputError(source, f"field 'text' is not valid Unicode ({surrogate_problem(text)})",
                             line=number, doc_id=doc_id)
            continue
        try:
            published = _published(obj.get("published"))
            currency = _currency(obj.get("currency"))
        except ValueError as exc:
            yield InputError(source, str(exc), line=number, doc_id=doc_id)
            continue
        yield InputDocument(doc_id, text, source, published, currency, line=number)


def read_jsonl_file(path: Path, source: str) -> Iterator[InputDocument | InputError]:
    try:
        fh: BinaryIO = open(path, "rb")
    except OSError as exc:
        yield InputError(source, f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        yield from read_jsonl_lines(fh, source, printable(path.stem))


def read_stdin(stream: BinaryIO | None = None) -> Iterator[InputDocument | InputError]:
    if stream is None:
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            yield InputError("-", "standard input is closed")
            return
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    try:
        data = stream.read()
    except (OSError, ValueError) as exc:  # a closed or unreadable descriptor
        yield InputError("-", f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}")
        return
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if data.lstrip(codecs.BOM_UTF8).lstrip()[:1] == b"{":
        yield from read_jsonl_lines(data.splitlines(), "-", "stdin")
    else:
        yield from _text_document(data, "stdin", "-", None)


# Past this size one document costs more memory than a worker should take (the segmentation of
# 2,000,000 characters is about 300 MB); such a document is reported, not processed.
DEFAULT_MAX_CHARS = 2_000_000


def iter_inputs(paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[InputDocument | InputError]:
    """Every document of every path in order; duplicate ids and oversized documents are errors."""
    seen: set[str] = set()
    for item in _iter_raw(paths):
        if isinstance(item, InputDocument):
            too_large = size_error(item, max_chars)
            if too_large:
                yield too_large
                continue
            if item.doc_id in seen:
                yield duplicate_error(item)
                continue
            seen.add(item.doc_id)
        yield item


def size_error(item: InputDocument, max_chars: int) -> InputError | None:
    if len(item.text) <= max_chars:
        return None
    return InputError(item.source, f"document too large ({len(item.text):,} characters, the limit is "
                      f"{max_chars:,}); split it or raise --max-chars", line=item.line, doc_id=item.doc_id)


def duplicate_error(item: InputDocument) -> InputError:
    return InputError(item.source, f"duplicate document id {item.doc_id!r}; the first one was kept",
                      line=item.line, doc_id=item.doc_id)


def list_inputs(paths: Iterable[str], on_skip: Callable[[str, str], None] | None = None,
                ) -> Iterator[str | InputError]:
    """The input files named by ``paths`` (folders expanded, sorted), or errors, in order.

    ``-`` stays ``-``; a path with ``://`` is an fsspec URL (for the Dask engine). Folder
    entries that are not read go to ``on_skip(path, reason)`` (default: a line on stderr).
    """
    on_skip = on_skip or report_skipped
    for given in paths:
        if given == "-":
            yield given
        elif "://" in given:
            yield from _list_url(given)
        else:
            yield from _list_local(given, on_skip)


INPUT_SUFFIXES = (".txt", ".jsonl")


def is_input_name(name: str) -> bool:
    """Whether a folder entry is read as a document file: ``.txt`` or ``.jsonl`` in any case
    (``.TXT`` from Windows tools too), except ``NAME.meta.json`` sidecars."""
    lower = name.lower()
    return lower.endswith(INPUT_SUFFIXES) and not lower.endswith(".meta.json")


def report_skipped(path: str, reason: str) -> None:
    """Folder entries that are not read are named on standard error, never dropped silently."""
    print(f"extract: skipped {printable(path)}: {reason}", file=sys.stderr)


def _list_local(given: str, on_skip: Callable[[str, str], None]) -> Iterator[str | InputError]:
    """A folder's ``.txt``/``.jsonl`` files (not its subfolders), sorted; anything else in it is
    reported through ``on_skip`` (sidecars are read with their document and not reported)."""
    path = Path(given)
    if path.is_dir():
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            yield InputError(printable(given), f"cannot list folder: {exc.strerror or exc}")
            return
        names = {e.name for e in entries}
        for entry in entries:
            child = Path(entry.path)
            if not is_input_name(entry.name):
                if entry.name.lower().endswith(".meta.json") and any(
                        n.lower() == entry.name[: -len(".meta.json")].lower() + ".txt" for n in names):
                    continue  # the sidecar of a document in this folder
                if _is_dir(child):
                    on_skip(str(child), "a subfolder (folders are not read recursively; name it to read it)")
                else:
                    on_skip(str(child), "not a .txt or .jsonl file")
                continue
            if not _is_regular(child):
                yield InputError(printable(str(child)), "not a regular file (broken link, link loop or folder)")
                continue
            yield str(child)
    elif not path.exists():
        yield InputError(printable(given), "no such file or folder")
    else:
        yield given


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _list_url(given: str) -> Iterator[str | InputError]:
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(given)
        if fs.isdir(root):
            names = sorted(fs.ls(root, detail=False))
            for name in names:
                if is_input_name(name):
                    yield fs.unstrip_protocol(name)
        elif fs.exists(root):
            yield given
        else:
            yield InputError(given, "no such file or folder")
    except Exception as exc:  # noqa: BLE001 - any storage failure is this input's error
        yield InputError(given, f"cannot list: {exc}")


def read_path(path: str) -> Iterator[InputDocument | InputError]:
    """The documents of one input file (local path, fsspec URL, or ``-``)."""
    if path == "-":
        yield from read_stdin()
    elif "://" in path:
        yield from _read_url(path)
    else:
        yield from _read_file(Path(path), printable(path))


def _read_url(url: str) -> Iterator[InputDocument | InputError]:
    import fsspec

    stem = url.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        with fsspec.open(url, "rb") as fh:
            data = fh.read()
    except Exception as exc:  # noqa: BLE001
        yield InputError(url, f"cannot read: {exc}", doc_id=None if url.lower().endswith(".jsonl") else stem)
        return
    if url.lower().endswith(".jsonl"):
        yield from read_jsonl_lines(data.splitlines(keepends=True), url, stem)
    else:
        yield from _text_document(data, stem, url, None)


def _iter_raw(paths: Iterable[str]) -> Iterator[InputDocument | InputError]:
    for item in list_inputs(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item)


def _is_regular(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _read_file(path: Path, source: str) -> Iterator[InputDocument | InputError]:
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl_file(path, source)
    else:
        yield from read_text_file(path, source)
