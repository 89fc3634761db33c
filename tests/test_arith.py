from decimal import Decimal as D

import pytest

from shakyo_eval.rules.arith import digit_slip, round_half_up, truncate


@pytest.mark.parametrize(
    ("written", "needed", "slip"),
    [
        ("688670", "6886700", "dropped_digit"),  # seed, sheet 5, R4 嘱託職員人件費
        ("68867000", "6886700", "extra_digit"),
        ("3327619", "3372619", "swapped_digits"),
        ("814390", "814300", "mistyped_digit"),
        ("688670", "6886711", None),
        ("1000", "2500", None),
        ("9340.0", "9339.7", None),  # not whole numbers: not a slip of digits
    ],
)
def test_digit_slips(written, needed, slip):
    assert digit_slip(D(written), D(needed)) == slip


def test_rounding_is_half_up_as_excel_rounds():
    assert round_half_up(D("2194799.5"), 0) == D("2194800")  # seed, sheet 4, R4 f/g
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert truncate(D("24.1570"), 2) == D("24.15")
