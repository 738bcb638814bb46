"""Shared fixtures for the COMTRADE tests: data folders and a tiny record factory."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data" / "comtrade"
CORPUS = REPO.parent / "shared" / "comtrade-corpus"


@pytest.fixture
def data_dir() -> Path:
    """Hand-written fixtures in tests/data/comtrade."""
    return DATA


@pytest.fixture
def corpus() -> Path:
    """The third-party corpus beside the checkout (skips when absent)."""
    if not (CORPUS / "MANIFEST.md").is_file():
        pytest.skip("COMTRADE corpus not found: CI needs ../shared beside the checkout")
    return CORPUS


@pytest.fixture
def make_record(tmp_path: Path):
    """Write CFG text (or bytes) and DAT bytes into tmp_path; returns the CFG path."""

    def make(cfg: str | bytes, dat: bytes | str, name: str = "rec") -> Path:
        cfg_path = tmp_path / f"{name}.cfg"
        cfg_path.write_bytes(cfg.encode("utf-8") if isinstance(cfg, str) else cfg)
        data = dat.encode("ascii") if isinstance(dat, str) else dat
        (tmp_path / f"{name}.dat").write_bytes(data)
        return cfg_path

    return make
