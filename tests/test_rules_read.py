from decimal import Decimal as D

from conftest import SEED_CORRECTED
from helpers import findings, flat


def test_se001_unreadable_number_is_reported_not_zero(seed_variant):
    path = seed_variant({230: ("2,061", "2,O61")})
    assert flat(findings(path, "SE001")) == {("SE001", 5, "R4", "unit_cost.units", "2,O61", None)}
    # and the unit cost that needs it is not checked against a zero
    assert [f for f in findings(path, "SE201") if f.sheet == 5] == []


def test_se002_unknown_row_is_listed(seed_variant):
    path = seed_variant({223: ("臨時職員人件費", "会計年度任用職員人件費")})
    # the row, and the 業務量 row after it, which is not given to the staff row before it
    assert [(f.sheet, f.params["cells"]) for f in findings(path, "SE002")] == [
        (5, ["会計年度任用職員人件費"]),
        (5, ["業務量(人)"]),
    ]
    assert findings(path, "SE103") == []


def test_se003_sheet_without_cost_tables(tmp_path):
    lines = SEED_CORRECTED.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines[:19]), encoding="utf-8")  # sheet 1 up to its indicators
    assert flat(findings(path, "SE003")) == {
        ("SE003", 1, None, "costs", None, None),
        ("SE003", 1, None, "unit_costs", None, None),
    }


def test_corrected_seed_reads_cleanly():
    assert findings(SEED_CORRECTED, "SE001", "SE002", "SE003") == []


def test_se004_a_cost_table_cut_off_gives_the_checks_that_remain(tmp_path):
    # sheet 1 cut off after 人件費合計 (e), as a truncated file or a lost page cuts it, with
    # 正規職員人件費 R4 mistyped: the sums above the cut are still checked
    lines = SEED_CORRECTED.read_text(encoding="utf-8").split("\n")[:36]
    lines[29] = lines[29].replace("814,300", "841,300")
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    found = findings(path)
    assert ("SE103", 1, "R4", "costs.staff.regular.cost", D(841300), D(814300)) in flat(found)
    unchecked = {(f.field, f.params["missing_fields"][0]) for f in found if f.rule == "SE004"}
    assert unchecked == {
        ("costs.expenditure.total", "costs.expenditure.total"),
        ("unit_cost.per_unit", "costs.expenditure.total"),
        ("unit_cost.ratio", "costs.expenditure.total"),
    }
    (message,) = [f.text("ja") for f in found if f.field == "costs.expenditure.total"]
    assert message == "支出合計 (f) がないため、支出合計 (f) = (d) + (e) を検査できません。"
    assert ("SE003", 1, None, "unit_costs", None, None) in flat(found)
