"""Benchmark: ``python -m extract.bench [--quick] [--json]`` (run from the repository root).

Measures, on the same text in the same process: pipeline throughput (characters and documents
per second) against plain ``jieba.lcut`` as the reference, time per stage, cost against input
size (linearity), ``--jobs 2`` speed-up with byte-identical output, cold start of ``extract run``
on one short document, and peak memory (RSS). Inputs are built from the bundled texts: the
sample repeated to about 500,000 characters as one document, and a corpus of many news-sized
documents (300–3,000 characters) cut from the sample and the gold articles. Each timing is the
fastest of three runs, alternated with the runs it is compared with.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3  # --repeats N changes it
SOURCES = [ROOT / "raw" / "000_9172d1ec0378535b.txt", ROOT / "tests" / "gold" / "docs" / "tw_hk_news.txt",
           ROOT / "tests" / "gold" / "docs" / "cn_funding_news.txt"]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in SOURCES if p.exists()]
    if not texts:
        raise SystemExit("extract.bench: run it from the repository root (raw/ and tests/gold/docs/ needed)")
    return texts


def long_text(chars: int) -> str:
    base = "\n".join(_texts())
    return (base + "\n") * (chars // (len(base) + 1) + 1)


def news_corpus(documents: int) -> list[str]:
    """News-sized documents (300–3,000 characters) cut at line breaks, deterministically."""
    lines = [line for t in _texts() for line in t.splitlines() if line.strip()]
    out, i, size = [], 0, 300
    while len(out) < documents:
        doc: list[str] = []
        while sum(map(len, doc)) < size:
            doc.append(lines[i % len(lines)])
            i += 1
        out.append("\n".join(doc))
        size = 300 + (size * 7 + 911) % 2700  # sweep lengths over 300..3000
    return out


def _pipeline_seconds(texts: list[str]) -> float:
    from .pipeline import process_document
    from .reader import InputDocument
    from .writer import to_json_line

    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for n, text in enumerate(texts):
            for record in process_document(InputDocument(f"b{n}", text, "bench", "2019")):
                sink.write(to_json_line(record))
    return time.perf_counter() - started


def _jieba_seconds(texts: list[str]) -> float:
    import jieba

    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def _run_cli(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extract", "run", *args], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (about a tenth)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--stream-mb", type=float, nargs="+", metavar="MB",
                        help="only measure peak memory of `extract run --jobs 1` over JSONL inputs of these "
                             "sizes (news-sized documents), to show that memory does not grow with input")
    args = parser.parse_args(argv)
    if args.stream_mb:
        return _stream_memory(args.stream_mb, args.json)
    from .pipeline import STAGE_SECONDS
    from .segment import tokenizer

    big = 50_000 if args.quick else 500_000
    corpus_docs = 60 if args.quick else 400
    report: dict = {}

    tokenizer()  # load jieba once, outside every timing
    _pipeline_seconds([long_text(2000)])  # warm caches and lazy loads

    # 1. One long document: pipeline vs plain jieba on the same text.
    # Each timing is the best of REPEATS runs (as timeit does): the figure of the code, not of
    # whatever else the machine did meanwhile; on this shared 2-core machine one run of either
    # side varies by ±8 %.
    # The runs of jieba and of a tenth of the text (for the linearity figure, 2.) alternate
    # with the pipeline's, so that a slow spell of the machine weighs on all of them alike.
    text = long_text(big)[:big]
    small = text[: len(text) // 10]
    runs, small_runs, jieba_runs = [], [], []
    for _ in range(REPEATS):
        STAGE_SECONDS.clear()
        runs.append((_pipeline_seconds([text]), dict(STAGE_SECONDS)))
        jieba_runs.append(_jieba_seconds([text]))
        small_runs.append(_pipeline_seconds([small]))
    pipeline_s, stages = min(runs, key=lambda run: run[0])
    jieba_s = min(jieba_runs)
    report["long_document"] = {
        "chars": len(text), "pipeline_seconds": round(pipeline_s, 3),
        "pipeline_chars_per_s": round(len(text) / pipeline_s), "jieba_lcut_chars_per_s": round(len(text) / jieba_s),
        "ratio_to_jieba": round(jieba_s / pipeline_s, 3),
        "stage_seconds": {k: round(v, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])},
        "other_seconds (records, ids, JSON)": round(pipeline_s - sum(stages.values()), 3),
    }

    # 2. Linearity: a tenth of the text against the whole.
    small_s = min(small_runs)
    report["linearity"] = {"chars_small": len(small), "chars_large": len(text),
                           "time_ratio_for_10x_text": round(pipeline_s / small_s, 2)}

    # 3. Many news-sized documents, one process and two worker processes.
    corpus = news_corpus(corpus_docs)
    corpus_chars = sum(map(len, corpus))
    corpus_runs = [(_pipeline_seconds(corpus), _jieba_seconds(corpus)) for _ in range(REPEATS)]
    corpus_s = min(run[0] for run in corpus_runs)
    corpus_jieba_s = min(run[1] for run in corpus_runs)
    report["news_corpus"] = {"documents": len(corpus), "chars": corpus_chars,
                             "docs_per_s": round(len(corpus) / corpus_s, 1),
                             "chars_per_s": round(corpus_chars / corpus_s),
                             "jieba_lcut_chars_per_s": round(corpus_chars / corpus_jieba_s),
                             "ratio_to_jieba": round(corpus_jieba_s / corpus_s, 3)}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for n, doc in enumerate(corpus):
                fh.write(json.dumps({"id": f"n{n}", "text": doc, "published": "2019"}, ensure_ascii=False) + "\n")
        # alternated and the fastest of each, as above
        pairs = [(_run_cli([str(src), "-o", f"{tmp}/j1.jsonl", "--jobs", "1"]),
                  _run_cli([str(src), "-o", f"{tmp}/j2.jsonl", "--jobs", "2"])) for _ in range(REPEATS)]
        one, two = min(p[0] for p in pairs), min(p[1] for p in pairs)
        identical = Path(f"{tmp}/j1.jsonl").read_bytes() == Path(f"{tmp}/j2.jsonl").read_bytes()
        # 4. Cold start of the command on one short document (jieba's cache already built).
        short = Path(tmp) / "short.txt"
        short.write_text(corpus[0][:400], encoding="utf-8")
        _run_cli([str(short), "-o", f"{tmp}/s.jsonl"])
        cold = min(_run_cli([str(short), "-o", f"{tmp}/s.jsonl"]) for _ in range(3))
        report["cold_start_seconds"] = round(cold, 2)
        # The command's speed-up includes its fixed start-up; the processing speed-up leaves out
        # one cold start from each run (throughput over the corpus itself).
        report["jobs"] = {"jobs1_seconds": round(one, 2), "jobs2_seconds": round(two, 2),
                          "speedup_command": round(one / two, 2),
                          "speedup_processing": round((one - cold) / (two - cold), 2),
                          "byte_identical": identical, "cpus": os.cpu_count()}

    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["peak_rss_mb_children"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)

    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report)
    return 0


def _stream_memory(sizes_mb: list[float], as_json: bool) -> int:
    """Peak RSS of a fresh `extract run` process per input size (one process per size)."""
    corpus = news_corpus(200)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes_mb:
            src = Path(tmp) / f"in_{mb}.jsonl"
            written, n = 0, 0
            with open(src, "w", encoding="utf-8") as fh:
                while written < mb * 1_000_000:
                    line = json.dumps({"id": f"s{n}", "text": corpus[n % len(corpus)], "published": "2019"},
                                      ensure_ascii=False) + "\n"
                    fh.write(line)
                    written += len(line.encode("utf-8"))
                    n += 1
            code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                    f"subprocess.run([sys.executable, '-m', 'extract', 'run', {str(src)!r}, '-o', {tmp + '/o.jsonl'!r}], "
                    "stderr=subprocess.DEVNULL); "
                    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.split()
            rows.append({"input_mb": round(written / 1e6, 1), "documents": n, "seconds": round(float(out[0]), 1),
                         "peak_rss_mb": round(int(out[1]) / 1024, 1)})
    if as_json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['input_mb']:>8} MB, {r['documents']:>6} documents: peak RSS {r['peak_rss_mb']} MB "
                  f"({r['seconds']} s)")
    return 0


def _print(report: dict) -> None:
    ld = report["long_document"]
    print(f"long document: {ld['chars']:,} chars in {ld['pipeline_seconds']} s = {ld['pipeline_chars_per_s']:,} chars/s; "
          f"jieba.lcut {ld['jieba_lcut_chars_per_s']:,} chars/s; ratio {ld['ratio_to_jieba']}")
    print("  stages (s): " + ", ".join(f"{k} {v}" for k, v in ld["stage_seconds"].items())
          + f", other {ld['other_seconds (records, ids, JSON)']}")
    lin = report["linearity"]
    print(f"linearity: 10x the text took {lin['time_ratio_for_10x_text']}x the time")
    nc = report["news_corpus"]
    print(f"news corpus: {nc['documents']} docs, {nc['chars']:,} chars: {nc['docs_per_s']} docs/s, "
          f"{nc['chars_per_s']:,} chars/s (jieba.lcut {nc['jieba_lcut_chars_per_s']:,} chars/s); ratio {nc['ratio_to_jieba']}")
    jb = report["jobs"]
    print(f"--jobs 2: {jb['speedup_processing']}x processing, {jb['speedup_command']}x whole command "
          f"({jb['jobs1_seconds']} s → {jb['jobs2_seconds']} s incl. start-up), byte-identical: {jb['byte_identical']}, "
          f"cpus {jb['cpus']}")
    print(f"cold start of `extract run` on one short document: {report['cold_start_seconds']} s")
    print(f"peak RSS: {report['peak_rss_mb']} MB (this process), {report['peak_rss_mb_children']} MB (largest child)")


if __name__ == "__main__":
    raise SystemExit(main())
