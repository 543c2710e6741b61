"""Pydantic v2 models of every record in the output contract (docs/records.md, RECORDS.md v2).

One discriminated union on ``type``; every record the pipeline writes is validated through these
models first. ``extract schema`` exports their JSON Schema into this folder. The folder is
installed as the package ``extract.schemas`` (pyproject.toml), so import it by that name.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_serializer, model_validator

from extract.events.registry import EVENT_TYPES

IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Number = Union[int, float]

DateMod = Literal["START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN"]
Granularity = Literal["day", "month", "quarter", "half", "season", "year", "decade", "century"]
MoneyMod = Literal["APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"]
OrgType = Literal["company", "investor", "university", "research", "government", "other"]
EventType = Literal[EVENT_TYPES]   # the registered types (extract/events/registry.py)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Declared here so that ``type`` is the first key of every record; subclasses narrow it.
    type: str


class _Mention(_Record):
    id: str
    doc_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    simplified: str
    sentence: int = Field(ge=0)
    rule: str

    @model_validator(mode="after")
    def _span(self):
        if self.end < self.start:
            raise ValueError("end before start")
        if len(self.text) != self.end - self.start:
            raise ValueError("text length differs from end - start")
        return self


class DateRecord(_Mention):
    type: Literal["date"] = "date"
    value: str | None
    mod: DateMod | None = None
    earliest: IsoDate | None
    latest: IsoDate | None
    granularity: Granularity
    relative: bool = False
    anchor: str | None = None

    @model_validator(mode="after")
    def _bounds(self):
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest after latest")
        return self


class MoneyRecord(_Mention):
    type: Literal["money"] = "money"
    amount: Number | None
    min: Number | None
    max: Number | None
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    mod: MoneyMod | None = None
    per: str | None = None          # a price per unit: "share" for 每股8美元, "tonne" for 10元/吨

    @model_validator(mode="after")
    def _bounds(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min greater than max")
        if self.amount is None and self.min is None and self.max is None:
            raise ValueError("money needs an amount or a bound")
        return self


class OrganisationRecord(_Mention):
    type: Literal["organisation"] = "organisation"
    canonical: str = Field(min_length=1)
    entity: str
    org_type: OrgType


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TriggerSpan(_Part):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Argument(_Part):
    role: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    ref: str | None = None
    # share counts and percentages (shares, share_of_total, share_of_holding): the number stated,
    # 1200万股 → 12000000, 5.01% → 0.0501; absent for other fillers
    value: Number | None = None

    @model_serializer(mode="wrap")
    def _drop_absent_value(self, handler):
        # written only where it applies, so the records of the other roles keep their v1 shape
        out = handler(self)
        if isinstance(out, dict) and out.get("value") is None:
            out.pop("value", None)
        return out


class Evidence(_Part):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class EventRecord(_Record):
    type: Literal["event"] = "event"
    id: str
    doc_id: str
    event_type: EventType
    trigger: TriggerSpan
    arguments: list[Argument]
    date: str | None = None
    evidence: Evidence
    sentence: int = Field(ge=0)
    rule: str
    # "planned" for stated intentions (寻求投资, 计划筹集); see README.
    status: Literal["actual", "planned"] = "actual"


class DocumentRecord(_Record):
    type: Literal["document"] = "document"
    doc_id: str
    source: str
    chars: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    published: str | None = None
    counts: dict[str, int]


class ErrorRecord(_Record):
    type: Literal["error"] = "error"
    source: str
    line: int | None = None
    doc_id: str | None = None
    error: str


Record = Annotated[
    Union[DocumentRecord, ErrorRecord, DateRecord, MoneyRecord, OrganisationRecord, EventRecord],
    Field(discriminator="type"),
]
RECORD_ADAPTER: TypeAdapter = TypeAdapter(Record)

MODELS: dict[str, type[BaseModel]] = {
    "document": DocumentRecord,
    "error": ErrorRecord,
    "date": DateRecord,
    "money": MoneyRecord,
    "organisation": OrganisationRecord,
    "event": EventRecord,
}


def json_schemas() -> dict[str, dict]:
    """File name → JSON Schema, for ``extract schema`` and the drift test."""
    from .descriptions import describe   # descriptions linking docs/records.md

    out = {f"{name}.schema.json": describe(model.model_json_schema()) for name, model in MODELS.items()}
    out["record.schema.json"] = describe(RECORD_ADAPTER.json_schema())
    return out
