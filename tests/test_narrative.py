"""Figures read from 実施内容: this year's value, last year's in brackets, and their labels."""

from decimal import Decimal as D

import pytest

from shakyo_eval.checker import read_document
from shakyo_eval.model import Location
from shakyo_eval.narrative import read_figures

from conftest import SEED


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED)


def _figures(text: str):
    return [(f.text, f.previous, f.sub, f.group) for f in read_figures(text, Location())]


def test_bracket_gives_last_years_value():
    assert _figures("・ボランティア活動件数109件 (56件)、活動延べ人数349名 (138名)") == [
        ("109件", D(56), False, None),
        ("349名", D(138), False, None),
    ]


def test_new_members_are_part_of_the_figure_before_them():
    figures = read_figures(
        "利用者数 ふれあいサービス 13名 新規8名(10名 新規0名) 産後ヘルパー 11名 新規11名(7名 新規7名)",
        Location(),
    )
    assert [(f.value, f.previous, f.sub, f.label) for f in figures] == [
        (D(13), D(10), False, "ふれあいサービス"),
        (D(8), D(0), True, "ふれあいサービス 新規"),
        (D(11), D(7), False, "産後ヘルパー"),
        (D(11), D(7), True, "産後ヘルパー 新規"),
    ]
    assert {f.head for f in figures} == {"利用者数"}


def test_slash_joins_parts_of_one_quantity():
    text = "社会福祉法人連絡会の開催 7月実施12事業所・団体/2月実施10事業所・団体 (8月実施21事業所・団体/3月実施18事業所・団体)"
    assert _figures(text) == [
        ("12事業所・団体", D(21), False, 1),
        ("10事業所・団体", D(18), False, 1),
    ]


def test_dates_and_ordinals_are_not_figures():
    text = "第2層協議体は4圏域で令和5年4月1日から隔月に開催、毎月1回15日発行 1回につき4,922部 (4,918部)"
    assert _figures(text) == [
        ("4圏域", None, False, None),
        ("1回", None, False, None),
        ("1回", None, False, None),
        ("4,922部", D(4918), False, None),
    ]


def test_heading_names_a_line_that_names_nothing(seed):
    figure = next(f for f in seed.sheets[1].figures if f.text == "471回")
    assert figure.context == "ふれあい・いきいきサロンの実施"
    assert figure.previous == D(403)


def test_full_width_brackets_and_comma(seed):
    figure = next(f for f in seed.sheets[3].figures if f.text == "24回")
    assert figure.previous == D(25)  # 第2層協議体の運営支援24回参加者数420名（25回、336名）
