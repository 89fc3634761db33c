"""The command line, through click's runner and once as the installed script."""

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from shakyo_eval import __version__
from shakyo_eval.cli import main
from shakyo_eval.rules import all_rules

from conftest import SEED, SEED_CORRECTED


def test_check_seed_terminal_in_japanese(run):
    result = run("check", SEED)
    assert result.exit_code == 1
    out = result.output
    assert "シート 5 重層的支援体制整備事業" in out
    assert "688,670" in out and "6,886,700" in out and "桁の脱落" in out
    assert "百分率では 98.7" in out
    assert "エラー 8" in out


def test_check_seed_english(run):
    result = run("check", SEED, "--lang", "en")
    assert "a dropped digit" in result.output
    assert "is a fraction; as a percent it is" in result.output
    # severities in brackets are text, not rich markup tags
    assert f"{SEED}:29: SE401 [warning] letter of project cost (d)\n" in result.output
    table = run("check", SEED, "--lang", "en", "--width", "160").output
    assert "[warning] project cost is printed (b)" in table


def test_check_json_contract(run):
    result = run("check", SEED, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["tool"] == "shakyo-eval"
    (document,) = data["documents"]
    assert (document["format"], document["sheets"], document["error"]) == ("text", 5, None)
    contract = next(f for f in document["findings"] if f["rule"] == "SE103")
    assert contract == contract | {
        "severity": "error",
        "sheet": 5,
        "sheet_name": "重層的支援体制整備事業",
        "year": "R4",
        "field": "costs.staff.contract.cost",
        "written": 688670,
        "expected": 6886700,
        "page": None,
    }
    assert "桁の脱落" in contract["message"]
    fraction = next(f for f in document["findings"] if f["rule"] == "SE203")
    assert (fraction["written"], fraction["expected"]) == (0.987, 98.7)
    assert set(data["summary"]) == {"documents", "sheets", "errors", "warnings", "infos"}
    assert data["summary"]["sheets"] == 5


def test_corrected_seed_exits_zero(run):
    result = run("check", SEED_CORRECTED)
    assert result.exit_code == 0
    assert "問題は見つかりませんでした" in result.output


def test_strict_fails_on_warnings(run, tmp_path):
    lines = SEED_CORRECTED.read_text(encoding="utf-8").split("\n")
    lines[28] = lines[28].replace("事業費 (d)", "事業費 (b)")  # a warning only
    path = tmp_path / "warn.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert run("check", path).exit_code == 0
    assert run("check", path, "--strict").exit_code == 1


def test_bad_files_exit_2_and_the_others_are_still_checked(run, tmp_path):
    not_a_sheet = tmp_path / "notes.txt"
    not_a_sheet.write_text("会議メモ\t2024年\n出席者\t5名\n", encoding="utf-8")
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\xff\xfe garbage")
    result = CliRunner().invoke(
        main,
        ["check", "missing.txt", str(not_a_sheet), str(binary), str(SEED), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    errors = {Path(d["path"]).name: d["error"] for d in data["documents"]}
    # the reasons are the auditor's language: Japanese unless --lang en
    assert errors["missing.txt"] == "ファイルが見つかりません"
    assert errors["notes.txt"] == "事務事業評価表が見つかりません"
    assert errors["broken.txt"] == "テキストファイルではありません（バイナリ）"
    assert errors["seed.txt"] is None
    seed = next(d for d in data["documents"] if d["path"].endswith("seed.txt"))
    assert any(f["rule"] == "SE103" for f in seed["findings"])
    # one line per bad file on stderr, no traceback
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 3 and all(line.startswith("shakyo-eval: ") for line in lines)
    assert "Traceback" not in result.output


def test_unsupported_file_type(run, tmp_path):
    path = tmp_path / "sheet.docx"
    path.write_bytes(b"PK")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == f"shakyo-eval: {path}: 対応していないファイル形式です（.docx）\n"
    english = run("check", path, "--lang", "en")
    assert english.stderr == f"shakyo-eval: {path}: unsupported file type '.docx'\n"


def test_extract_prints_every_record(run):
    result = run("extract", SEED, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert len(data["sheets"]) == 5
    r4 = data["sheets"][4]["costs"][0]
    assert r4["staff"]["contract"]["cost"]["text"] == "688,670"
    assert r4["staff"]["contract"]["cost"]["location"]["line"] == 221


def test_extract_bad_file(run):
    result = run("extract", "missing.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == "shakyo-eval: missing.txt: ファイルが見つかりません"
    english = run("extract", "missing.txt", "--lang", "en")
    assert english.stderr.strip() == "shakyo-eval: missing.txt: file not found"


def test_extract_never_shows_a_traceback(run, monkeypatch):
    # a bug in a reader still ends in one line and exit code 2
    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("shakyo_eval.checker.assemble", broken)
    result = run("extract", SEED, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"shakyo-eval: {SEED}: unexpected error while reading: ZeroDivisionError: division by zero\n"
    )


def test_rules_lists_every_rule(run):
    result = run("rules")
    listed = [line.split()[0] for line in result.output.strip().split("\n")]
    assert listed == [rule.id for rule in all_rules()]
    assert {"SE101", "SE203", "SE301", "SE404", "SE405", "SE407"} <= set(listed)
    assert "指標の実績が実施内容の数値と一致しない" in result.output
    assert "(a) equals the sum" in run("rules", "--lang", "en").output


def test_rules_shows_one_rule_with_its_example(run):
    result = run("rules", "SE103", "--lang", "en")
    lines = result.output.split("\n")
    assert lines[:2] == [
        "SE103  staff-cost-total  [error]",
        "(e) equals the sum of the staff costs",
    ]
    headings = [line for line in lines if line and not line.startswith(" ")][2:]
    assert headings == ["What it checks", "Example", "Family", "Configuration"]
    example = result.output.split("Example\n")[1]
    assert example.startswith("  (seed, sheet 5, R4): (e) is printed 16,658,300")
    assert "SE1xx: the sums of the cost table" in result.output
    assert 'ignore = ["SE103"]' in result.output
    japanese = run("rules", "se103").output
    assert "人件費合計 (e) が各職員人件費の合計と一致しない" in japanese and "\n例\n" in japanese
    unknown = run("rules", "SE999")
    assert unknown.exit_code == 2
    assert unknown.stderr == "shakyo-eval: unknown rule 'SE999'\n"


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"shakyo-eval, version {__version__}\n"


def test_output_file_gets_the_report_and_stderr_the_summary(run, tmp_path):
    target = tmp_path / "report.sarif"
    result = run("check", SEED, "--format", "sarif", "--output", target, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "1 documents, 5 sheets: 8 errors, 6 warnings, 1 infos\n"
    sarif = json.loads(target.read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 17
    quiet = run("check", SEED, "-o", tmp_path / "report.txt", "--quiet")
    assert (quiet.exit_code, quiet.stderr) == (1, "")
    assert "桁の脱落" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_output_file_that_cannot_be_written(run, tmp_path):
    result = run("check", SEED, "--output", tmp_path / "missing" / "report.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("shakyo-eval: ")
    assert "No such file or directory" in result.stderr


def _script() -> str:
    return str(Path(sys.executable).with_name("shakyo-eval"))


def test_installed_script_as_a_real_process():
    env = {**os.environ, "SHAKYO_EVAL_LANG": "en"}
    completed = subprocess.run(
        [_script(), "check", str(SEED), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    data = json.loads(completed.stdout)
    assert "a dropped digit" in json.dumps(data, ensure_ascii=False)
    module = subprocess.run(
        [sys.executable, "-m", "shakyo_eval", "check", str(SEED_CORRECTED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 0, module.stderr
