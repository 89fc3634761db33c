"""Fuzz targets: bytes in, and the rule of issue 13 checked on what comes out.

Whatever the bytes, reading them ends in a grid or in an ExtractError whose message renders
on one line in both languages, and ``shakyo-eval check`` ends in a report with exit code 0,
1 or 2, every unreadable file named on one stderr line; never a traceback, and never the
``unexpected`` error the checker makes of a reader's bug. A violation raises (a crash).

Targets: one per extractor module of the registry (``extract.EXTRACTORS``, so a format added
later is fuzzed too) and ``check``, the whole command, whose first input byte chooses the
file's suffix, the report format and the language.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from click.testing import CliRunner

from shakyo_eval.cli import main
from shakyo_eval.extract import EXTRACTORS, SUPPORTED_SUFFIXES, read_grid
from shakyo_eval.grid import ExtractError
from shakyo_eval.report import FORMATS

ROOT = Path(__file__).resolve().parents[2]
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
# Seeds in the repository (the smoke test uses these only) and, when present, the shared
# corpus of real files beside the checkout.
REPOSITORY_SEEDS = (ROOT / "samples", ROOT / "tests" / "data")
CORPUS_SEEDS = (
    ROOT.parent / "shared" / "corpus" / "foreign-pdfs",
    ROOT.parent / "shared" / "corpus" / "real",
)
REPORT_FORMATS = sorted(FORMATS)

# Page-reading processes would make every PDF input fork: one process is enough here.
os.environ["SHAKYO_EVAL_PDF_PROCESSES"] = "1"


class Violation(AssertionError):
    """An outcome the rule forbids."""


def _single_line(error: ExtractError) -> None:
    if error.message_id == "unexpected":
        raise Violation(f"a reader's bug: {error}")
    for lang in ("ja", "en"):
        text = error.text(lang)
        if not text or "\n" in text:
            raise Violation(f"not one line: {text!r}")


def _extract_target(suffix: str) -> Callable[[bytes, Path], None]:
    def run(data: bytes, folder: Path) -> None:
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        try:
            grid = read_grid(path)
            for _row in grid.rows:
                pass
        except ExtractError as error:
            _single_line(error)
            return
        if grid.partial is not None:
            _single_line(grid.partial)

    return run


def check_input(data: bytes) -> tuple[str, str, str, bytes]:
    """(suffix, report format, language, file content) of a ``check`` input."""
    if not data:
        return SUPPORTED_SUFFIXES[0], REPORT_FORMATS[0], "ja", b""
    choice = data[0]
    suffix = SUPPORTED_SUFFIXES[choice % len(SUPPORTED_SUFFIXES)]
    report_format = REPORT_FORMATS[(choice // len(SUPPORTED_SUFFIXES)) % len(REPORT_FORMATS)]
    lang = "en" if choice & 0x80 else "ja"
    return suffix, report_format, lang, data[1:]


def check_seed(suffix: str, content: bytes, variant: int = 0) -> bytes:
    """A ``check`` input for a file of ``suffix``; ``variant`` picks format and language."""
    choice = SUPPORTED_SUFFIXES.index(suffix) + len(SUPPORTED_SUFFIXES) * variant
    return bytes([choice % 256]) + content


def _check_target(data: bytes, folder: Path) -> None:
    suffix, report_format, lang, content = check_input(data)
    path = folder / f"input{suffix}"
    path.write_bytes(content)
    # no wall-clock limit of its own: the fuzzer's timer finds what hangs
    args = ["check", str(path), "--format", report_format, "--lang", lang, "--timeout", "0"]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if result.exit_code not in (0, 1, 2):
        raise Violation(f"exit code {result.exit_code}")
    lines = result.stderr.strip().split("\n") if result.stderr.strip() else []
    if result.exit_code == 2 and not lines:
        raise Violation("exit code 2 and no reason on stderr")
    for line in lines:
        if not line.startswith("shakyo-eval: ") or "Traceback" in line:
            raise Violation(f"stderr: {line!r}")
        if "unexpected error" in line or "予期しないエラー" in line:
            raise Violation(f"a reader's bug: {line}")
    if report_format in ("json", "sarif"):
        json.loads(result.stdout)


def targets() -> dict[str, Callable[[bytes, Path], None]]:
    """Name → target; a target raises on an input that breaks the rule."""
    found = {module.rsplit(".", 1)[-1]: _extract_target(s[0]) for module, s in EXTRACTORS.items()}
    found["check"] = _check_target
    return found


def target_suffixes(name: str) -> tuple[str, ...]:
    if name == "check":
        return SUPPORTED_SUFFIXES
    return next(s for m, s in EXTRACTORS.items() if m.rsplit(".", 1)[-1] == name)


def _files(folders, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix.lower() in suffixes:
                    yield path


def seeds(name: str, corpus: bool = True) -> list[bytes]:
    """The seed inputs of a target: every sample (and corpus file) of its formats."""
    folders = REPOSITORY_SEEDS + (CORPUS_SEEDS if corpus else ())
    files = list(_files(folders, target_suffixes(name)))
    if name != "check":
        return [path.read_bytes() for path in files]
    return [check_seed(path.suffix.lower(), path.read_bytes(), i) for i, path in enumerate(files)]


def regressions(name: str) -> list[Path]:
    """The reproducers of what fuzzing found for a target (see run.py)."""
    folder = REGRESSIONS / name
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


class Workspace:
    """A folder for the input files, one for the whole run."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="shakyo-fuzz-")
        self.path = Path(self._folder.name)

    def close(self) -> None:
        self._folder.cleanup()


