"""The config file: select, ignore, severity, per-sheet-ignores, defaults; found like ruff's.

Each case writes a config beside a copy of the seed and runs the command line on it, so the
findings and the exit code are the ones a CI pipeline would see."""

import json
import textwrap
from pathlib import Path

import pytest

from shakyo_eval.config import ConfigError, find, settings

from conftest import SEED

SEED_ERRORS = 8  # SE201 on sheet 1; SE203, SE301 twice each on sheet 4; SE103, SE301 twice on 5


@pytest.fixture
def project(tmp_path):
    """A folder holding a copy of the seed; ``project(config)`` writes .shakyo-eval.toml."""
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())

    def make(config: str = "", name: str = ".shakyo-eval.toml") -> Path:
        (tmp_path / name).write_text(textwrap.dedent(config), encoding="utf-8")
        return tmp_path / "seed.txt"

    return make


def checked(run, path, *args):
    result = run("check", path, "--format", "json", *args)
    data = json.loads(result.stdout) if result.stdout else None
    return result, data


def rules_of(data) -> list[str]:
    return [f["rule"] for f in data["documents"][0]["findings"]]


def every_finding(data) -> list[tuple]:
    findings = data["documents"][0]["findings"]
    every = [item for f in findings for item in (f, *f.get("also", ()))]
    return sorted((f["rule"], f["sheet"], f["year"] or "", f["field"]) for f in every)


def test_no_config_checks_every_rule(run, project):
    result, data = checked(run, project())
    assert result.exit_code == 1
    assert data["summary"]["errors"] == SEED_ERRORS
    assert {"SE103", "SE201", "SE203", "SE204", "SE401"} <= set(rules_of(data))


def test_select_a_family_by_prefix(run, project):
    result, data = checked(run, project('select = ["SE1"]'))
    assert rules_of(data) == ["SE103"]
    assert result.exit_code == 1
    overlapping = checked(run, project('select = ["SE1", "SE10", "SE103"]'))[1]
    assert overlapping["documents"][0]["findings"] == data["documents"][0]["findings"]


def test_ignore_every_error_rule_exits_zero_and_strict_brings_warnings_back(run, project):
    path = project('ignore = ["SE1", "SE201", "SE203", "SE3"]')
    result, data = checked(run, path)
    assert set(rules_of(data)) == {"SE204", "SE401", "SE404", "SE405", "SE406"}
    assert data["summary"]["errors"] == 0
    assert result.exit_code == 0
    assert checked(run, path, "--strict")[0].exit_code == 1
    project('ignore = ["SE1", "SE201", "SE203", "SE3"]\nstrict = true')
    assert checked(run, path)[0].exit_code == 1
    assert checked(run, path, "--no-strict")[0].exit_code == 0


def test_severity_overrides_and_the_more_specific_prefix_wins(run, project):
    path = project(
        """
        [severity]
        SE2 = "warning"
        SE203 = "info"
        SE103 = "warning"
        SE3 = "warning"
        """
    )
    result, data = checked(run, path)
    levels = {(f["rule"], f["year"]): f["severity"] for f in data["documents"][0]["findings"]}
    assert levels[("SE201", "R5")] == "warning"
    assert levels[("SE203", "R4")] == levels[("SE203", "R5")] == "info"
    assert levels[("SE103", "R4")] == "warning"
    assert data["summary"]["errors"] == 0
    assert result.exit_code == 0


def test_per_sheet_ignores_accept_a_finding_with_its_reason(run, project):
    reason = "監査人と確認済み"
    path = project(
        f"""
        [[per-sheet-ignores]]
        sheet = 4
        rules = ["SE203"]
        reason = "{reason}"
        """
    )
    result, data = checked(run, path)
    findings = data["documents"][0]["findings"]
    accepted = [f for f in findings if "accepted" in f]
    assert [(f["rule"], f["sheet"], f["year"]) for f in accepted] == [
        ("SE203", 4, "R4"),
        ("SE203", 4, "R5"),
    ]
    assert all(f["accepted"] == reason for f in accepted)
    assert data["summary"]["errors"] == SEED_ERRORS - 2  # accepted ones do not count
    assert result.exit_code == 1  # sheets 1 and 5 still have theirs
    terminal = run("check", path).stdout
    assert f"[承認済み: {reason}]" in terminal
    assert "承認済み 2" in terminal  # in the summary line


def test_accepting_every_error_exits_zero(run, project):
    entries = [(1, '"SE201"'), (4, '"SE203", "SE3"'), (5, '"SE1", "SE301"')]
    path = project(
        "".join(
            f'[[per-sheet-ignores]]\nsheet = {sheet}\nrules = [{rules}]\nreason = "known"\n'
            for sheet, rules in entries
        )
    )
    result, data = checked(run, path)
    assert result.exit_code == 0
    assert data["summary"]["errors"] == 0
    # all still reported; on sheet 5 R4 the warning SE405 now heads the accepted SE103
    assert every_finding(data) == every_finding(checked(run, project(""))[1])


