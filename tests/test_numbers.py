from decimal import Decimal

import pytest

from shakyo_eval.labels import squash, tidy
from shakyo_eval.numbers import NotANumber, fiscal_year, parse_number


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [
        ("1,724,813", "1724813", 0),
        ("１，７２４，８１３", "1724813", 0),
        ("▲12", "-12", 0),
        ("△1,200", "-1200", 0),
        ("0.987", "0.987", 3),
        ("9,340.0", "9340.0", 1),
        ("1,724,813円", "1724813", 0),
        ("0.30", "0.30", 2),
        ("３１１３", "3113", 0),
        (" 24.15 ", "24.15", 2),
    ],
)
def test_numbers_as_printed(text, value, decimals):
    parsed = parse_number(text)
    assert parsed.value == Decimal(value)
    assert parsed.decimals == decimals


@pytest.mark.parametrize("text", ["", "-", "－", "―", "  "])
def test_placeholders_are_empty_not_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["1,2O4", "約100", "12月", "1.2.3"])
def test_not_numbers(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_thousand_yen_unit_is_reported():
    assert parse_number("1,725千円").unit == "千円"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和6年度", 2024),
        ("令和 6 年度", 2024),
        ("平成21年度", 2009),
        ("令和元年度", 2019),
        ("R4", 2022),
        ("2024年度", 2024),
        ("事業計画", None),
    ],
)
def test_fiscal_years(text, year):
    assert fiscal_year(text) == year


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("指 標", "指標"),
        ("特定 財源", "特定財源"),
        ("<b>実施状況に対する 評価</b>", "実施状況に対する評価"),
        ("今後の方向性\n【拡充】", "今後の方向性【拡充】"),
        ("コスト内訳（円）", "コスト内訳(円)"),
    ],
)
def test_labels_compare_without_spaces_tags_or_width(text, key):
    assert squash(text) == key


def test_tidy_drops_layout_spaces_between_japanese_only():
    assert tidy("産後ヘルパー新規 利用者数") == "産後ヘルパー新規利用者数"
    assert tidy("一般募金配分金収入 (赤い羽根)") == "一般募金配分金収入 (赤い羽根)"
