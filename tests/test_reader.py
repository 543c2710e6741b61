"""Input that goes wrong: every problem is an error record naming source and line."""
import io
import json

import pytest

from extract.reader import DecodeError, InputDocument, InputError, decode_bytes, iter_inputs, read_stdin

TRAD = "商湯科技於2014年10月在香港成立，IDG資本投資數千萬美元。軟銀願景基金隨後領投。"
SIMP = "商汤科技于2014年10月在香港成立，IDG资本投资数千万美元。软银愿景基金随后领投。"


@pytest.mark.parametrize("text,encoding", [
    (TRAD, "big5"), (TRAD, "gb18030"), (SIMP, "gb18030"), (SIMP, "gbk"),
])
def test_legacy_chinese_encodings_decode_correctly(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + TRAD.encode("utf-8"),
    TRAD.encode("utf-16"),
    "\ufeff".encode("utf-16-be") + TRAD.encode("utf-16-be"),
    TRAD.encode("utf-8"),
])
def test_utf8_and_utf16_with_bom(data):
    assert decode_bytes(data) == TRAD


@pytest.mark.parametrize("data,message", [
    (TRAD.encode("utf-8")[:20] + b"\xff\xfe\xfd" + TRAD.encode("utf-8")[20:] * 3, "not valid UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (b"abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", "binary"),
])
def test_undecodable_input_is_rejected_not_mangled(data, message):
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data)


def test_a_stray_control_character_does_not_make_text_binary():
    assert decode_bytes((TRAD + "\x00" + TRAD).encode("utf-8")) == TRAD + "\x00" + TRAD


def _collect(paths):
    return list(iter_inputs([str(p) for p in paths]))


def test_folder_reads_txt_and_jsonl_in_sorted_order_with_sidecar(tmp_path):
    (tmp_path / "b.txt").write_text(SIMP, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TRAD, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": "2019-05"}', encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": SIMP}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = _collect([tmp_path])
    assert [i.doc_id for i in items] == ["a", "b", "c1"]
    assert items[0].published == "2019-05" and items[1].published is None


def test_jsonl_problems_each_become_an_error_and_the_rest_is_read(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": SIMP}, ensure_ascii=False),
        "{not json",
        "[1, 2]",
        json.dumps({"id": "no_text"}),
        json.dumps({"id": "num_text", "text": 5}),
        json.dumps({"id": "bad_pub", "text": SIMP, "published": "2019-13"}, ensure_ascii=False),
        json.dumps({"id": "ok1", "text": SIMP}, ensure_ascii=False),
        "",
        json.dumps({"id": "empty", "text": "  \n "}),
        json.dumps({"id": "ok2", "text": TRAD, "published": "2020"}, ensure_ascii=False),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _collect([path])
    docs = [i for i in items if isinstance(i, InputDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.doc_id for d in docs] == ["ok1", "ok2"]
    assert [(e.line, e.doc_id) for e in errors] == [
        (2, None), (3, None), (4, "no_text"), (5, "num_text"), (6, "bad_pub"), (7, "ok1"), (9, "empty")]
    assert "malformed JSON" in errors[0].error
    assert "not an object" in errors[1].error
    assert "missing" in errors[2].error
    assert "not a string" in errors[3].error
    assert "impossible month" in errors[4].error
    assert "duplicate document id" in errors[5].error
    assert all(e.source == str(path) for e in errors)


def test_empty_unreadable_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "good.txt").write_text(TRAD, encoding="utf-8")
    items = _collect([tmp_path, tmp_path / "missing.txt"])
    summary = [(type(i).__name__, getattr(i, "doc_id", None)) for i in items]
    assert summary == [("InputError", "blank"), ("InputError", "empty"), ("InputDocument", "good"),
                       ("InputError", None), ("InputError", None)]
    assert "empty document" in items[0].error
    assert "link" in items[3].error
    assert "no such file" in items[4].error


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "same.txt").write_text(TRAD, encoding="utf-8")
    (tmp_path / "same.txt").write_text(SIMP, encoding="utf-8")
    items = _collect([tmp_path / "x" / "same.txt", tmp_path / "same.txt"])
    assert isinstance(items[0], InputDocument)
    assert isinstance(items[1], InputError) and "duplicate" in items[1].error


def test_stdin_text_and_jsonl():
    (doc,) = read_stdin(io.BytesIO(TRAD.encode("utf-8")))
    assert doc.doc_id == "stdin" and doc.text == TRAD
    items = list(read_stdin(io.BytesIO(b'{"id": "s1", "text": "\xe4\xbb\x8a\xe5\xb9\xb4"}\n{bad\n')))
    assert isinstance(items[0], InputDocument) and items[0].text == "今年"
    assert isinstance(items[1], InputError) and items[1].line == 2


def test_bad_sidecar_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(TRAD, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": 2019}', encoding="utf-8")
    (item,) = _collect([tmp_path / "a.txt"])
    assert isinstance(item, InputError) and "published" in item.error
