"""Command line: ``extract run``, ``extract schema``, ``extract eval``.

Exit status: 0 every document processed, 1 some documents gave error records, 2 usage errors.
Problems are reported as one line each on standard error, never as a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

EXIT_OK, EXIT_DOC_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def package_version() -> str:
    """The installed distribution's version (pyproject.toml), or "unknown" when not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zh-extract")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="extract", description="Extract dates, money, organisations and events "
                     "from traditional or simplified Chinese text as JSON Lines records.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run the pipeline over files, folders or standard input")
    run.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .jsonl, a folder, or - for standard input")
    run.add_argument("-o", "--output", default="output/records.jsonl", help="output file, or - for standard output "
                     "(default: output/records.jsonl)")
    run.add_argument("--format", choices=("jsonl",), default="jsonl",
                     help="output format (JSON Lines, one record a line)")
    run.add_argument("--split", action="store_true",
                     help="also write one file per record type beside the output: NAME.date.jsonl, ...")
    run.add_argument("--published", help="reference date YYYY[-MM[-DD]] for 去年/今年 when a document has none")
    run.add_argument("--currency", help="what a bare 元 means when a document does not say (ISO code, default CNY)")
    run.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    run.add_argument("--max-chars", type=int, default=None, metavar="N",
                     help="documents longer than N characters become error records (default 2,000,000)")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes (default) or a Dask cluster (pip install '.[dask]')")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 "
                          "(default: a local cluster)")
    run.add_argument("--resume", action="store_true",
                     help="continue an interrupted run over the same inputs from OUTPUT.part")
    run.add_argument("--user-dict", action="append", default=[], metavar="FILE",
                     help="extra jieba user dictionary (word [freq] [tag] per line); repeatable")
    run.add_argument("--orgs", action="append", default=[], metavar="FILE",
                     help="extra organisation lexicon, same format as extract/data/organisations.tsv; repeatable")
    run.add_argument("--org-model", metavar="FILE|none",
                     help="organisation tagger model written by extract train-orgs (default: the shipped "
                          "one), or none for the rules alone")

    train = sub.add_parser("train-orgs", help="train the organisation tagger on annotated sentences")
    train.add_argument("data", nargs="+", metavar="DATA",
                       help='JSON Lines of {"text": ..., "orgs": [{"start": S, "end": E}, ...]}; repeatable')
    train.add_argument("-o", "--output", required=True, metavar="MODEL",
                       help="model file to write (use it with extract run --org-model MODEL)")
    train.add_argument("--iterations", type=int, default=None, metavar="N",
                       help="L-BFGS iterations (default: the shipped model's setting)")

    schema = sub.add_parser("schema", help="write the JSON Schema of the records")
    schema.add_argument("--out", default="schemas", help="folder to write into (default: schemas)")

    render = sub.add_parser("render", help="write a self-contained HTML review page of a records file")
    render.add_argument("records", help="records JSONL written by extract run")
    render.add_argument("-o", "--output", default="output/review.html", help="HTML file (default output/review.html)")
    render.add_argument("--doc", help="render only this document id")
    render.add_argument("--source", metavar="DIR",
                        help="folder holding the input documents, when the records were written elsewhere "
                             "(default: where the records say, relative to here or the records file)")

    table = sub.add_parser("table", help="one row per event, as CSV (or Parquet with pyarrow)")
    table.add_argument("records", help="records JSONL written by extract run")
    table.add_argument("-o", "--output", default="output/events.csv",
                       help="table file, or - for standard output (default: output/events.csv)")
    table.add_argument("--format", choices=("csv", "parquet"),
                       help="csv (default) or parquet (needs pyarrow: pip install 'zh-extract[parquet]'); "
                            "default: from the output's suffix")
    table.add_argument("--source", metavar="DIR",
                       help="folder holding the input documents, for the evidence sentences "
                            "(default: where the records say, relative to here or the records file)")

    stats = sub.add_parser("stats", help="counts by type and document, top organisations, events by year")
    stats.add_argument("records", help="records JSONL written by extract run")
    stats.add_argument("--json", action="store_true", help="print the summary as JSON")

    ev = sub.add_parser("eval", help="score predicted records against gold annotations")
    ev.add_argument("gold", help="gold JSONL (or a manifest .json listing gold documents)")
    ev.add_argument("pred", help="predicted records JSONL")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--doc", help="score only this document id")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "schema":
            return cmd_schema(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command == "render":
            from .render import render

            if args.source and not Path(args.source).is_dir():
                raise ValueError(f"--source {args.source!r} is not a folder")
            missing: list[str] = []
            n = render(args.records, args.output, doc_id=args.doc, source_dir=args.source, missing=missing)
            print(f"extract: {n} documents → {args.output}", file=sys.stderr)
            if missing:
                print(f"extract: the text of {len(missing)} of {n} documents was not found "
                      f"({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}); they show only the "
                      "recorded spans; give the folder of the inputs with --source DIR", file=sys.stderr)
            return EXIT_OK
        if args.command == "table":
            return cmd_table(args)
        if args.command == "train-orgs":
            return cmd_train_orgs(args)
        if args.command == "stats":
            from .stats import format_stats, stats

            summary = stats(args.records)
            print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else format_stats(summary), end="")
            return EXIT_OK
    except KeyboardInterrupt:
        print("extract: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except (OSError, ValueError) as exc:
        print(f"extract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


# ---------------------------------------------------------------------------------------------
# train-orgs

def cmd_train_orgs(args: argparse.Namespace) -> int:
    from . import orgtagger

    if args.iterations is not None and args.iterations < 1:
        raise ValueError("--iterations must be at least 1")
    records = []
    for path in args.data:
        records += orgtagger.read_training_file(path)   # FILE:LINE: problem, before any training
    out = Path(args.output)
    if out.is_dir():
        raise ValueError(f"--output {args.output!r} is a folder; give the model file to write")
    params = {"max_iterations": args.iterations} if args.iterations else None
    started = time.perf_counter()
    print(f"extract: training on {len(records)} sentences …", file=sys.stderr)
    tmp = out.with_name(out.name + ".part")
    try:
        summary = orgtagger.train(records, tmp, params)
        orgtagger.OrgTagger(tmp)          # the file written is a model this version can load
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"extract: {summary['sentences']} sentences, {summary['characters']:,} characters → {out} "
          f"({summary['bytes'] / 1e6:.1f} MB, {time.perf_counter() - started:.0f}s); "
          f"use it with: extract run --org-model {out} PATH", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# run

def cmd_run(args: argparse.Namespace) -> int:
    from .analysis import PartialDate
    from .config import RunConfig
    from .currencies import normalise_currency
    from .progress import UnresolvedHint
    from .reader import DEFAULT_MAX_CHARS, iter_inputs
    from .resources import resources_for
    from .writer import RecordWriter

    if args.published:
        args.published = PartialDate.parse(args.published).isoformat()
    currency = normalise_currency(args.currency, "--currency") if args.currency else None
    if args.jobs < 1:
        raise ValueError("--jobs must be at least 1")
    if args.max_chars is not None and args.max_chars < 1:
        raise ValueError("--max-chars must be at least 1")
    args.max_chars = args.max_chars or DEFAULT_MAX_CHARS
    if args.engine == "dask" and args.resume:
        raise ValueError("--resume works with the local engine only")
    if args.split and args.output == "-":
        raise ValueError("--split needs an output file, not standard output")
    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler goes with --engine dask")
    _refuse_destructive_run(args)
    config = RunConfig(args.published, currency, tuple(args.user_dict), tuple(args.orgs), args.max_chars,
                       args.org_model)
    resources = resources_for(config)   # checks the user files first: FILE:LINE: problem, exit 2

    started = time.perf_counter()
    counts: Counter[str] = Counter()
    documents = errors = 0
    progress = None
    hint = UnresolvedHint()
    _terminate_on_signals()
    try:
        with RecordWriter(args.output, resume=args.resume) as writer:
            items = iter_inputs(args.paths, args.max_chars)
            if writer.already_done:
                items = _skip_done(items, writer.done_keys, writer.done_shas)
                print(f"extract: resuming after {writer.already_done} documents already in "
                      f"{args.output}.part", file=sys.stderr)
            progress = _progress_bar(args.paths, writer.already_done)
            for lines in _process_stream(items, args, config, resources):
                for line in lines:
                    if line.type == "error":
                        errors += 1
                        progress.write(f"extract: {line.problem}")
                    elif line.type == "document":
                        documents += 1
                    else:
                        counts[line.type] += 1
                writer.write_group(lines)
                hint.add(lines)
                progress.update()
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
        print(f"extract: interrupted after {documents + errors} documents; {args.output} is unchanged; "
              f"rerun with --resume to continue", file=sys.stderr)
        return 130
    progress.close()
    if args.split:
        from .writer import split_by_type

        split_by_type(args.output)
    seconds = time.perf_counter() - started
    by_type = ", ".join(f"{t} {counts.get(t, 0)}" for t in ("date", "money", "organisation", "event"))
    resumed = f" (after {writer.already_done} resumed)" if writer.already_done else ""
    print(f"extract: {documents + errors} documents read{resumed} = {documents} processed + {errors} errors; "
          f"records: {by_type}; {seconds:.2f} s → {args.output}", file=sys.stderr)
    if not args.published and hint.message():
        print(f"extract: {hint.message()}", file=sys.stderr)
    return EXIT_DOC_ERRORS if errors else EXIT_OK


def _terminate_on_signals() -> None:
    """SIGTERM behaves like Ctrl-C, so the writer keeps the previous output and the .part."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _skip_done(items: Iterator, done_keys: list[str], done_shas: list | None = None) -> Iterator:
    """Skip the input items already in the .part, checking they are the same documents (same
    id and, for a processed document, the same text by its sha256)."""
    import hashlib

    from .reader import InputError

    for n, expected in enumerate(done_keys):
        item = next(items, None)
        if item is None:
            raise ValueError("--resume: the inputs have fewer documents than the .part already holds")
        key = (item.doc_id or item.source) if isinstance(item, InputError) else item.doc_id
        if key != expected:
            raise ValueError(f"--resume: the inputs differ from the interrupted run "
                             f"(expected document {expected!r}, found {key!r}); run without --resume")
        sha = done_shas[n] if done_shas else None
        if sha and not isinstance(item, InputError) and \
                hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest() != sha:
            raise ValueError(f"--resume: the text of document {key!r} changed since the interrupted run; "
                             f"run without --resume")
    yield from items


def _refuse_destructive_run(args: argparse.Namespace) -> None:
    """Usage errors before any work: an output that would destroy an input or something that is
    not a plain file, a mistyped input, a closed standard input, a second run on one output."""
    from .writer import check_output, lock_output

    if "-" in args.paths and sys.stdin is None:
        raise ValueError("standard input is closed, but '-' asks to read it")
    if args.output == "-" and sys.stdout is None:
        raise ValueError("standard output is closed, but -o - asks to write to it")
    check_output(args.output, args.paths, [*args.user_dict, *args.orgs], args.split)
    lock_output(args.output)


def _process_stream(items: Iterable, args: argparse.Namespace, config, resources) -> Iterator[list]:
    from .pipeline import error_record, process_document
    from .reader import InputError
    from .writer import to_lines

    def local(item):
        if isinstance(item, InputError):
            return to_lines([error_record(item)])
        return to_lines(process_document(item, config, resources))

    if args.engine == "dask":
        from . import dask_engine

        yield from dask_engine.process_on_cluster(args.paths, args.scheduler, config)
        return
    if args.jobs == 1:
        for item in items:
            yield local(item)
        return
    from . import parallel

    yield from parallel.process_parallel(items, args.jobs, config, resources)


def _progress_bar(paths: list[str], already_done: int):
    """The run's progress bar on standard error (silent unless it is a terminal)."""
    from .progress import RunProgress, count_documents

    if not sys.stderr.isatty():
        return RunProgress(enabled=False)
    return RunProgress(total=count_documents(paths), initial=already_done)


# ---------------------------------------------------------------------------------------------
# table

def cmd_table(args: argparse.Namespace) -> int:
    from .table import choose_format, write_table

    if args.source and not Path(args.source).is_dir():
        raise ValueError(f"--source {args.source!r} is not a folder")
    fmt = choose_format(args.output, args.format)
    rows, sparse = write_table(args.records, args.output, fmt, args.source)
    print(f"extract: {rows} events → {args.output} ({fmt})", file=sys.stderr)
    if sparse:
        print(f"extract: {sparse} of {rows} events have only the recorded spans as evidence "
              "(evidence_complete false): the source text was not found or has changed; "
              "give its folder with --source DIR", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# schema

def cmd_schema(args: argparse.Namespace) -> int:
    from .schemas.records import json_schemas

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        (out / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                encoding="utf-8")
    print(f"extract: wrote {len(json_schemas())} schema files to {out}", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# eval

def cmd_eval(args: argparse.Namespace) -> int:
    from . import scoring

    report = scoring.evaluate_files(args.gold, args.pred, doc_id=args.doc)
    for warning in report.warnings():
        print(f"extract: warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.format_table())
    return EXIT_OK
