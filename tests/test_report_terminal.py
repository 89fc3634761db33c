"""The terminal report at any width: a block per finding where the table does not fit, the
table where it does; every line within the width, no value and no number split.

Widths are counted as a terminal counts them (rich's cell width: a CJK character takes two
cells). The seed is checked as ``seed.txt`` in a folder of its own, so that its path, and
so the layout, is the same on every machine. The tmux case checks that a real 80-column
terminal shows the lines as printed, without wrapping any itself."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from shakyo_eval.checker import check
from shakyo_eval.cli import main
from shakyo_eval.findings import Finding
from shakyo_eval.messages import format_value
from shakyo_eval.report.linebreak import wrap
from shakyo_eval.report.wording import WORDS, message

from conftest import SEED

NUMBER = re.compile(r"[-+▲△]?\d[\d,]*(?:\.\d+)?")
HEAD = re.compile(r"(seed\.txt:\d+: |  ↳ )SE\d{3} ")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def seed_findings() -> list[Finding]:
    """The seed's findings in report order, those grouped under another included."""
    (document,) = check([SEED]).documents
    return document.all_findings()


@pytest.fixture(autouse=True)
def in_a_folder_with_the_seed(tmp_path, monkeypatch):
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)


def terminal(*args: object, env: dict | None = None) -> str:
    """The report on seed.txt, as the command line prints it to a pipe."""
    result = CliRunner().invoke(
        main, ["check", "seed.txt", *map(str, args)], env=env, catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    return result.stdout


def blocks(lines: list[str]) -> list[tuple[list[str], str, list[str]]]:
    """Each block as (its head lines, its written → expected line, its message lines)."""
    found = []
    for index, line in enumerate(lines):
        if HEAD.match(line):
            body = []
            for following in lines[index + 1 :]:
                if not following.startswith("    "):
                    break
                body.append(following)
            values = next(i for i, b in enumerate(body) if b.startswith("    記載値 "))
            found.append(([line, *body[:values]], body[values], body[values + 1 :]))
    return found


def whole(value: str, line: str) -> bool:
    """``value`` in ``line``, not as part of a longer number or word."""
    return re.search(rf"(?<![\w,.]){re.escape(value)}(?![\w,.])", line) is not None


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [80, 100, 160])
def test_no_line_is_wider_than_the_width(width, lang):
    lines = terminal("--width", width, "--lang", lang, "--verbose").splitlines()
    assert [line for line in lines if cell_len(line) > width] == []
    assert max(map(cell_len, lines)) > width - 10  # the width is used, not only respected


# At 120 the seed's widest table would leave its message 3 cells: blocks, not a squeezed table.
@pytest.mark.parametrize("width", [80, 100, 120])
def test_narrow_widths_give_a_block_per_finding(width, seed_findings):
    lines = terminal("--width", width).splitlines()
    assert not any("┃" in line or "│" in line for line in lines)  # no table
    found = blocks(lines)
    assert len(found) == len(seed_findings) == 17  # 15, two with another on their cell
    for (head, values, text), finding in zip(found, seed_findings, strict=True):
        severity = WORDS["ja"][finding.severity]  # a word: colour is never the only sign
        assert head[0].startswith(
            f"seed.txt:{finding.location.line}: {finding.rule} [{severity}]"
        ) or head[0].startswith(f"  ↳ {finding.rule} [{severity}]")
        written, expected = format_value(finding.written), format_value(finding.expected)
        assert values.startswith(f"    記載値 {written} → 正しい値 {expected}")
        # the message, wrapped, never broken inside a number
        assert "".join(text).replace(" ", "") == message(finding, "ja").replace(" ", "")
        numbers = [number for line in text for number in NUMBER.findall(line)]
        assert numbers == NUMBER.findall(message(finding, "ja"))


def test_a_wide_terminal_gets_the_table(seed_findings):
    out = terminal("--width", 160)
    lines = out.splitlines()
    assert sum(line.startswith("┏") for line in lines) == 5  # one table per sheet
    assert "┃規則" in out and "┃ 内容" in out
    assert not any(HEAD.match(line) for line in lines)
    rows = [line for line in lines if re.match(r"│(↳ )?SE\d{3} ", line)]
    assert len(rows) == len(seed_findings)
    for row, finding in zip(rows, seed_findings, strict=True):
        assert finding.rule in row
        assert whole(format_value(finding.written), row)
        assert whole(format_value(finding.expected), row)


def test_a_log_gets_blocks_wrapped_to_columns():
    # stdout is not a terminal: blocks, even where COLUMNS leaves room for the table
    lines = terminal(env={"COLUMNS": "200"}).splitlines()
    assert len(blocks(lines)) == 17
    assert 80 < max(map(cell_len, lines)) <= 200
    assert "┃規則" in terminal("--width", 200)  # the table, when asked for by width


def test_a_pipe_without_columns_gets_80():
    environment = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    completed = subprocess.run(
        [_script(), "check", "seed.txt"], capture_output=True, text=True, env=environment
    )
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(blocks(lines)) == 17
    assert 70 < max(map(cell_len, lines)) <= 80
    assert "\x1b[" not in completed.stdout


