"""SE4xx: labels and cross-checks. Here: the printed row letters against the formulas."""

from __future__ import annotations

from collections.abc import Iterator

from shakyo_eval.findings import Problem, Severity
from shakyo_eval.model import Relation, Sheet
from shakyo_eval.rules import rule


def _in_letters(sheet: Sheet, relation: Relation) -> str | None:
    """A relation written in its rows' template letters, ``(f) = (d) + (e)``, if they all
    have one."""
    letters = sheet.expected_letters
    if not all(f in letters for f in relation.fields()):
        return None
    operators = {"sum": None, "product": " × ", "quotient": " ÷ "}[relation.kind]
    words = [f"({letters[o.field]})" for o in relation.operands]
    if operators is None:
        right = words[0] + "".join(
            f" {'+' if o.sign > 0 else '−'} {w}"
            for o, w in zip(relation.operands[1:], words[1:], strict=True)
        )
    else:
        right = operators.join(words)
    return f"({letters[relation.result]}) = {right}"


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
    owners = {letter: field for field, letter in sheet.expected_letters.items()}
    for field, printed in sheet.printed_letters.items():
        expected = sheet.expected_letters.get(field)
        if expected is None or printed.text == f"({expected})":
            continue
        letter = printed.text.strip("()")
        other = owners.get(letter)
        formula = next(
            (
                text
                for relation in sheet.relations
                if field in relation.fields() and (text := _in_letters(sheet, relation))
            ),
            f"({expected})",
        )
        params = {
            "row_field": field,
            "written": printed.text,
            "expected": f"({expected})",
            "formula": formula,
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
