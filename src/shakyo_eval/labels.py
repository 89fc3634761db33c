"""The Japanese labels of the sheet, in one table.

Everything the assembler recognises by its printed words, and every display name a report
prints for a field, lives here. Labels are compared after :func:`squash` (NFKC, HTML tags
and every space removed), so ``指 標``, ``特定 財源`` and ``<b>実施状況に対する 評価</b>`` match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from shakyo_eval.numbers import THOUSAND_YEN as THOUSAND_YEN  # read with the numbers
from shakyo_eval.numbers import nfkc

_TAGS = re.compile(r"</?[A-Za-z][^>]*>")  # <b>…</b>, not ＜居場所・活動の場＞
_WHITESPACE = re.compile(r"\s+")
# A row letter at the end of a name: 支出合計 (f), 単位当たりコスト (f/g).
ROW_LETTER_SUFFIX = re.compile(r"\s*\([A-Za-z](?:/[A-Za-z])?\)$")


@lru_cache(maxsize=1 << 16)  # the same labels come back on every sheet
def squash(text: str) -> str:
    """The comparable form of a label: NFKC, no HTML tags, no whitespace at all."""
    return _WHITESPACE.sub("", _TAGS.sub("", nfkc(text)))


_JA = r"\u3005\u3006\u3040-\u30ff\u3400-\u9fff\uff5e、。「」『』【】・"
_SPACE_BETWEEN_JA = re.compile(rf"(?<=[{_JA}])\s+(?=[{_JA}])")


@lru_cache(maxsize=1 << 16)
def tidy(text: str) -> str:
    """A short label-like value (a name, a unit) as printed but without layout spaces:
    ``産後ヘルパー新規 利用者数`` → ``産後ヘルパー新規利用者数``. Spaces next to Latin
    letters, digits or brackets are kept."""
    return _SPACE_BETWEEN_JA.sub("", _WHITESPACE.sub(" ", nfkc(text)).strip())


_HAS_JAPANESE = re.compile(rf"[{_JA}]")
ROW_LETTER = re.compile(r"\(([A-Za-z](?:/[A-Za-z])?)\)")
# 108,054千円, 11.90人, 97.6%, ▲12円: a number that prints its unit is a value, not a label
_VALUE_WITH_UNIT = re.compile(r"[▲△\-−]?[\d,]+(?:\.\d+)?(?:千円|円|人|名|件|回|%)(?:\([^)]*\))?")


@lru_cache(maxsize=1 << 16)
def is_label(key: str) -> bool:
    """A squashed cell that names a row (Japanese words or a row letter), as opposed to a
    value, even a malformed one such as ``2,O61``, or one that prints its unit (108,054千円)."""
    if _VALUE_WITH_UNIT.fullmatch(key):
        return False
    return bool(_HAS_JAPANESE.search(key) or ROW_LETTER.fullmatch(key))


@lru_cache(maxsize=1 << 16)
def split_letter(label: str) -> tuple[str, str | None]:
    """``"特定財源合計(a)"`` → ``("特定財源合計", "a")``; works on squashed labels."""
    match = ROW_LETTER.search(label)
    if not match:
        return label, None
    return (label[: match.start()] + label[match.end() :]), match[1]


# --- what every template shares ----------------------------------------------------------

# A value column as a table's header prints it: R4, H24予算, 令和6年度, 27年度, 20年度(決算).
_KINDS = "予算|決算|見込み?|計画|実績|目標|当初|予定"
COLUMN_LABEL = re.compile(
    r"^(?:(?P<r>R|H|S)(?P<n>\d{1,2})(?:年度)?|(?P<era>令和|平成|昭和)(?P<en>\d{1,2}|元)年?度?"
    r"|(?P<western>(?:19|20)\d{2})年度|(?P<plain>\d{1,2})年度)"
    rf"(?:(?P<kind>{_KINDS})|(?P<paren>\((?P<kind2>{_KINDS})(?:額)?\)))?$"
)
COLUMN_KIND = re.compile(rf"\(?(?:{_KINDS})(?:額)?\)?")
# A cell that prints a row's unit rather than its name (the 単位 column).
UNIT_CELL = re.compile(r"\(?(?:千円|円|人|%|件|名|回|時間|箇所|団体|世帯)\)?")
MONEY_UNITS = ("千円", "円")
_COUNT = re.compile(r"^[\d,.\s]+(?P<unit>人|名|件|回|日|時間|箇所|団体|世帯|%)")


def count_unit(text: str) -> str | None:
    """The unit of a count printed with it (0.10人, 3件); None for an amount (840, 1,940千円)."""
    match = _COUNT.match(nfkc(text).strip())
    return match["unit"] if match else None


# A row that closes a block: 計, 小計, 合計, or 特定財源合計 (the total of 特定財源); not 会計.
BLOCK_TOTAL = re.compile(r"(?P<of>.*?)(?<![会設集統])(?:合計|小計|計)")

INDICATOR_BASIS = "指標の根拠"
INDICATOR_UNIT = "単位"
INDICATOR_ROW_KIND = "区分"
TARGET = "目標"
ACTUAL = "実績"
DIRECTION_LABEL = re.compile(r"【(?P<label>[^】]+)】")

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


_ITEM = re.compile(r"^[\w.]+\.items\[(?P<name>.+)\]$")
_ROW = re.compile(r"^[\w.]+\.rows\[(?P<label>.+)\]$")
_INDICATOR = re.compile(r"^indicators\[(?P<i>\d+)\]\.(?P<part>target|actual)$")
_LETTER = re.compile(r"^label\.(?P<field>.+)$")


def field_name(field: str, lang: str = "ja", names: dict | None = None) -> str:
    """The name a report prints for a field path, in Japanese or English.

    ``names`` is what the checker put in a finding's ``names`` parameter: the names of the
    sheet's rows by field (``fields``, from its template or its printed labels) and of its
    indicators by index (``indicators``)."""
    ja = lang != "en"
    names = names or {}
    rows = names.get("fields", {})
    if field in rows:
        return rows[field][0 if ja else 1]
    if match := _ITEM.match(field):
        return match["name"]
    if match := _ROW.match(field):
        return match["label"].partition("#")[0]
    if match := _INDICATOR.match(field):
        name = names.get("indicators", {}).get(int(match["i"]), f"指標{match['i']}")
        part = {"target": ("目標", "target"), "actual": ("実績", "actual")}[match["part"]]
        return f"{name} {part[0 if ja else 1]}"
    if match := _LETTER.match(field):
        base = field_name(match["field"], lang, names)
        return f"{base} の記号" if ja else f"letter of {base}"
    return field