def test_per_sheet_ignores_only_on_their_sheet_and_files(run, project):
    path = project(
        """
        [[per-sheet-ignores]]
        sheet = 3
        rules = ["SE203"]
        reason = "wrong sheet"

        [[per-sheet-ignores]]
        sheet = 4
        rules = ["SE203"]
        reason = "another document"
        files = "2023/*.txt"
        """
    )
    data = checked(run, path)[1]
    assert not any("accepted" in f for f in data["documents"][0]["findings"])
    assert data["summary"]["errors"] == SEED_ERRORS
    project('[[per-sheet-ignores]]\nsheet = 4\nrules = ["SE203"]\nreason = "r"\nfiles = "*.txt"')
    assert checked(run, path)[1]["summary"]["errors"] == SEED_ERRORS - 2


@pytest.mark.parametrize(
    ("files", "accepted"),
    [
        ("reports/**/seed.txt", True),
        ("reports/**/*.txt", True),
        ("**/q1/*.txt", True),
        ("2024/**/q1/seed.txt", True),  # ** may stand for no folder at all
        ("reports/**", True),
        ("q1/*.txt", True),
        ("reports/*/seed.txt", False),  # * is one folder, the file is two down
        ("2024/*.txt", False),
        ("2023/**/*.txt", False),
    ],
)
def test_per_sheet_ignores_files_globs_accept_double_stars(run, tmp_path, files, accepted):
    nested = tmp_path / "reports" / "2024" / "q1"
    nested.mkdir(parents=True)
    (nested / "seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / ".shakyo-eval.toml").write_text(
        f'[[per-sheet-ignores]]\nsheet = 4\nrules = ["SE203"]\nreason = "r"\nfiles = "{files}"\n'
    )
    data = checked(run, nested / "seed.txt")[1]
    assert data["summary"]["errors"] == SEED_ERRORS - 2 * accepted


@pytest.mark.parametrize(
    ("config", "japanese", "english"),
    [
        (
            'select = ["SE1O3"]',
            "規則 ID でもその接頭辞でもありません: 「SE1O3」",
            "unknown rule id or prefix 'SE1O3'",
        ),
        ('ignore = ["SE9"]', "「SE9」", "unknown rule id or prefix 'SE9'"),
        ('severity = { SE999 = "info" }', "「SE999」", "unknown rule id or prefix 'SE999'"),
        (
            'severity = { SE103 = "fatal" }',
            "severity.SE103: error, warning, info のいずれかを指定してください（「fatal」は使えません）",
            "severity.SE103: should be one of error, warning, info, not 'fatal'",
        ),
        ("severity = 3", "severity: テーブル {...} を指定してください", "should be a table {...}"),
        ('selct = ["SE1"]', "不明なキー「selct」", "unknown key 'selct'"),
        (
            "strict = 'yes'",
            "strict: true か false を指定してください",
            "strict: should be true or false",
        ),
        (
            'lang = "fr"',
            "lang: ja, en のいずれかを指定してください",
            "lang: should be one of ja, en",
        ),
        (
            'format = "xml"',
            "format: 不明な形式「xml」です（github, html, json",
            "format: unknown format 'xml' (one of github, html, json",
        ),
        (
            "[[per-sheet-ignores]]\nsheet = 4\nrules = ['SE203']",
            "キー「per-sheet-ignores[0].reason」がありません",
            "missing key 'per-sheet-ignores[0].reason'",
        ),
        (
            "[[per-sheet-ignores]]\nsheet = '4'\nrules = []\nreason = ''",
            "per-sheet-ignores[0].sheet: 整数を指定してください（ほかに 2 件）",
            "per-sheet-ignores[0].sheet: should be a whole number (and 2 more)",
        ),
        (
            "[[per-sheet-ignores]]\nsheet = 4\nrules = ['SE2O3']\nreason = 'r'",
            "「SE2O3」",
            "'SE2O3'",
        ),
        (
            "[[per-sheet-ignores]]\nsheet = 4\nrule = ['SE203']\nreason = 'r'",
            "不明なキー「per-sheet-ignores[0].rule」",
            "unknown key 'per-sheet-ignores[0].rule'",
        ),
        ("select = [", "TOML として読めません: Invalid value", "not valid TOML: Invalid value"),
    ],
)
def test_a_bad_config_is_one_line_in_the_users_language_and_exit_2(
    run, project, config, japanese, english
):
    path = project(config)
    for args, message in (((), japanese), (("--lang", "en"), english)):
        result = run("check", path, *args)
        assert result.exit_code == 2
        assert result.stdout == ""
        line = result.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert line.startswith(f"shakyo-eval: {path.parent / '.shakyo-eval.toml'}: ")
        assert message in line


