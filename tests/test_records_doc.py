"""docs/records.md, the output contract shipped with the project: linked from the schemas, and
in agreement with the role table that ``extract table`` uses."""
from __future__ import annotations

import re

from extract.table import event_roles
from extract.schemas.records import MODELS, json_schemas

from .conftest import ROOT

DOC = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")


def anchors() -> set[str]:
    """GitHub-style anchors of the page's headings."""
    out = set()
    for heading in re.findall(r"^#{1,6} (.+)$", DOC, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        out.add(slug)
    return out


def test_every_schema_field_has_a_description_linking_the_contract():
    found = anchors()
    for name, schema in json_schemas().items():
        models = [schema, *schema.get("$defs", {}).values()]
        for model in models:
            if "properties" not in model:
                continue
            assert "docs/records.md#" in model["description"], (name, model.get("title"))
            for field, prop in model["properties"].items():
                link = re.search(r"docs/records\.md#([\w-]+)", prop.get("description", ""))
                assert link, (name, model.get("title"), field)
                assert link.group(1) in found, link.group(1)


def test_every_record_type_has_its_section():
    for record_type in MODELS:
        assert f"## `{record_type}`" in DOC


def test_the_role_table_agrees_with_the_contract_page():
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", DOC, re.M)
    page: dict[str, list[str]] = {}
    for etype, roles in rows:
        if etype == "event_type":                     # the table's header
            continue
        if roles.strip().startswith("as `"):
            page[etype] = page[re.match(r"as `(\w+)`", roles.strip()).group(1)]
        else:
            page[etype] = re.findall(r"`(\w+)`", roles)
    assert set(page) == set(event_roles()) and len(page) == 17
    for etype, roles in event_roles().items():
        assert page[etype] == list(roles), etype


def test_the_readme_links_the_contract():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/records.md" in readme
