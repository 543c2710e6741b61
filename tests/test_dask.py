"""The Dask engine gives the same records as a local run (a real LocalCluster, 2 processes)."""
import json
import shutil

import pytest

from .cli_helpers import read_records, run_cli
from .conftest import ROOT

distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install '.[dask]'")


def test_dask_cluster_run_equals_local_run(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "raw" / "000_9172d1ec0378535b.txt", docs / "sample.txt")
    shutil.copy(ROOT / "tests" / "gold" / "docs" / "tw_hk_news.txt", docs / "tw.txt")
    text = (ROOT / "tests" / "gold" / "docs" / "cn_funding_news.txt").read_text(encoding="utf-8")
    lines = [json.dumps({"id": "cn", "text": text, "published": "2023-08-18"}, ensure_ascii=False),
             "{not json", json.dumps({"id": "cn", "text": "重复"}, ensure_ascii=False)]
    (docs / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "empty.txt").write_text("", encoding="utf-8")

    local_out = tmp_path / "local.jsonl"
    code, _, err = run_cli("run", docs, "-o", local_out, "--published", "2019")
    assert code == 1, err  # the malformed line, the duplicate id and the empty file

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask_out = tmp_path / "dask.jsonl"
        code, _, err = run_cli("run", docs, "-o", dask_out, "--published", "2019",
                               "--engine", "dask", "--scheduler", cluster.scheduler_address)
        assert code == 1, err
        assert len(cluster.workers) == 2
    assert read_records(dask_out) == read_records(local_out)
    assert dask_out.read_bytes() == local_out.read_bytes()