# --- a plain mutator: the smoke test, and the long run where atheris does not install --------

# Tokens that make parsers take other paths: PDF syntax and numbers, HTML structure, the
# text export's separators, bytes that are not UTF-8.
_TOKENS = (
    b"<<",
    b">>",
    b"[",
    b"]",
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b" 0 R",
    b"/Rotate 90",
    b"/Count 999999999",
    b"/Length 4294967296",
    b"/Filter/FlateDecode",
    b"-1",
    b"0",
    b"99999999999999999999",
    b"1e308",
    b"NaN",
    b"%%EOF",
    b"xref",
    b"trailer",
    b"<table>",
    b"</table>",
    b"<tr>",
    b'<td colspan="1000" rowspan="0">',
    b"<div>" * 64,
    b'<meta charset="shift_jis">',
    b"&#xD800;",
    b"<p>",
    b"\t",
    b"\n",
    b"\r\n",
    b"\xff\xfe",
    b"\x81",
    b"\x00",
    "事務事業名".encode(),
    "支出合計".encode(),
    "▲".encode(),
    "１２３".encode(),
)


def mutate(data: bytes, rng: random.Random, others: list[bytes] = ()) -> bytes:
    """``data`` with one to four random changes."""
    for _ in range(rng.randint(1, 4)):
        data = _MUTATIONS[rng.randrange(len(_MUTATIONS))](bytearray(data), rng, others)
    return bytes(data)


def _truncate(data: bytearray, rng: random.Random, _others) -> bytearray:
    return data[: rng.randint(0, len(data))]


def _flip(data: bytearray, rng: random.Random, _others) -> bytearray:
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def _insert(data: bytearray, rng: random.Random, _others) -> bytearray:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(_TOKENS) * rng.choice((1, 1, 2, 100)) + data[at:]


def _number(data: bytearray, rng: random.Random, _others) -> bytearray:
    """A number of the file made huge, negative or zero (counts, lengths, offsets, spans)."""
    digits = [i for i in range(len(data)) if 0x30 <= data[i] <= 0x39] if len(data) < 300_000 else []
    if not digits:
        return data
    at = rng.choice(digits)
    end = at
    while end < len(data) and 0x30 <= data[end] <= 0x39:
        end += 1
    return data[:at] + rng.choice((b"0", b"-1", b"4294967295", b"99999999")) + data[end:]


def _repeat(data: bytearray, rng: random.Random, _others) -> bytearray:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 512)]
    return data[:start] + chunk * rng.randint(2, 50) + data[start:]


def _delete(data: bytearray, rng: random.Random, _others) -> bytearray:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def _splice(data: bytearray, rng: random.Random, others) -> bytearray:
    if not others:
        return data
    other = rng.choice(others)
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)) :]


_MUTATIONS = (_truncate, _flip, _insert, _number, _repeat, _delete, _splice)
