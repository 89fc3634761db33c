"""Every template, not one: the real layouts of samples/templates/ checked end to end.

Each template folder holds a correct copy of real sheets and a copy with one injected error of
every kind its relations can catch, and a manifest (expected.toml) that names each wrong cell:
its sheet, its printed row label and column, what is written and what the arithmetic needs. A
correct copy gives no error and no warning; an error copy gives exactly the manifest's errors,
each on its cell (the finding's location is the location of the number the manifest names),
with the expected value, in Japanese and in English. A real rounding-size difference (the
prefecture's 131,284 for 131,283) is reported at info level, in both copies.
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from shakyo_eval import labels as L
from shakyo_eval.checker import Options, check, read_document
from shakyo_eval.findings import Finding, Severity
from shakyo_eval.model import Number, Sheet
from shakyo_eval.numbers import parse_number

from conftest import SAMPLES, SHARED

TEMPLATES = SAMPLES / "templates"
# the template that must read each folder's sheets (formulas: a layout nobody described)
READ_BY = {
    "kaizuka": {"kaizuka-jimujigyo", "kaizuka-shisaku"},
    "pref": {"pref-kanri"},
    "ikeda": {"ikeda"},
    "formulas": {"generic"},
}
# the rules that catch each kind of injected error
RULES = {
    "sum": {"SE101", "SE102", "SE103", "SE104", "SE105"},
    "slip": {"SE101", "SE102", "SE103", "SE104", "SE105", "SE106"},
    "difference": {"SE106"},
    "quotient": {"SE201"},
    "ratio": {"SE202"},
    "fraction": {"SE203"},
    "rounding": {"SE108"},
}


def manifest(name: str) -> dict[str, list[dict]]:
    return tomllib.loads((TEMPLATES / name / "expected.toml").read_text(encoding="utf-8"))


def files(name: str, copy: str) -> list[Path]:
    folder = TEMPLATES / name
    return sorted(p for p in folder.rglob(f"{copy}*") if p.is_file()) + sorted(
        (folder / copy).glob("*.html") if (folder / copy).is_dir() else []
    )


def findings_of(path: Path) -> list[Finding]:
    (document,) = check([path], Options()).documents
    assert document.error is None, document.error
    return document.findings


def number(text: str) -> Decimal:
    parsed = parse_number(text)
    assert parsed is not None
    return parsed.value


def cell(path: Path, entry: dict) -> tuple[Sheet, Number]:
    """The number a manifest entry names: its sheet, its row by label, its column."""
    document = read_document(path)
    (sheet,) = [s for s in document.sheets if str(s.identifier) == entry["sheet"]]
    rows = [r for r in sheet.rows() if L.squash(r.label) == L.squash(entry["row"])]
    found = [
        r.values[c] for r in rows for c in r.values if L.squash(c) == L.squash(entry["column"])
    ]
    (value,) = [n for n in found if number(n.text) == number(entry["written"])]
    return sheet, value


@pytest.mark.parametrize("name", READ_BY)
def test_correct_sheets_give_no_error_or_warning(name):
    rounding = {(e["file"], e["sheet"], e["column"]) for e in manifest(name).get("rounding", [])}
    for path in files(name, "correct"):
        document = read_document(path)
        assert {s.template for s in document.sheets} <= READ_BY[name], path
        for finding in findings_of(path):
            assert finding.severity == Severity.INFO, (path, finding.rule, finding.text("en"))
            where = (str(path.relative_to(TEMPLATES / name)), str(finding.sheet), finding.year)
            assert finding.rule == "SE108" and where in rounding, (path, finding.text("en"))


@pytest.mark.parametrize("name", READ_BY)
def test_every_injected_error_is_found_on_its_cell(name):
    listed = manifest(name)
    expected: dict[Path, list[dict]] = {}
    for entry in listed["error"] + listed.get("rounding", []):
        if entry["file"].startswith("errors"):
            expected.setdefault(TEMPLATES / name / entry["file"], []).append(entry)
    assert sum(len(v) for v in expected.values()) >= 5
    for path in files(name, "errors"):
        findings = findings_of(path)
        errors = [f for f in findings if f.severity != Severity.INFO]
        entries = expected.get(path, [])
        assert len(errors) == len([e for e in entries if e["kind"] != "rounding"]), (
            path,
            [(f.rule, f.sheet, f.year, f.field, f.written) for f in errors],
        )
        for entry in entries:
            sheet, printed = cell(path, entry)
            (finding,) = [f for f in findings if f.location == printed.location]
            assert finding.sheet == sheet.identifier
            assert {finding.rule, *(f.rule for f in finding.also)} & RULES[entry["kind"]], entry
            assert finding.written == number(entry["written"])
            assert finding.expected == number(entry["expected"]), (entry, finding.text("en"))
            if entry["kind"] == "slip":
                assert "diagnosis" in finding.params, finding.text("en")
            for lang in ("ja", "en"):
                message = finding.text(lang)
                assert f"{number(entry['expected']):,f}" in message, message
            assert "。" in finding.text("ja") and "。" not in finding.text("en")


def test_a_sheet_of_an_unknown_template_is_read_and_its_printed_formulas_checked():
    document = read_document(TEMPLATES / "formulas" / "correct.txt")
    assert [(s.template, s.identifier, s.name) for s in document.sheets] == [
        ("generic", "101", "子育てサロン運営事業"),
        ("generic", "102", "地域防災訓練事業"),
        ("generic", "103", "地域活動団体補助事業"),
    ]
    sheet = document.sheets[0]
    printed = {(r.source, r.formula) for r in sheet.relations}
    assert {
        ("label", "(d)+(e)"),
        ("label", "(a)+(b)+(c)"),
        ("label", "支出合計−特定財源"),
        ("label", "(A)+(B)"),
        ("label", "f/g"),
        ("label", "c/f"),
        ("label", "H22/H21(%)"),
        ("block", "委託料 + 補助金 + 需用費"),
        ("block", "正規職員 + 非常勤職員"),
    } <= printed


def test_each_kind_of_template_relation_is_read_from_the_template():
    sheet = read_document(TEMPLATES / "kaizuka" / "correct" / "05010201.html").sheets[0]
    assert sheet.template == "kaizuka-shisaku"
    relations = {r.result: r for r in sheet.relations if r.source == "template"}
    full = relations["costs.full_cost"]
    assert (full.kind, full.rule, len(full.operands)) == ("sum", "SE104", 4)
    general = relations["costs.revenue.general1"]
    assert [o.sign for o in general.operands] == [1, -1, -1, -1, -1, -1]
    per_head = relations["costs.per_beneficiary1"]
    assert (per_head.kind, per_head.rule) == ("quotient", "SE201")
    # 0.62 千円 = 55,690 千円 / 89,800 people, printed with two decimals
    assert sheet.value("costs.per_beneficiary1", "H24決算").amount == Decimal("620")
    # staff rows are printed in 決算 columns only: blank in 予算 columns, not zero
    assert sheet.value("costs.staff.direct", "H24予算") is None


PREF_TRANSCRIPT = SHARED / "corpus" / "real" / "pref_kanri_jigyo_hyoka_chosho_sample_h28.txt"


@pytest.mark.skipif(not PREF_TRANSCRIPT.exists(), reason="the real corpus is absent")
def test_a_sheet_starts_at_its_title_not_at_every_line_naming_the_form(run):
    # the published page names 管理事業評価調書 in a link and a heading before the sheet's own
    # title (平成28年度 管理事業評価調書(28年度対象)): one sheet, from its title line
    document = read_document(PREF_TRANSCRIPT)
    assert [(s.template, s.location.line) for s in document.sheets] == [("pref-kanri", 4)]
    # its PDF text order is lost (a value a line): no cost table, said in the template's
    # name for it, and said of the sheet by its place, not of the whole document (it prints
    # no number or name here)
    result = run("check", str(PREF_TRANSCRIPT), "--width", "80")
    assert "1 枚目のシート" in result.output and "文書全体" not in result.output
    assert "SE003" in result.output and "経費 が見つかりません" in result.output
    english = run("check", str(PREF_TRANSCRIPT), "--lang", "en", "--width", "100").output
    assert "sheet 1 of the document" in english and "no cost table (経費) found" in english


# --- templates of one's own ----------------------------------------------------------------

MARU = TEMPLATES / "formulas" / "maru-karte.toml"


def test_templates_lists_every_template_and_which_read_each_sheet(run):
    listed = run("templates").output.split("\n")
    ids = [line.split()[0] for line in listed if line]
    assert ids == [
        "ikeda",
        "kaizuka-jimujigyo",
        "kaizuka-shisaku",
        "ofunato",
        "pref-kanri",
        "rs-yosan-shikko",
        "shakyo",
        "generic",
    ]
    assert "社会福祉協議会 事務事業評価表  (組み込み)" in listed[6]
    english = run("templates", "--lang", "en", "-v").output
    assert "(built in)" in english
    assert "costs.full_cost = costs.staff.direct + costs.staff.indirect" in english
    mine = run("templates", "--template", MARU, TEMPLATES / "formulas" / "correct.txt").output
    assert mine.startswith(f"maru-karte            ○○市 事業評価カルテ  ({MARU})")
    assert "  シート 101 子育てサロン運営事業: maru-karte" in mine


def test_check_verbose_says_which_template_read_the_sheets(run):
    result = run("check", "-v", TEMPLATES / "pref" / "correct.pdf")
    assert "様式 pref-kanri で読んだシート: 0520, 0530" in result.stderr
    english = run("check", "-v", "--lang", "en", SAMPLES / "seed.txt").stderr
    assert "sheets read by template shakyo: 1, 2, 3, 4, 5" in english


def test_a_template_of_ones_own_reads_the_sheets_and_adds_its_relations(run, tmp_path):
    correct = TEMPLATES / "formulas" / "correct.txt"
    assert run("check", "--template", MARU, correct).exit_code == 0
    # 直接コスト (A) is 支出合計 (f): no label says so, the template does. (A) and the total
    # (A)+(B) both changed, so that what the labels print still holds
    text = correct.read_text(encoding="utf-8")
    variant = tmp_path / "karte.txt"
    text = text.replace("直接コスト (A)\t\t9,388", "直接コスト (A)\t\t9,838")
    variant.write_text(text.replace("(A)+(B)\t\t10,238", "(A)+(B)\t\t10,688"), "utf-8")
    assert run("check", variant).exit_code == 0  # the generic reader cannot know it
    result = run("check", "--template", MARU, variant, "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["documents"][0]["findings"]
    assert (finding["rule"], finding["sheet"], finding["field"]) == (
        "SE105",
        "101",
        "full_cost.direct",
    )
    assert (finding["written"], finding["expected"]) == (9838, 9388)


def test_a_config_names_templates_relative_to_itself(run, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "karte.toml").write_text(MARU.read_text(encoding="utf-8"), "utf-8")
    (tmp_path / ".shakyo-eval.toml").write_text('templates = ["templates/karte.toml"]\n', "utf-8")
    sheet = tmp_path / "karte.txt"
    sheet.write_text((TEMPLATES / "formulas" / "correct.txt").read_text(encoding="utf-8"), "utf-8")
    result = run("extract", sheet)
    assert {s["template"] for s in json.loads(result.output)["sheets"]} == {"maru-karte"}


GOOD = MARU.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "line", "japanese", "english"),
    [
        (('id = "maru-karte"', 'id = "maru-karte'), 5, "TOML として読めません", "not valid TOML"),
        (
            ('letter = "A"', 'lettr = "A"'),
            50,
            "不明なキー「row[1].lettr」",
            "unknown key 'row[1].lettr'",
        ),
        (
            ("label = '活動実績'", "label = '活動実績('"),
            54,
            "row[2].label: 正規表現として読めません",
            "not a regular expression",
        ),
        (
            ('table = "unit_costs"\nlabel', 'table = "unit_cost"\nlabel'),
            53,
            "row[2].table: 「unit_cost」という表",
            "no table named 'unit_cost'",
        ),
        (
            ('= costs.expenditure.total"', '= costs.expenditure.totl"'),
            62,
            "relation[0].formula: 「costs.expenditure.totl」という field の行がありません",
            "no row has the field 'costs.expenditure.totl'",
        ),
        (
            ('= costs.expenditure.total"', '= costs.expenditure.total +"'),
            62,
            "relation[0].formula: 「full_cost.direct = costs.expenditure.total +」は式として読めません",
            "is not a formula",
        ),
        (
            ('rule = "SE105"', 'rule = "SE195"'),
            63,
            "relation[0].rule: 規則 ID ではありません: 「SE195」",
            "unknown rule id 'SE195'",
        ),
        (
            ("amount = false", 'amount = "no"'),
            59,
            "row[2].amount: true か false を指定してください",
            "should be true or false",
        ),
    ],
)
def test_a_bad_template_is_one_line_naming_file_line_and_key(
    run, tmp_path, change, line, japanese, english
):
    assert change[0] in GOOD
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(change[0], change[1], 1), encoding="utf-8")
    for args, message in (((), japanese), (("--lang", "en"), english)):
        result = run("check", "--template", path, SAMPLES / "seed.txt", *args)
        assert result.exit_code == 2 and result.stdout == ""
        stderr = result.stderr.strip()
        assert "\n" not in stderr and "Traceback" not in stderr
        assert stderr.startswith(f"shakyo-eval: {path}:{line}: "), stderr
        assert message in stderr, stderr


def test_a_missing_template_file_is_one_line(run, tmp_path):
    result = run("check", "--template", tmp_path / "none.toml", SAMPLES / "seed.txt")
    assert result.exit_code == 2
    assert result.stderr == f"shakyo-eval: {tmp_path / 'none.toml'}: 様式ファイルが見つかりません\n"


def test_the_readme_example_is_the_sample_template():
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("A complete\nexample", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    assert tomllib.loads(example) == tomllib.loads(MARU.read_text(encoding="utf-8"))
