"""Excel number formats: a stored value and its format → the text Excel shows.

Each case is what Excel itself displays for the value in a cell of that format; the formats
are the ones Japanese workbooks use for cost tables (▲/△ negatives, 千円, ratios).
"""

from decimal import Decimal

import pytest

from shakyo_eval.extract.numfmt import display, general
from shakyo_eval.numbers import parse_number

CASES = [
    # value, format code, what Excel displays
    (1234567, "#,##0", "1,234,567"),
    (-1234, "#,##0", "-1,234"),
    (-1234, '#,##0;"▲"#,##0', "▲1,234"),
    (-1234, '#,##0;[Red]"△"#,##0', "△1,234"),
    (-1234, "#,##0;▲#,##0", "▲1,234"),
    (-1234, "#,##0;[Red]-#,##0", "-1,234"),
    (0, '#,##0;▲#,##0;"-"', "-"),
    (1234.5, "#,##0.00_);[Red](#,##0.00)", "1,234.50"),
    (-1234.5, "#,##0.00_);[Red](#,##0.00)", "(1,234.50)"),
    (1234, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', "1,234"),
    (0, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', "-"),
    # percent: the stored value is a fraction
    (0.123, "0.0%", "12.3%"),
    (0.98765, "0.00%", "98.77%"),
    (1.055, "0.0%", "105.5%"),
    # 千円: a literal, or a trailing comma that divides by 1000
    (1234, '#,##0"千円"', "1,234千円"),
    (1234567, '#,##0,"千円"', "1,235千円"),
    (1234567, "#,##0,", "1,235"),
    (-1500, '#,##0,;"▲"#,##0,', "▲2"),
    # Excel rounds the decimal it shows, half away from zero
    (2.675, "0.00", "2.68"),
    (28.45, "0.0", "28.5"),
    (17032.25, "#,##0.0", "17,032.3"),
    (0.05, "0.0", "0.1"),
    (-0.04, "0.0", "-0.0"),
    (0.5, "#.00", ".50"),
    (0.5, ".00", ".50"),
    (12.5, ".00", "12.50"),
    (5, "0.#", "5."),
    (5, "00000", "00005"),
    (1234567, "000-0000", "123-4567"),
    (12345, "0.00E+00", "1.23E+04"),
    (0.000123, "0.00E+00", "1.23E-04"),
    (1234, "¥#,##0", "¥1,234"),
    (-1234, "[$¥-411]#,##0", "-¥1,234"),
    (150, '[>=100]"多"0;[<0]"負"0;0', "多150"),
    (5, '[>=100]"多"0;[<0]"負"0;0', "5"),
    (-5, "#,##0;;", ""),
    # General: up to 15 significant digits
    (33498000, "General", "33498000"),
    (42.9, "General", "42.9"),
    (0.1 + 0.2, "General", "0.3"),
    (1 / 3, "General", "0.333333333333333"),
    (1e20, "General", "1E+20"),
    (7, "", "7"),
    (True, "General", "TRUE"),
    # dates and times from the serial number, with the Japanese era
    (45383, '[$-411]ggge"年"m"月"d"日"', "令和6年4月1日"),
    (45383, "[$-411]ge.m.d", "R6.4.1"),
    (32516, "[$-411]ge.m.d", "H1.1.8"),
    (32515, 'ggge"年"', "昭和64年"),
    (45383, 'gge"年度"', "令6年度"),
    (45383, "yyyy/m/d", "2024/4/1"),
    (45383, "yyyy/mm/dd(aaa)", "2024/04/01(月)"),
    (45383.75, "h:mm AM/PM", "6:00 PM"),
    (45383.5, "yyyy/m/d h:mm", "2024/4/1 12:00"),
    (1.5, "[h]:mm", "36:00"),
    # text values: as stored, or in the format's text section
    ("-", "#,##0", "-"),
    ("abc", "@", "abc"),
    ("ふじみ野市", '@"社協"', "ふじみ野市社協"),
    ("　地域", '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', "　地域"),
]


@pytest.mark.parametrize(("value", "code", "shown"), CASES, ids=[f"{c[1]}:{c[0]}" for c in CASES])
def test_excel_displays(value, code, shown):
    assert display(value, code) == shown


@pytest.mark.parametrize(
    ("code", "value"),
    [("# ?/?", 1.25), ('garbage"', 7), ("[[[", 7), ("0;0;0;0;0", 7), (";;;", 1)],
)
def test_a_format_that_cannot_be_rendered_never_fails(code, value):
    # fractions, unbalanced quotes or brackets, five sections: a text, never an exception
    assert isinstance(display(value, code), str)


def test_a_fraction_format_falls_back_to_general():
    assert display(1.25, "# ?/?") == general(1.25) == "1.25"


def test_values_that_are_no_number():
    assert display(None, "#,##0") == ""
    assert display(float("inf"), "0") == "#NUM!"


@pytest.mark.parametrize(
    ("value", "code", "number", "unit"),
    [
        (1234567, "#,##0", 1234567, None),
        (-1234, '#,##0;"▲"#,##0', -1234, None),
        (-1234, '#,##0;"△"#,##0', -1234, None),
        (1234567, '#,##0,"千円"', 1235, "千円"),
        (0.123, "0.0%", Decimal("12.3"), "%"),
    ],
)
def test_the_shared_number_parser_reads_what_is_displayed(value, code, number, unit):
    parsed = parse_number(display(value, code))
    assert (parsed.value, parsed.unit) == (number, unit)
