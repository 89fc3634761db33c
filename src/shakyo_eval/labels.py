"""The Japanese labels of the sheet, in one table.

Everything the assembler recognises by its printed words, and every display name a report
prints for a field, lives here. Labels are compared after :func:`squash` (NFKC, HTML tags
and every space removed), so ``指 標``, ``特定 財源`` and ``<b>実施状況に対する 評価</b>`` match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from shakyo_eval.numbers import nfkc

_TAGS = re.compile(r"</?[A-Za-z][^>]*>")  # <b>…</b>, not ＜居場所・活動の場＞
_WHITESPACE = re.compile(r"\s+")
# The printed row letter: (a) … (g), (f/g), (c/f), with or without a space before it.
ROW_LETTER = re.compile(r"\(([a-g](?:/[a-g])?)\)")
ROW_LETTER_SUFFIX = re.compile(r"\s*\([a-g](?:/[a-g])?\)$")


@lru_cache(maxsize=1 << 16)  # the same labels come back on every sheet
def squash(text: str) -> str:
    """The comparable form of a label: NFKC, no HTML tags, no whitespace at all."""
    return _WHITESPACE.sub("", _TAGS.sub("", nfkc(text)))


_JA = r"\u3005\u3006\u3040-\u30ff\u3400-\u9fff\uff5e、。「」『』【】・"
_SPACE_BETWEEN_JA = re.compile(rf"(?<=[{_JA}])\s+(?=[{_JA}])")


def tidy(text: str) -> str:
    """A short label-like value (a name, a unit) as printed but without layout spaces:
    ``産後ヘルパー新規 利用者数`` → ``産後ヘルパー新規利用者数``. Spaces next to Latin
    letters, digits or brackets are kept."""
    return _SPACE_BETWEEN_JA.sub("", _WHITESPACE.sub(" ", nfkc(text)).strip())


_HAS_JAPANESE = re.compile(rf"[{_JA}]")


def is_label(key: str) -> bool:
    """A squashed cell that names a row (Japanese words or a row letter), as opposed to a
    value, even a malformed one such as ``2,O61``."""
    return bool(_HAS_JAPANESE.search(key) or ROW_LETTER.fullmatch(key))


def split_letter(label: str) -> tuple[str, str | None]:
    """``"特定財源合計(a)"`` → ``("特定財源合計", "a")``; works on squashed labels."""
    match = ROW_LETTER.search(label)
    if not match:
        return label, None
    return (label[: match.start()] + label[match.end() :]), match[1]


# --- sheet structure ---------------------------------------------------------------------

DOCUMENT_TITLE = re.compile(r"事務事業評価(表|シート)")
SHEET_TITLE = "事務事業名"
YEAR_LABEL = re.compile(r"^(?:(?P<r>R|H)(?P<n>\d{1,2})|(?P<era>令和|平成)(?P<en>\d{1,2}|元)年度?)$")

HEADER_FIELDS: dict[str, str] = {
    "担当": "department",
    "担当課": "department",
    "事業種別": "project_type",
    "開始年度": "start_year_text",
    "計画体系": "plan",
    "根拠法令等": "legal_basis",
    "根拠法令": "legal_basis",
    "事業区分": "category",
    "サービス区分": "service_category",
    "事務事業目的": "purpose",
    "実施内容": "activities",
}

INDICATOR_HEADER = "指標"
INDICATOR_BASIS = "指標の根拠"
INDICATOR_UNIT = "単位"
INDICATOR_ROW_KIND = "区分"
TARGET = "目標"
ACTUAL = "実績"

COST_HEADER = re.compile(r"^コスト内訳")
UNIT_COST_HEADER = re.compile(r"^単位当たりコスト")
THOUSAND_YEN = "千円"

REMARKS = "備考"
EVALUATION = "実施状況に対する評価"
DIRECTION = "今後の方向性"
DIRECTION_LABEL = re.compile(r"【(?P<label>[^】]+)】")

# Group labels printed at the left of the cost table; they name a block, not a row.
COST_GROUPS = frozenset({"収入", "支出", "特定財源"})

# Cost-table rows: squashed label (row letter removed) → field path. Anchored, so that a
# revenue item such as ボランティア体験学習事業費補助金収入 is not taken for 事業費.
COST_ROWS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        (r"特定財源(合計|計)", "costs.revenue.specific_total"),
        (r"一般財源(等)?", "costs.revenue.general"),
        (r"収入(合計|計)", "costs.revenue.total"),
        (r"事業費", "costs.expenditure.project"),
        (r"正規職員人件費", "costs.staff.regular.cost"),
        (r"嘱託職員人件費", "costs.staff.contract.cost"),
        (r"臨時職員人件費", "costs.staff.temporary.cost"),
        (r"業務量(\(人\))?", "costs.staff.*.fte"),
        (r"人件費(合計|計)", "costs.staff_total"),
        (r"支出(合計|計)", "costs.expenditure.total"),
    )
)

UNIT_DEFINITION = "単位の定義"
UNIT_COST_ROWS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        (r"実績数値", "unit_cost.units"),
        (r"単位当たりコスト(\((千円|円)\))?", "unit_cost.per_unit"),
        (r"実質収支比率(\(%\))?", "unit_cost.ratio"),
    )
)

STAFF_CATEGORIES = ("regular", "contract", "temporary")

# The letter each row carries in the template: the formulas (c) = (a) + (b), (f) = (d) + (e),
# f/g and c/f are written in these letters.
EXPECTED_LETTERS: dict[str, str] = {
    "costs.revenue.specific_total": "a",
    "costs.revenue.general": "b",
    "costs.revenue.total": "c",
    "costs.expenditure.project": "d",
    "costs.staff_total": "e",
    "costs.expenditure.total": "f",
    "unit_cost.units": "g",
    "unit_cost.per_unit": "f/g",
    "unit_cost.ratio": "c/f",
}

# --- figures in free text (実施内容) --------------------------------------------------

# Counters that make a number a quantity: 589名, 12事業所・団体, 506.75時間. Dates (7月,
# 15日, 令和5年) and ordinals (第2層) are not quantities. Longest first.
COUNTERS = (
    "事業所・団体",
    "自治組織",
    "事業所",
    "セット",
    "チーム",
    "団体",
    "支部",
    "箇所",
    "か所",
    "ヶ所",
    "施設",
    "時間",
    "世帯",
    "圏域",
    "地区",
    "名",
    "人",
    "件",
    "回",
    "校",
    "台",
    "枚",
    "本",
    "部",
    "組",
)
# Words that qualify the figure before them rather than name a new one: 13名 新規8名.
MODIFIERS = ("新規", "延べ", "うち", "合計", "計")
# Words that say what kind of count a name is, not what is counted; they do not have to
# appear beside a figure for it to match (活動創出箇所 ~ 活動の創出).
GENERIC_WORDS = (
    "団体数",
    "箇所数",
    "回数",
    "人数",
    "者数",
    "件数",
    "総数",
    "事業所",
    "団体",
    "箇所",
    "開催",
    "実施",
    "参加",
    "延べ",
    "数",
    "者",
)
# Hiragana that link words rather than carry meaning.
FUNCTION_WORDS = ("について", "における", "による", "として", "ための", "への", "から", "など")
PREVIOUS_YEAR_BASIS = "前年度実績"
PLAN_BASIS = "事業計画"
BASIS_RATIO = re.compile(r"^(?P<quantity>.+?)の(?P<tenths>\d+(?:\.\d+)?)割$")
BASIS_TOTAL = re.compile(r"^全?(?P<quantity>.+数)$")
SUM_DEFINITION = re.compile(r"^(?P<parts>.+[、・].+?)(?:の)?(?:合計|計)(?:\((?P<unit>[^)]+)\))?$")
_UNIT_ALIASES = {"回数": "回", "人": "名", "人数": "名", "か所": "箇所", "ヶ所": "箇所"}

_SCRIPT_RUN = re.compile(
    r"(?P<kanji>[\u3400-\u9fff々〆0-9]+)|(?P<kana>[\u30a1-\u30fa\u30fc-\u30ff]+)|(?P<hira>[\u3040-\u309f]+)"
    r"|(?P<latin>[A-Za-z]+)"
)


@lru_cache(maxsize=1024)
def same_unit(first: str, second: str) -> bool:
    """名 ~ 人, 回 ~ 回数, 団体 ~ 事業所・団体."""
    a = {_UNIT_ALIASES.get(p, p) for p in squash(first).split("・") if p}
    b = {_UNIT_ALIASES.get(p, p) for p in squash(second).split("・") if p}
    return bool(a & b)


@lru_cache(maxsize=4096)
def terms(name: str) -> tuple[str, ...]:
    """The words a name is made of, without the generic ones: 通いの場の活動の創出支援回数 →
    通, 場, 活動, 創出支援. There is no dictionary here; a run of one script is a word."""
    text = squash(name)
    for generic in GENERIC_WORDS:
        text = text.replace(generic, " ")
    for modifier in MODIFIERS:  # a word of its own: 新規利用 is 新規 + 利用
        text = text.replace(modifier, f" {modifier} ")
    found = []
    for match in _SCRIPT_RUN.finditer(text):
        word = match.group()
        if match["hira"] and (len(word) <= 2 or word in FUNCTION_WORDS):
            continue
        found.append(word)
    return tuple(found)


def mentions(context: str, term: str) -> bool:
    """Whether a context names a term: verbatim, or a kanji compound word by word
    (創出支援 in 創出の支援)."""
    context = squash(context)
    if term in context:
        return True
    if len(term) >= 4 and len(term) % 2 == 0 and all("\u3400" <= c <= "\u9fff" for c in term):
        return all(term[i : i + 2] in context for i in range(0, len(term), 2))
    return False


def mentions_all(context: str, words: Iterable[str]) -> bool:
    return bool(words) and all(mentions(context, word) for word in words)


# --- display names for reports -----------------------------------------------------------

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "costs.revenue.specific_total": ("特定財源合計 (a)", "specific revenue total (a)"),
    "costs.revenue.general": ("一般財源 (b)", "general revenue (b)"),
    "costs.revenue.total": ("収入合計 (c)", "revenue total (c)"),
    "costs.expenditure.project": ("事業費 (d)", "project cost (d)"),
    "costs.staff.regular.cost": ("正規職員人件費", "regular staff cost"),
    "costs.staff.contract.cost": ("嘱託職員人件費", "contract staff cost"),
    "costs.staff.temporary.cost": ("臨時職員人件費", "temporary staff cost"),
    "costs.staff.regular.fte": ("正規職員業務量", "regular staff FTE"),
    "costs.staff.contract.fte": ("嘱託職員業務量", "contract staff FTE"),
    "costs.staff.temporary.fte": ("臨時職員業務量", "temporary staff FTE"),
    "costs.staff_total": ("人件費合計 (e)", "staff cost total (e)"),
    "costs.expenditure.total": ("支出合計 (f)", "expenditure total (f)"),
    "unit_cost.definition": ("単位の定義", "unit definition"),
    "unit_cost.units": ("実績数値 (g)", "units (g)"),
    "unit_cost.per_unit": ("単位当たりコスト (f/g)", "cost per unit (f/g)"),
    "unit_cost.ratio": ("実質収支比率 (c/f)", "revenue/expenditure ratio (c/f)"),
}

_ITEM = re.compile(r"^costs\.revenue\.items\[(?P<name>.+)\]$")
_INDICATOR = re.compile(r"^indicators\[(?P<i>\d+)\]\.(?P<part>target|actual)$")
_LETTER = re.compile(r"^label\.(?P<field>.+)$")


def field_name(field: str, lang: str = "ja", indicator_names: dict[int, str] | None = None) -> str:
    """The name a report prints for a field path, in Japanese or English."""
    ja = lang != "en"
    if field in FIELD_NAMES:
        return FIELD_NAMES[field][0 if ja else 1]
    if match := _ITEM.match(field):
        return match["name"]
    if match := _INDICATOR.match(field):
        name = (indicator_names or {}).get(int(match["i"]), f"指標{match['i']}")
        part = {"target": ("目標", "target"), "actual": ("実績", "actual")}[match["part"]]
        return f"{name} {part[0 if ja else 1]}"
    if match := _LETTER.match(field):
        base = field_name(match["field"], lang, indicator_names)
        return f"{base} の記号" if ja else f"letter of {base}"
    return field
