from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "seed.txt"
SEED_CORRECTED = SAMPLES / "seed-corrected.txt"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(SAMPLES))  # seedlayout: the seed's tables as its generators print them


@pytest.fixture
def run():
    """The command line through click's runner: ``run("check", path, "--format", "json")``."""
    from shakyo_eval.cli import main

    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def seed_variant(tmp_path):
    """The corrected seed with some lines edited: ``seed_variant({37: ("6,063,483", "6")})``.

    Tests of a rule start from the real document, with its real errors fixed (so that only
    the case at hand shows), and change only what the case needs: every case is a real
    sheet with one deliberate difference. Line numbers are the seed's.
    """

    def make(edits: dict[int, tuple[str, str]], name: str = "variant.txt") -> Path:
        lines = SEED_CORRECTED.read_text(encoding="utf-8").split("\n")
        for number, (old, new) in edits.items():
            assert old in lines[number - 1], (number, old, lines[number - 1][:120])
            lines[number - 1] = lines[number - 1].replace(old, new, 1)
        path = tmp_path / name
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    return make
