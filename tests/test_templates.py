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

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from shakyo_eval import labels as L
from shakyo_eval.checker import Options, check, read_document
from shakyo_eval.findings import Finding, Severity
from shakyo_eval.model import Number, Sheet
from shakyo_eval.numbers import parse_number

from conftest import SAMPLES

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
