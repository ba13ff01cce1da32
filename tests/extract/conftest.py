"""Fixtures of the extractor tests: the seed release and passages written for the tests."""

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "campaign" / "demo" / "kem-sokha-2018-09-10.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED
