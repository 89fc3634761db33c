"""Formulas as text: the ones a template writes over field names, the ones a sheet prints.

A template writes ``costs.full_cost = costs.direct_staff + costs.indirect_staff`` or
``unit_cost.ratio = costs.revenue.total / costs.expenditure.total * 100``; a sheet prints
``計(a)+(b)+(c)``, ``(f)=(d)+(e)``, ``トータルコスト(A)+(B)``, ``(=フルコスト−特定財源)``,
``(f/g)`` or ``一般財源÷活動指標``. Both become an :class:`Expression`: a sum of signed terms,
a product, or a quotient, over operand names (fields, row letters or row names), which the
assembler resolves to the rows of a sheet. Reading formulas is normalisation; evaluating
them is the rules' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from shakyo_eval.labels import split_letter
from shakyo_eval.numbers import nfkc

_OPERATORS = {"+": "+", "-": "-", "−": "-", "ー": "-", "*": "*", "×": "*", "/": "/", "÷": "/"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class FormulaError(ValueError):
    """A formula that is not a sum, a product or a quotient of operands."""


@dataclass(frozen=True)
class Expression:
    """``kind`` is sum, product or quotient; ``terms`` are (sign, operand) for a sum, the
    factors of a product, or (numerator, denominator) of a quotient; ``factor`` a constant
    the product or quotient is multiplied by (100 for a percent)."""

    kind: str
    terms: tuple[tuple[int, str], ...]
    factor: Decimal = Decimal(1)
    operands: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "operands", tuple(name for _, name in self.terms))


def _tokens(text: str, operand: re.Pattern[str]) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = text.strip()
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in _OPERATORS:
            tokens.append(_OPERATORS[char])
            position += 1
        elif (match := operand.match(text, position)) or (match := _NUMBER.match(text, position)):
            tokens.append(match.group())
            position = match.end()
        else:
            raise FormulaError(f"unexpected '{char}'")
    return tokens


def parse_expression(text: str, operand: re.Pattern[str]) -> Expression:
    """``a + b - c`` (sum), ``a * b [* 2]`` (product), ``a / b [* 100]`` (quotient)."""
    tokens = _tokens(text, operand)
    if not tokens:
        raise FormulaError("empty formula")
    names = tokens[0::2]
    operators = tokens[1::2]
    if len(tokens) % 2 == 0:
        raise FormulaError("a formula cannot end with an operator")
    if any(t in _OPERATORS.values() for t in names) or any(
        t not in _OPERATORS.values() for t in operators
    ):
        raise FormulaError("operands and operators must alternate")
    constants = [n for n in names if _NUMBER.fullmatch(n)]
    if not operators:
        return Expression("sum", ((1, names[0]),))
    if set(operators) <= {"+", "-"}:
        if constants:
            raise FormulaError("a sum adds rows, not numbers")
        signs = [1] + [1 if o == "+" else -1 for o in operators]
        return Expression("sum", tuple(zip(signs, names, strict=True)))
    if operators[0] == "/":
        rest = list(zip(operators[1:], names[2:], strict=True))
        if any(o != "*" or not _NUMBER.fullmatch(n) for o, n in rest) or constants[len(rest) :]:
            raise FormulaError("a quotient is a ÷ b, optionally × a number")
        return Expression("quotient", ((1, names[0]), (1, names[1])), _product(rest))
    if set(operators) == {"*"}:
        factors = [n for n in names if not _NUMBER.fullmatch(n)]
        if len(factors) < 2:
            raise FormulaError("a product needs two rows")
        return Expression(
            "product",
            tuple((1, n) for n in factors),
            _product([("*", n) for n in constants]),
        )
    raise FormulaError("a formula is a sum (+ −), a product (×) or a quotient (÷)")


def _product(pairs: list[tuple[str, str]]) -> Decimal:
    factor = Decimal(1)
    for _, number in pairs:
        try:
            factor *= Decimal(number)
        except InvalidOperation as error:  # pragma: no cover - the regex admits digits only
            raise FormulaError(f"not a number: {number}") from error
    return factor


# --- template formulas: over field names ---------------------------------------------------

_FIELD = re.compile(
    r"[^\s=+\-−*×/÷\d\[\]][^\s=+\-−*×/÷\[\]]*(?:\[[^\]]*\])?(?:\.[^\s=+\-−*×/÷\[\]]+)?"
)


@dataclass(frozen=True)
class Formula:
    result: str
    expression: Expression

    def with_ordinal(self, ordinal: str) -> Formula:
        """The formula of one detail row: ``[#]`` becomes ``[2]``."""
        terms = tuple((s, n.replace("[#]", f"[{ordinal}]")) for s, n in self.expression.terms)
        expression = Expression(self.expression.kind, terms, self.expression.factor)
        return Formula(self.result.replace("[#]", f"[{ordinal}]"), expression)


def parse_template_formula(text: str) -> Formula:
    """``result = expression`` over field names; FormulaError saying what is wrong."""
    if text.count("=") != 1:
        raise FormulaError("a formula is 'field = expression', with one '='")
    left, right = (part.strip() for part in text.split("="))
    if not _FIELD.fullmatch(left):
        raise FormulaError(f"'{left}' is not a field name")
    return Formula(left, parse_expression(right, _FIELD))


# --- formulas a sheet prints ---------------------------------------------------------------

_LETTER_OPERAND = re.compile(r"\([A-Za-z]\)|[A-Za-z](?![A-Za-z])")
_NAME_OPERAND = re.compile(r"[^\s=+\-−*×/÷()\d][^\s=+\-−*×/÷()]*")
# 計(a)+(b)+(c), 支出合計(f)=(d)+(e), トータルコスト(A)+(B): letters joined by operators
_LETTER_FORMULA = re.compile(
    r"(?:\((?P<own>[A-Za-z])\))?=?(?P<formula>\([A-Za-z]\)(?:[+\-−×÷*/]\([A-Za-z]\))+)$"
)
# 一般財源1(=フルコスト−特定財源): an equation in brackets after the name
_NAMED_FORMULA = re.compile(r"\(=(?P<formula>[^()]+)\)$")
# 一般財源÷活動指標: two names and an operator, the whole label
_BARE_FORMULA = re.compile(r"^(?P<formula>[^()=+\-−×÷*/\d]+[÷/×][^()=+\-−×÷*/\d]+)$")
# H22/H21: a column that prints its own formula (the later year over the earlier one)
COLUMN_FORMULA = re.compile(r"^(?P<top>[RH]?\d{1,2})/(?P<bottom>[RH]?\d{1,2})(?:\(%\))?$")


@dataclass(frozen=True)
class PrintedLabel:
    """A label split into the row's name, its own letter and the formula it prints.

    ``operands_are`` says whether the formula's operands are row letters or row names."""

    name: str
    letter: str | None = None
    formula: Expression | None = None
    formula_text: str = ""
    operands_are: str = "letters"


@lru_cache(maxsize=1 << 14)  # the same labels come back on every sheet
def read_label(squashed: str) -> PrintedLabel:
    """``特定財源合計(a)`` → name 特定財源合計, letter a; ``計(a)+(b)+(c)`` → name 計 and the
    sum of a, b and c; ``(f/g)`` → letter f/g and the quotient f ÷ g;
    ``一般財源1(=フルコスト−特定財源)`` → the difference of two named rows. Works on
    squashed labels (NFKC, no spaces)."""
    text = nfkc(squashed)
    match = _LETTER_FORMULA.search(text)
    if match:
        formula = match["formula"]
        name = text[: match.start()]
        try:
            expression = parse_expression(formula, _LETTER_OPERAND)
        except FormulaError:
            return PrintedLabel(name, match["own"])
        return PrintedLabel(name, match["own"], _unbracket(expression), formula)
    match = _NAMED_FORMULA.search(text)
    if match:
        try:
            expression = parse_expression(match["formula"], _NAME_OPERAND)
        except FormulaError:
            expression = None
        if expression is not None and len(expression.terms) > 1:
            name, letter = split_letter(text[: match.start()])
            return PrintedLabel(name, letter, expression, match["formula"], "names")
    name, letter = split_letter(text)
    if letter and "/" in letter:
        top, bottom = letter.split("/")
        return PrintedLabel(name, letter, Expression("quotient", ((1, top), (1, bottom))), letter)
    match = _BARE_FORMULA.match(name)
    if match and not letter:
        try:
            expression = parse_expression(match["formula"], _NAME_OPERAND)
        except FormulaError:
            expression = None
        if expression is not None:
            return PrintedLabel(name, None, expression, match["formula"], "names")
    return PrintedLabel(name, letter)


def _unbracket(expression: Expression) -> Expression:
    terms = tuple((sign, name.strip("()")) for sign, name in expression.terms)
    return Expression(expression.kind, terms, expression.factor)
