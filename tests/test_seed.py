"""The real document, end to end: every error it contains, and no false alarm."""

from decimal import Decimal as D

from shakyo_eval.findings import Severity

from conftest import SEED, SEED_CORRECTED
from helpers import findings, flat, report_of

# Each of these was checked by hand against the seed (see the rule docstrings).
SEED_FINDINGS = {
    ("SE401", 1, None, "label.costs.expenditure.project", "(b)", "(d)"),
    ("SE201", 1, "R5", "unit_cost.per_unit", D("9340.0"), D("9339.7")),
    ("SE204", 1, "R5", "unit_cost.ratio", D("24.15"), D("24.2")),
    ("SE205", 1, "R5", "unit_cost.ratio", D("24.15"), D("24.16")),
    ("SE204", 2, "R5", "unit_cost.ratio", D("39.17"), D("39.2")),
    ("SE401", 4, None, "label.costs.expenditure.project", "(b)", "(d)"),
    ("SE203", 4, "R4", "unit_cost.ratio", D("0.987"), D("98.7")),
    ("SE203", 4, "R5", "unit_cost.ratio", D("1.055"), D("105.5")),
    ("SE103", 5, "R4", "costs.staff.contract.cost", D("688670"), D("6886700")),
    # cross-checks: the targets against their basis, the text against the tables
    ("SE301", 4, "R5", "indicators[2].target", D(19), D(14)),
    ("SE301", 4, "R5", "indicators[3].target", D(8), D(4)),
    ("SE301", 5, "R6", "indicators[1].target", D(39), D(23)),
    ("SE301", 5, "R6", "indicators[2].target", D(28), D(27)),
    ("SE404", 3, "R5", "indicators[1].actual", D(7), D(8)),
    ("SE404", 5, "R5", "indicators[1].actual", D(23), D(22)),
    ("SE405", 5, "R4", "costs.staff.contract.cost", D("688670"), D("6886700")),
    ("SE406", 5, None, "unit_cost.definition", "年間個別支援回数", "年間個人支援回数"),
}


def test_seed_findings_are_exactly_the_real_errors():
    assert flat(findings(SEED)) == SEED_FINDINGS


def test_corrected_seed_has_no_error_level_finding():
    report = report_of(SEED_CORRECTED)
    assert report.summary().errors == 0
    assert findings(SEED_CORRECTED) == []
    assert report.exit_code() == 0


def test_same_cell_findings_are_grouped():
    grouped = findings(SEED, grouped=True)
    ratio = next(f for f in grouped if (f.sheet, f.year, f.field) == (1, "R5", "unit_cost.ratio"))
    assert ratio.rule == "SE204"
    assert [f.rule for f in ratio.also] == ["SE205"]


def test_seed_exit_code_and_summary():
    report = report_of(SEED)
    summary = report.summary()
    assert summary.sheets == 5
    assert summary.errors >= 4
    assert report.exit_code() == 1
    assert all(f.severity in Severity for d in report.documents for f in d.findings)


def test_repeated_sheets_each_keep_their_findings(tmp_path):
    # A document that holds the seed three times: same numbers, same names, three times
    # the findings (grouping is per printed cell, not per sheet number).
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "three.txt"
    path.write_text("\n".join([text] * 3), encoding="utf-8")
    single, triple = report_of(SEED).summary(), report_of(path).summary()
    assert triple.sheets == 15
    assert (triple.errors, triple.warnings, triple.infos) == (
        3 * single.errors,
        3 * single.warnings,
        3 * single.infos,
    )
