from pathlib import Path

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
