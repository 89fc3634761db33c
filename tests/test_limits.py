"""Hostile files (issue 13): each limit refuses its file on one line with exit code 2, and a
run over good, damaged and hostile files gives every good file what it gets alone."""

import json
import shutil
import signal
import zlib
from pathlib import Path

import pytest

from shakyo_eval import limits
from shakyo_eval.checker import Options, check

from conftest import SAMPLES, SEED

SEED_PDF = SAMPLES / "seed.pdf"


def make_pdf(contents: list[bytes], extra: list[bytes] = (), resources: bytes = b"") -> bytes:
    """A PDF of one page per content stream (objects numbered from 1: catalog, page tree,
    then per page its dictionary and content, then ``extra`` objects)."""
    pages = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    for index, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> %s >> >>"
            % (4 + 2 * index, resources)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects += extra
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def hostile_files(folder: Path) -> dict[str, str]:
    """File name → the English error it must get."""
    files = {
        # a zip bomb: 65 MiB of zeros in 65 KB
        "bomb.pdf": (
            make_pdf(
                [b"BT ET"],
                [
                    b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(z), z)
                    for z in [zlib.compress(b"\0" * (limits.MAX_STREAM_BYTES + 1), 9)]
                ],
            ),
            "decompresses to more than 67108864 bytes",
        ),
        "objects.pdf": (
            make_pdf([b"0 0 1 1 re f\n" * (limits.MAX_PAGE_OBJECTS + 1)]),
            "page 1 draws more than 100000 objects",
        ),
        # forms that draw forms ten times each, six deep: a million drawings from 70 objects
        "forms.pdf": (
            make_pdf(
                [b"/X1 Do"],
                [
                    b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X%d %d 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
                    % (level + 1, 5 + level, len(body), body)
                    if level < 6
                    else b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 12 >>\nstream\n0 0 1 1 re f\nendstream"
                    for level in range(1, 8)
                    for body in [b"/X%d Do " % (level + 1) * 10]
                ],
                resources=b"/XObject << /X1 5 0 R >>",
            ),
            "page 1 draws more than 100000 objects",
        ),
        "characters.pdf": (
            # (PDFium reads at most 32,767 characters of one string)
            make_pdf([b"BT /F1 1 Tf " + b"(%s) Tj " % (b"a" * 20_001) * 10 + b"ET"]),
            "page 1 holds 200010 characters, beyond the limit of 200000",
        ),
        "nested.html": (
            b"<html><body>" + b"<div>" * 5000 + b"<table><tr><td>a</td><td>1</td></tr></table>",
            "HTML elements nest deeper than 256 levels",
        ),
        "nested-cell.txt": (
            "事務事業名\t".encode() + b"<ul><li>" * 3000 + b"x\n",
            "HTML elements nest deeper than 256 levels",
        ),
        "huge-cell.txt": (
            SEED.read_bytes().replace("事務事業名\t".encode(), b"\t" + b"9" * 100_001 + b"\t", 1),
            "a cell holds 100001 characters, beyond the limit of 100000 (line",
        ),
    }
    for name, (content, _) in files.items():
        (folder / name).write_bytes(content)
    return {name: error for name, (_, error) in files.items()}


def test_each_hostile_file_is_refused_on_one_line(run, tmp_path):
    expected = hostile_files(tmp_path)
    for name, error in expected.items():
        result = run("check", tmp_path / name, "--lang", "en")
        assert result.exit_code == 2, name
        (line,) = result.stderr.strip().split("\n")
        assert line.startswith(f"shakyo-eval: {tmp_path / name}: "), line
        assert error in line, (name, line)
        japanese = run("check", tmp_path / name).stderr
        assert "上限" in japanese, (name, japanese)


def test_a_text_file_beyond_the_size_limit_is_not_read(run, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:  # (sparse: takes no disk)
        file.truncate(limits.MAX_TEXT_FILE_BYTES + 1)
    result = run("check", huge, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "the file is 67108865 bytes, beyond the limit of 67108864"
    )


def test_the_wall_clock_limit_gives_up_a_file_and_goes_on(run, tmp_path):
    # the seed PDF takes some 50 ms to read and check: far beyond a limit of a millisecond
    (tmp_path / ".shakyo-eval.toml").write_text("timeout = 0.001\n")
    shutil.copy(SEED_PDF, tmp_path / "a.pdf")
    shutil.copy(SEED_PDF, tmp_path / "b.pdf")
    result = run("check", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert lines == [
        f"shakyo-eval: {tmp_path / name}: reading and checking took longer than the limit of 0.001 s (see --timeout)"
        for name in ("a.pdf", "b.pdf")
    ]
    # the option wins over the config; 0 is no limit
    assert run("check", tmp_path, "--timeout", "0").exit_code == 1
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_negative_timeout_is_a_config_error(run, tmp_path):
    (tmp_path / ".shakyo-eval.toml").write_text("timeout = -1\n")
    shutil.copy(SEED, tmp_path / "seed.txt")
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "timeout" in result.stderr and "Traceback" not in result.stderr


def _good_documents(report) -> dict[str, dict]:
    data = json.loads(report)
    return {Path(d["path"]).name: d for d in data["documents"] if d["error"] is None}


def test_good_files_among_damaged_and_hostile_ones_get_what_they_get_alone(run, tmp_path):
    from test_damaged_pdf import turned_copy

    good = ["seed.txt", "seed-corrected.pdf", "seed.html", "seed-reportlab.pdf"]
    for name in good:
        shutil.copy(SAMPLES / name, tmp_path / name)
    turned_copy(SEED_PDF, 1, tmp_path, content=True)
    data = SEED_PDF.read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    hostile = hostile_files(tmp_path)
    result = run("check", tmp_path, "--format", "json", "--lang", "en")
    assert result.exit_code == 2 and "Traceback" not in result.output
    together = _good_documents(result.stdout)
    assert set(together) == {*good, "seed-content-1.pdf"}
    for name in good:
        alone = _good_documents(
            run("check", tmp_path / name, "--format", "json", "--lang", "en").stdout
        )
        assert together[name] == alone[name], name
    errors = {Path(line.split(": ")[1]).name for line in result.stderr.strip().split("\n")}
    assert errors == {*hostile, "truncated.pdf", "garbage.pdf"}


def test_check_from_python_keeps_no_alarm_outside_the_main_thread():
    import threading

    reports = []
    worker = threading.Thread(target=lambda: reports.append(check([SEED], Options(timeout=0.001))))
    worker.start()
    worker.join()
    # no SIGALRM off the main thread: the file is read in full
    assert reports[0].documents[0].error is None


@pytest.mark.parametrize("seconds", [None, 0])
def test_no_limit(seconds):
    with limits.time_limit(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
