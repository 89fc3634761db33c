"""SE2xx on the seed and on the corrected seed with one number changed."""

from decimal import Decimal as D

from conftest import SEED, SEED_CORRECTED
from helpers import findings, flat

UNIT_COSTS = ("SE201", "SE202", "SE203", "SE204", "SE205")


def test_se201_seed_unit_cost_rounded_to_whole_yen():
    # Sheet 1, R5: 5,501,088 ÷ 589 = 9,339.708 → 9,339.7; printed 9,340.0.
    (finding,) = findings(SEED, "SE201")
    assert (finding.sheet, finding.year, finding.written, finding.expected) == (
        1,
        "R5",
        D("9340.0"),
        D("9339.7"),
    )
    assert finding.message_id == "per_unit.padded"


def test_se201_plain_mismatch(seed_variant):
    path = seed_variant({138: ("50,374.8", "50,347.8")})
    (finding,) = findings(path, "SE201")
    assert (finding.sheet, finding.year, finding.expected, finding.message_id) == (
        3,
        "R5",
        D("50374.8"),
        "per_unit",
    )


def test_se202_ratio(seed_variant):
    path = seed_variant({139: ("58.3", "53.8")})
    assert flat(findings(path, "SE202")) == {
        ("SE202", 3, "R5", "unit_cost.ratio", D("53.8"), D("58.3"))
    }


def test_se203_seed_ratio_printed_as_fraction():
    assert flat(findings(SEED, "SE203")) == {
        ("SE203", 4, "R4", "unit_cost.ratio", D("0.987"), D("98.7")),
        ("SE203", 4, "R5", "unit_cost.ratio", D("1.055"), D("105.5")),
    }
    # the ratio rule leaves these to SE203: one finding per cell, the better diagnosis
    assert findings(SEED, "SE202") == []
    message = findings(SEED, "SE203")[0].text("en")
    assert message.startswith(
        "revenue/expenditure ratio (c/f) 0.987 is a fraction; as a percent it is 98.7"
    )


def test_se204_seed_mixed_precision():
    assert flat(findings(SEED, "SE204")) == {
        ("SE204", 1, "R5", "unit_cost.ratio", D("24.15"), D("24.2")),
        ("SE204", 2, "R5", "unit_cost.ratio", D("39.17"), D("39.2")),
    }


def test_se205_seed_truncated_ratio():
    # 1,328,898 ÷ 5,501,088 × 100 = 24.1570: rounds to 24.16, truncates to 24.15.
    assert flat(findings(SEED, "SE205")) == {
        ("SE205", 1, "R5", "unit_cost.ratio", D("24.15"), D("24.16"))
    }


def test_truncation_is_not_an_error():
    assert findings(SEED, "SE202") == []


def test_corrected_seed_unit_costs_hold():
    assert findings(SEED_CORRECTED, *UNIT_COSTS) == []


def test_half_up_at_zero_decimals(seed_variant):
    # Sheet 4, R4: 8,779,198 ÷ 4 = 2,194,799.5 prints 2,194,800 rounded half-up;
    # 2,194,799 is the truncated value (information), 2,194,790 is wrong.
    assert findings(SEED_CORRECTED, "SE201", "SE205") == []
    path = seed_variant({185: ("2,194,800", "2,194,799")})
    assert [(f.rule, f.expected) for f in findings(path, "SE201", "SE205")] == [
        ("SE205", D(2194800))
    ]
    path = seed_variant({185: ("2,194,800", "2,194,790")}, "wrong.txt")
    assert [(f.rule, f.expected) for f in findings(path, "SE201", "SE205")] == [
        ("SE201", D(2194800))
    ]