def test_colour_only_when_asked_and_it_adds_nothing_but_colour():
    xterm = {"TERM": "xterm"}  # TERM=dumb would rightly mean no colour at all
    plain = terminal(env=xterm)
    assert "\x1b[" not in plain  # not a terminal
    coloured = terminal("--color", env=xterm)
    assert "\x1b[1;31mSE103\x1b[0m \x1b[1;31m[エラー]\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain
    assert terminal("--color", "--no-color", env=xterm) == plain
    table = terminal("--width", 160, env=xterm)
    assert ANSI.sub("", terminal("--width", 160, "--color", env=xterm)) == table


def test_lines_break_where_japanese_may_break():
    text = (
        "嘱託職員人件費 688,670: 人件費合計 (e) 16,658,300 が成り立つには 6,886,700 "
        "である必要があります（桁の脱落）。"
    )
    for width in range(14, 90):
        lines = wrap(text, width, "  ", "  ")
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert not any(line.lstrip()[0] in "）。、」ー" for line in lines)  # kinsoku
        assert not any(line[-1] in "（「" for line in lines)
        assert [n for line in lines for n in NUMBER.findall(line)] == NUMBER.findall(text)
    # a counter stays with its number (the figures of 実施内容)
    for width in range(8, 30):
        lines = wrap("ボランティア活動件数109件 (56件)、新規 8名", width)
        assert not any(line[-1].isdigit() for line in lines), (width, lines)
    # only a run wider than the whole line is cut
    path = "/srv/shakyo/" + "x" * 40 + ".pdf"
    assert wrap(f"{path}: SE103", 30) == [path[:30], path[30:] + ":", "SE103"]


def _script() -> str:
    return str(Path(sys.executable).with_name("shakyo-eval"))


def _in_tmux(tmp_path: Path) -> tuple[str, str]:
    """What an 80-column tmux pane shows after ``shakyo-eval check seed.txt``, colour codes
    included (capture-pane -e): as it is, and with NO_COLOR set."""
    socket = str(tmp_path / "tmux.socket")  # a server of its own: no other session is touched
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    environment["LANG"] = "C.UTF-8"
    tmux = ["tmux", "-u", "-S", socket, "-f", os.devnull]
    check = f"'{_script()}' check seed.txt"
    script = f"{check}; echo =====; NO_COLOR=1 {check}; tmux -S '{socket}' wait-for -S checked"
    session = ["new-session", "-d", "-x", "80", "-y", "30", "-c", str(tmp_path)]
    subprocess.run(
        [*tmux, *session, f"{script}; sleep 60"],
        env=environment,
        check=True,
    )
    try:
        subprocess.run([*tmux, "wait-for", "checked"], check=True, timeout=120)
        shown = subprocess.run(
            [*tmux, "capture-pane", "-p", "-e", "-S", "-", "-E", "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    coloured, plain = shown.split("=====")
    return coloured, plain


@pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed (apt-get install tmux): no real 80-column terminal to look at",
)
def test_an_80_column_terminal_shows_the_report_as_printed(tmp_path):
    coloured, without_colour = _in_tmux(tmp_path)
    assert "\x1b[" in coloured  # a terminal: in colour
    pane = [line.rstrip() for line in ANSI.sub("", coloured).strip().splitlines()]
    # the terminal wrapped nothing: each row of the pane is one line of the report
    assert pane == terminal("--width", 80).strip().splitlines()
    assert "seed.txt:221: SE103 [エラー] R4 嘱託職員人件費" in pane
    assert "    記載値 688,670 → 正しい値 6,886,700（差 -6,198,030）" in pane
    assert ANSI.search(without_colour) is None  # NO_COLOR
    assert [line.rstrip() for line in without_colour.strip().splitlines()] == pane


def code_blocks(markdown: str) -> list[tuple[str, str]]:
    """Each fenced code block of ``markdown`` as (its language tag, its text)."""
    found, current, tag = [], None, ""
    for line in markdown.splitlines(keepends=True):
        if line.startswith("```"):
            if current is None:
                current, tag = [], line[3:].strip()
            else:
                found.append((tag, "".join(current)))
                current = None
        elif current is not None:
            current.append(line)
    return found


def test_the_readme_examples_are_real_output(monkeypatch):
    readme = (SEED.parent.parent / "README.md").read_text(encoding="utf-8")
    examples = [text for tag, text in code_blocks(readme) if not tag and "SE103" in text]
    monkeypatch.chdir(SEED.parent.parent)  # the README shows samples/seed.txt
    blocks_example, table_example = examples
    result = CliRunner().invoke(main, ["check", "samples/seed.txt", "--width", "80"])
    assert blocks_example in result.stdout
    # the table's header and one row, lines of the real table in that order
    result = CliRunner().invoke(main, ["check", "samples/seed.txt", "--width", "160"])
    lines = iter(result.stdout.splitlines())
    assert all(line in lines for line in table_example.splitlines())
