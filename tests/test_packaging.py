"""The distribution installs under the project's own name only (no generic top-level module)."""
import pytest

from .conftest import ROOT

tomllib = pytest.importorskip("tomllib")   # Python 3.11+


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_under_extract_and_none_is_missing():
    packages = _setuptools()["packages"]
    assert all(p == "extract" or p.startswith("extract.") for p in packages), packages
    on_disk = {"extract." + ".".join(d.relative_to(ROOT / "extract").parts)
               for d in (ROOT / "extract").rglob("*") if d.is_dir() and (d / "__init__.py").is_file()}
    assert on_disk <= set(packages), f"add to pyproject.toml packages: {sorted(on_disk - set(packages))}"


def test_the_schemas_folder_is_installed_as_extract_schemas():
    assert _setuptools()["package-dir"] == {"extract.schemas": "schemas"}
    import extract.schemas.records as records

    assert records.__file__.endswith(("schemas/records.py", "schemas\\records.py"))
