"""The JSON Schema files in schemas/ are what the Pydantic models generate (no drift)."""
import json

import pytest
from pydantic import ValidationError

from extract.schemas.records import RECORD_ADAPTER, json_schemas

from .conftest import ROOT


@pytest.mark.parametrize("name,schema", sorted(json_schemas().items()))
def test_checked_in_schema_matches_models(name, schema):
    path = ROOT / "schemas" / name
    assert path.exists(), f"{name} missing: run `extract schema`"
    assert json.loads(path.read_text(encoding="utf-8")) == schema, f"{name} drifted: run `extract schema`"


def test_union_rejects_unknown_type_and_bad_values():
    with pytest.raises(ValidationError):
        RECORD_ADAPTER.validate_python({"type": "person", "id": "x"})
    base = dict(id="d/money/0-4", doc_id="d", start=0, end=3, text="1亿美元", simplified="1亿美元",
                sentence=0, rule="r", currency="USD", mod=None)
    with pytest.raises(ValidationError):  # text length must equal end - start
        RECORD_ADAPTER.validate_python({"type": "money", **base, "amount": 1, "min": 1, "max": 1})
    base["end"] = 4
    ok = RECORD_ADAPTER.validate_python({"type": "money", **base, "amount": 100000000, "min": 100000000,
                                         "max": 100000000})
    assert ok.currency == "USD"
    with pytest.raises(ValidationError):  # min above max
        RECORD_ADAPTER.validate_python({"type": "money", **base, "amount": None, "min": 5, "max": 1})
    with pytest.raises(ValidationError):  # not an ISO code
        RECORD_ADAPTER.validate_python({"type": "money", **{**base, "currency": "美元"}, "amount": 1,
                                        "min": 1, "max": 1})
