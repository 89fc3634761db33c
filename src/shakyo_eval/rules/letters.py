"""SE4xx: labels and cross-checks. Here: the printed row letters against the formulas."""

from __future__ import annotations

from collections.abc import Iterator

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.labels import EXPECTED_LETTERS
from shakyo_eval.model import Sheet
from shakyo_eval.rules import rule

# The formula a letter takes part in, for the message.
_FORMULA_OF = {
    "a": "c=a+b",
    "b": "c=a+b",
    "c": "c=a+b",
    "d": "f=d+e",
    "e": "f=d+e",
    "f": "f=d+e",
    "g": "f/g",
    "f/g": "f/g",
    "c/f": "c/f",
}
_FIELD_OF = {letter: field for field, letter in EXPECTED_LETTERS.items()}


@rule(
    "SE401",
    "row-letter",
    Severity.WARNING,
    "printed row letter contradicts the formulas",
    "行の記号が計算式と矛盾している",
)
def row_letter(sheet: Sheet) -> Iterator[Problem]:
    """A row's printed letter must be the one the formulas use: (f) = (d) + (e) needs 事業費 (d).

    Example (seed, sheets 1 and 4): 事業費 is printed (b), the letter of 一般財源, so a
    reader following (f) = (d) + (e) finds no (d) and two (b)s.
    """
    for field, printed in sheet.printed_letters.items():
        expected = EXPECTED_LETTERS.get(field)
        if expected is None or printed.text == f"({expected})":
            continue
        letter = printed.text.strip("()")
        other = _FIELD_OF.get(letter)
        params = {
            "row_field": field,
            "written": printed.text,
            "expected": f"({expected})",
            "formula": _FORMULA_OF[expected],
        }
        if other:
            params["other_field"] = other
        yield Problem(
            field=f"label.{field}",
            written=printed,
            expected=f"({expected})",
            message_id="letter" if other else "letter.unknown",
            params=params,
            location=printed.location,
        )
