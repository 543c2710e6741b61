"""The benchmark's inputs (extract.bench) and the --jobs transport (extract.parallel)."""
import json
import pickle
import sys

from extract import bench, parallel
from extract.reader import InputDocument, InputError
from extract.writer import Line


def test_news_documents_are_news_sized_and_reach_the_size_asked():
    docs = bench.news_documents(50_000)
    total = sum(map(len, docs))
    assert 50_000 <= total < 50_000 + 3_100          # stops at the first document past the size
    assert all(280 <= len(d) <= 3_600 for d in docs)  # news-sized, cut at line breaks
    assert bench.news_documents(50_000) == docs       # deterministic


def test_bench_news_is_skipped_cleanly_without_the_bench_folder(tmp_path):
    assert bench.bench_news_sentences(tmp_path) is None


def test_bench_news_repeats_the_sentences_under_new_ids(tmp_path):
    rows = [{"id": "a", "text": "甲公司成立。"}, {"id": "b", "text": "乙公司融资。"}]
    (tmp_path / "events_all.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                                encoding="utf-8")
    got = bench.bench_news_sentences(tmp_path, repeat=3)
    assert len(got) == 6
    assert len({doc_id for doc_id, _ in got}) == 6
    assert [text for _, text in got[:2]] == ["甲公司成立。", "乙公司融资。"]


def test_timed_measures_a_fresh_process():
    seconds, rss_mb = bench._timed([sys.executable, "-c", "x = bytearray(50_000_000)"])
    assert seconds > 0
    assert rss_mb >= 45


def test_packed_items_come_back_as_the_same_inputs():
    doc = InputDocument("d1", "文本", "in.jsonl", "2019", "HKD", 3)
    err = InputError("in.jsonl", "line is not JSON", 4, "d2")
    for item in (doc, err):
        packed = pickle.loads(pickle.dumps(parallel._pack(item)))
        rebuilt = (InputDocument if packed[0] else InputError)(*packed[1:])
        assert rebuilt == item


def test_worker_result_lines_pickle_to_equal_lines():
    lines = [Line("document", '{"type":"document"}\n'), Line("error", "{}\n", "in.txt: bad")]
    assert pickle.loads(pickle.dumps(lines)) == lines
    assert lines[1].problem == "in.txt: bad" and lines[0].problem is None