def test_a_config_error_follows_the_files_own_lang(run, project):
    path = project('lang = "en"\nselect = ["SE1O3"]')
    assert run("check", path).stderr.endswith(": unknown rule id or prefix 'SE1O3'\n")
    assert "「SE1O3」" in run("check", path, "--lang", "ja").stderr
    project('lang = "en"\nstrict = 3')  # the file does not validate, but its lang does
    assert run("check", path).stderr.endswith(": strict: should be true or false\n")


def test_a_typo_on_the_command_line_names_the_option(run, project):
    result = run("check", project(), "--select", "SE1,SE2O1")
    assert result.exit_code == 2
    assert (
        result.stderr == "shakyo-eval: --select: 規則 ID でもその接頭辞でもありません: 「SE2O1」\n"
    )
    english = run("check", project(), "--select", "SE1,SE2O1", "--lang", "en")
    assert english.stderr == "shakyo-eval: --select: unknown rule id or prefix 'SE2O1'\n"


def test_command_line_select_replaces_and_ignore_adds(run, project):
    path = project('select = ["SE2"]\nignore = ["SE204"]')
    assert set(rules_of(checked(run, path)[1])) == {"SE201", "SE203", "SE205"}
    assert rules_of(checked(run, path, "--select", "SE1")[1]) == ["SE103"]
    assert set(rules_of(checked(run, path, "--ignore", "SE203,SE205")[1])) == {"SE201"}


def test_lang_and_format_defaults_from_the_config(run, project):
    path = project('lang = "en"\nformat = "github"')
    result = run("check", path)
    assert result.stdout.startswith("::warning file=")
    assert "a dropped digit" in result.stdout
    assert "桁の脱落" in run("check", path, "--lang", "ja").stdout
    assert json.loads(run("check", path, "--format", "json").stdout)["tool"] == "shakyo-eval"


def test_pyproject_table_is_found_walking_up(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.shakyo-eval]\nselect = ["SE401"]\n')
    nested = tmp_path / "reports" / "2024"
    nested.mkdir(parents=True)
    (nested / "pyproject.toml").write_text("[tool.other]\nx = 1\n")  # not ours: skipped
    (nested / "seed.txt").write_bytes(SEED.read_bytes())
    assert find([nested / "seed.txt"]) == tmp_path / "pyproject.toml"
    assert find([nested]) == tmp_path / "pyproject.toml"
    assert set(rules_of(checked(run, nested / "seed.txt")[1])) == {"SE401"}
    (tmp_path / "reports" / ".shakyo-eval.toml").write_text('select = ["SE1"]\n')
    assert find([nested / "seed.txt"]) == tmp_path / "reports" / ".shakyo-eval.toml"
    (tmp_path / "reports" / "pyproject.toml").write_text('[tool.shakyo-eval]\nselect = ["SE2"]\n')
    assert find([nested]) == tmp_path / "reports" / ".shakyo-eval.toml"  # the dotfile first


def test_an_explicit_config_file(run, project, tmp_path):
    path = project('select = ["SE1"]')
    other = tmp_path / "ci.toml"
    other.write_text('select = ["SE401"]\n')
    assert set(rules_of(checked(run, path, "--config", other)[1])) == {"SE401"}
    missing = run("check", path, "--config", tmp_path / "nope.toml")
    assert missing.exit_code == 2
    assert missing.stderr.strip().endswith("nope.toml: 設定ファイルが見つかりません")
    english = run("check", path, "--config", tmp_path / "nope.toml", "--lang", "en")
    assert english.stderr.strip().endswith("nope.toml: config file not found")


def test_settings_from_python():
    run = settings([SEED], select=["SE2"], ignore=["SE205"], lang="en", strict=None)
    assert [r.id for r in run.options.rules] == ["SE201", "SE202", "SE203", "SE204"]
    assert (run.lang, run.strict, run.format) == ("en", False, "terminal")
    with pytest.raises(ConfigError, match="'SE7'"):
        settings([SEED], ignore=["SE7"])


def test_the_readme_example_config_is_valid(tmp_path):
    readme = (SEED.parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n")[1].split("```")[0]
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    run = settings([tmp_path / "sheets.pdf"])
    assert run.source == tmp_path / "pyproject.toml"
    assert (run.lang, run.format, run.strict) == ("en", "github", True)
    assert "SE205" not in {r.id for r in run.options.rules}
    (accepted,) = run.options.sheet_ignores
    assert (accepted.sheet, accepted.rules, accepted.files) == (4, ("SE203",), "2024/**/*.pdf")
