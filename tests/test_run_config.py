"""One run configuration, one set of resources per process, user files checked at start-up."""
import json
import re
import time

import pytest

from extract.config import RunConfig, check_user_dictionary
from extract.pipeline import analyse, process_document
from extract.reader import InputDocument
from extract.resources import Resources, resources_for

from .cli_helpers import read_records, run_cli


# ---------------------------------------------------------------------------------------------
# Malformed --user-dict and --orgs files: exit 2 at start-up naming the file, line and problem

BAD_USER_DICTS = [
    ("深度求索\t10\tnz\n", 1, "single spaces"),                         # tabs instead of spaces
    ("星河芯片 n\n云图科技 十 nt\n", 2, "word [frequency] [tag]"),        # a frequency in Chinese numerals
    ("星河芯片 100 nz extra\n", 1, "word [frequency] [tag]"),            # four fields
    ("好词 10 NZ\n", 1, "tag lower-case"),                              # an upper-case tag
]


@pytest.mark.parametrize("content,line,problem", BAD_USER_DICTS)
def test_bad_user_dictionary_line_is_refused_with_file_and_line(tmp_path, content, line, problem):
    path = tmp_path / "words.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(problem)) as err:
        check_user_dictionary(path)
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_good_user_dictionaries_pass(tmp_path, root):
    path = tmp_path / "words.txt"
    path.write_text("\ufeff星河芯片\n云图科技 300\n蓝海资本 200 nt\n深度求索 nz\n\n", encoding="utf-8")
    check_user_dictionary(path)
    check_user_dictionary(root / "extract" / "data" / "userdict.txt")   # the package's own


def test_user_dictionary_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("星河芯片 10 nz\n".encode("utf-8") + "雲圖科技 10 nz\n".encode("big5"))
    with pytest.raises(ValueError, match=r"big5\.txt:2: user dictionary is not UTF-8"):
        check_user_dictionary(path)


@pytest.mark.parametrize("option,content,message", [
    ("--user-dict", "深度求索\t10\tnz\n", "words:1: expected 'word [frequency] [tag]'"),
    ("--orgs", "星河科技\tcompany\n某某\tnot-a-type\n", "words:2: org_type must be one of"),
    ("--orgs", "\tcompany\n", "words:1: expected 'canonical<TAB>org_type"),
])
def test_cli_refuses_a_malformed_user_file_before_reading_any_document(tmp_path, option, content, message):
    path = tmp_path / "words"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    code, _, err = run_cli("run", "raw/", option, path, "-o", out)
    assert code == 2, err
    assert message in err and "Traceback" not in err, err
    assert err.count("\n") == 1, err                         # one line, not one per document
    assert out.read_text(encoding="utf-8") == "previous\n"   # the previous output untouched


def test_user_files_are_used_by_the_run(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("星河芯片 1000 nz\n", encoding="utf-8")
    lexicon = tmp_path / "orgs.tsv"
    lexicon.write_text("星際貓咪工作坊\tcompany\t貓坊\n", encoding="utf-8")
    docs = tmp_path / "in.jsonl"
    docs.write_text(json.dumps({"id": "a", "text": "据悉,猫坊与星河芯片是同一家。"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for jobs in ("1", "2"):
        code, _, err = run_cli("run", docs, "--user-dict", words, "--orgs", lexicon, "--jobs", jobs, "-o", out)
        assert code == 0, err
        orgs = {r["text"]: r["canonical"] for r in read_records(out) if r["type"] == "organisation"}
        assert orgs.get("猫坊") == "星际猫咪工作坊", (jobs, orgs)


# ---------------------------------------------------------------------------------------------
# Resources: built once per process and configuration, never per document

def test_resources_are_built_once_per_configuration(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("星河芯片 1000 nz\n", encoding="utf-8")
    config = RunConfig(user_dicts=(str(words),))
    res = resources_for(config)
    assert resources_for(RunConfig(published="2019", user_dicts=(str(words),))) is res
    assert resources_for() is resources_for(RunConfig()) and resources_for() is not res
    tok = res.tokenizer
    assert "星河芯片" in tok.FREQ and "星河芯片" not in resources_for().tokenizer.FREQ
    texts = [f"第{n}篇:星河芯片于2020年获得蓝海资本投资。" for n in range(300)]
    t0 = time.perf_counter()
    for n, text in enumerate(texts):
        records = process_document(InputDocument(f"d{n}", text, "t"), config, res)
        assert records[0].type == "document"
    assert res.tokenizer is tok                       # the same tokenizer for every document
    assert time.perf_counter() - t0 < 30              # (101 s when jieba was rebuilt per document)


def test_a_bad_file_fails_once_when_the_resources_are_made(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("深度求索\t10\tnz\n", encoding="utf-8")
    with pytest.raises(ValueError, match="words.txt:1:"):
        resources_for(RunConfig(user_dicts=(str(words),)))


def test_hand_made_resources_reach_every_stage(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("星河芯片 1000 nz\n", encoding="utf-8")
    res = Resources(user_dicts=(str(words),))
    analysed, _ = analyse("星河芯片发布新产品。", resources=res)
    assert analysed.resources is res
    assert [t.text for t in analysed.tokens][0] == "星河芯片"


def test_run_config_checks_its_values():
    assert RunConfig(published="2019-5".replace("5", "05"), currency="twd").currency == "TWD"
    with pytest.raises(ValueError, match="published"):
        RunConfig(published="May 2019")
    with pytest.raises(ValueError, match="ISO 4217"):
        RunConfig(currency="dollars")
    with pytest.raises(ValueError, match="max_chars"):
        RunConfig(max_chars=0)
    import pickle

    config = RunConfig("2019", "TWD", ("a.txt",), ("b.tsv",), 10)
    assert pickle.loads(pickle.dumps(config)) == config   # it travels to workers
