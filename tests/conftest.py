import functools
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    """The shared benchmark folder; tests that need it skip cleanly on a machine without it."""
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not present at {BENCH} (only on the development machines)")
    return BENCH


@functools.cache
def bench_tool(name: str) -> ModuleType:
    """One of the scripts in tools/ (bench_dates, bench_orgs …), loaded once as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
