from decimal import Decimal as D

from conftest import SEED, SEED_CORRECTED
from helpers import findings, flat, report_of


def test_se301_seed_targets_against_last_years_actual():
    assert flat(findings(SEED, "SE301")) == {
        ("SE301", 4, "R5", "indicators[2].target", D(19), D(14)),
        ("SE301", 4, "R5", "indicators[3].target", D(8), D(4)),
        ("SE301", 5, "R6", "indicators[1].target", D(39), D(23)),
        ("SE301", 5, "R6", "indicators[2].target", D(28), D(27)),
    }
    message = next(f for f in findings(SEED, "SE301") if f.sheet == 4).text("ja")
    assert (
        message
        == "通いの場の活動の創出支援回数 目標 19: 指標の根拠は前年度実績ですが、R4 の実績は 14 です。"
    )


def test_se301_corrected_seed():
    assert findings(SEED_CORRECTED, "SE301") == []


def test_se302_seed_bases_hold_and_the_rest_is_reported_as_not_checkable():
    assert findings(SEED, "SE302") == []
    (document,) = report_of(SEED, "SE302").documents
    assert [(u.sheet, u.field, u.message_id) for u in document.unchecked] == [
        (2, "indicators[1].target", "basis.plan"),  # 事業計画
        (3, "indicators[3].target", "basis.missing"),  # 養成講座定員の2割: no 定員 in the text
        (4, "indicators[1].target", "basis.free_text"),  # 総合事業のガイドラインによる…
    ]


def test_se302_ratio_basis(seed_variant):
    # Sheet 3: 利用者数の2割 with ふれあいサービス 13名 (10名): R6 target 2割 of 13 = 2.6.
    path = seed_variant({109: ("\t4\t2\t2", "\t4\t2\t5")})
    assert flat(findings(path, "SE302")) == {
        ("SE302", 3, "R6", "indicators[1].target", D(5), D("2.6"))
    }


def test_se302_total_basis(seed_variant):
    # Sheet 2: 全自治組織数, the text states 自治組織数 58自治組織 (58自治組織).
    path = seed_variant({65: ("\t58\t58\t58", "\t58\t58\t60")})
    assert flat(findings(path, "SE302")) == {
        ("SE302", 2, "R6", "indicators[3].target", D(60), D(58))
    }
