"""SE1xx on the seed and on the seed with one number changed."""

from decimal import Decimal as D

from conftest import SEED, SEED_CORRECTED
from helpers import findings, flat

SUMS = ("SE101", "SE102", "SE103", "SE104")


def test_seed_dropped_digit_in_contract_staff_cost():
    # Sheet 5, R4: (e) 16,658,300 is confirmed by (f) = (d) + (e); 9,771,600 + x = 16,658,300
    # needs x = 6,886,700, and 688,670 is that number with a digit dropped.
    (finding,) = findings(SEED, "SE103")
    assert (finding.sheet, finding.year, finding.field) == (5, "R4", "costs.staff.contract.cost")
    assert (finding.written, finding.expected) == (D(688670), D(6886700))
    assert finding.params["diagnosis"] == "dropped_digit"
    assert "6,886,700" in finding.text("en") and "a dropped digit" in finding.text("en")
    assert "桁の脱落" in finding.text("ja")


def test_seed_other_sums_hold():
    assert [f.rule for f in findings(SEED, *SUMS)] == ["SE103"]
    assert findings(SEED_CORRECTED, *SUMS) == []


def test_se101_swapped_digits_in_specific_total(seed_variant):
    # Sheet 2, R4: (a) printed 3,327,619 instead of 3,372,619. Swapping the item
    # 1,172,959 → 1,127,959 would also mend Σ items, but only a corrected (a) mends
    # (c) = (a) + (b) too, so (a) is named, once, by both rules.
    path = seed_variant({74: ("3,372,619", "3,327,619")})
    grouped = findings(path, *SUMS, grouped=True)
    assert len(grouped) == 1
    (finding,) = grouped
    assert (finding.rule, finding.sheet, finding.year, finding.field) == (
        "SE101",
        2,
        "R4",
        "costs.revenue.specific_total",
    )
    assert finding.expected == D(3372619)
    assert finding.params["diagnosis"] == "swapped_digits"
    assert [f.rule for f in finding.also] == ["SE102"]


def test_se102_revenue_total(seed_variant):
    path = seed_variant({28: ("1,724,813", "1,742,813")})
    assert flat(findings(path, "SE102")) == {
        ("SE102", 1, "R4", "costs.revenue.total", D(1742813), D(1724813))
    }


def test_se103_wrong_total_preferred_when_it_mends_the_other_sum(seed_variant):
    # Sheet 1, R4: (e) 4,338,670 → 4,338,760. 814,300 → 814,390 would also be a one-digit
    # slip, but only the corrected (e) makes (f) = (d) + (e) hold as well.
    path = seed_variant({36: ("4,338,670", "4,338,760")})
    assert flat(findings(path, "SE103")) == {
        ("SE103", 1, "R4", "costs.staff_total", D(4338760), D(4338670))
    }


def test_se104_expenditure_total_without_a_slip(seed_variant):
    path = seed_variant({37: ("6,063,483", "6,000,000")})
    (finding,) = findings(path, "SE104")
    assert (finding.field, finding.written, finding.expected) == (
        "costs.expenditure.total",
        D(6000000),
        D(6063483),
    )
    assert finding.message_id == "sum.total"
    assert "(d) + (e)" in finding.text("en") and "-63,483" in finding.text("en")


def test_thousand_yen_sums_hold_within_rounding(seed_variant):
    # Sheet 3 in 千円, rounded as Excel prints them: 270 + 511 = 781, printed (a) 780
    # (269,600 + 510,600 = 780,200). Within rounding, so no error or warning, only the
    # rounding-size differences for information; a real error is found.
    edits = {
        119: ("コスト内訳(円)", "コスト内訳(千円)"),
        120: ("269,420\t454,780", "270\t455"),
        121: ("510,000\t632,400", "511\t632"),
        122: ("779,420\t1,087,180", "780\t1,087"),
        123: ("409,000\t469,000", "409\t469"),
        124: ("1,188,420\t1,556,180", "1,189\t1,556"),
        125: ("833,912\t1,500,765", "834\t1,501"),
        128: ("810,200\t1,169,100", "810\t1,169"),
        132: ("810,200\t1,169,100", "810\t1,169"),
        133: ("1,644,112\t2,669,865", "1,644\t2,670"),
    }
    path = seed_variant(edits)
    sheet3 = [f for f in findings(path) if f.sheet == 3]
    assert {(f.rule, f.year, f.field, f.written, f.expected) for f in sheet3} == {
        ("SE108", "R4", "costs.revenue.specific_total", D(780), D(781)),
    }
    edits[124] = ("1,188,420\t1,556,180", "1,198\t1,556")
    path = seed_variant(edits, "error.txt")
    assert ("SE102", 3, "R4", "costs.revenue.total", D(1198), D(1189)) in flat(
        findings(path, "SE102")
    )
