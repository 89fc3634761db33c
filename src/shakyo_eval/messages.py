"""The message catalogue: one template per kind of finding, in Japanese and English.

A rule names a template and gives its parameters; the reporter renders it in the user's
language. Parameters are formatted by kind: a Decimal with thousands separators and the
decimals it carries, a ``*field`` parameter as the field's printed name, ``diagnosis`` as
the name of the slip.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shakyo_eval.labels import ROW_LETTER_SUFFIX, field_name
from shakyo_eval.model import Number, Text

MESSAGES: dict[str, tuple[str, str]] = {
    "sum.total": (
        "{field} は {written} と記載されていますが、{formula} は {expected} です"
        "（差 {difference}）。",
        "{field} is printed as {written}, but {formula} is {expected} (difference {difference}).",
    ),
    "sum.parts": (
        "{field} {written} は他の式で確かめられますが、{formula} は {expected} です"
        "（差 {difference}）。内訳のいずれかが誤っています。",
        "{field} {written} is confirmed by another formula, but {formula} is {expected} "
        "(difference {difference}): one of its parts is wrong.",
    ),
    "sum.total_slip": (
        "{field} は {written} と記載されていますが、{formula} は {expected} です（{diagnosis}）。",
        "{field} is printed as {written}, but {formula} is {expected} ({diagnosis}).",
    ),
    "sum.addend": (
        "{field} {written}: {total_field} {total} が成り立つには {expected} である必要があります"
        "（{diagnosis}）。",
        "{field} {written}: the total {total_field} {total} needs {expected} ({diagnosis}).",
    ),
    "sum.mends": (
        "{field} {written}: {total_field} {total} の式と、この欄を使う別の式がともに成り立つには "
        "{expected} である必要があります。",
        "{field} {written}: both the total {total_field} {total} and another formula that uses "
        "this cell need {expected}.",
    ),
    "sum.addend_only": (
        "{field} {written}: {total_field} {total} は他の式で確かめられるため、"
        "この欄は {expected} のはずです。",
        "{field} {written}: {total_field} {total} is confirmed by another formula, "
        "so this cell should be {expected}.",
    ),
    "sum.rounding": (
        "{field} は {written} と記載されていますが、{formula} は {expected} です"
        "（差 {difference}、千円未満の丸めの範囲 ±{slack} 以内）。",
        "{field} is printed as {written}, but {formula} is {expected} (difference "
        "{difference}, within the ±{slack} that rounding each figure allows).",
    ),
    "sum.stale": (
        "{field} は {written} と保存されていますが、このセルの数式 {formula} が足し合わせるセルの"
        "合計は {expected} です。数式が再計算されないまま保存されています。",
        "{field} is saved as {written}, but the cells its formula {formula} adds come to "
        "{expected}: the workbook was saved without recalculating.",
    ),
    "per_unit": (
        "{field} {written}: {numerator_field} {numerator} ÷ {denominator_field} {denominator}"
        " = {exact}、記載の桁数では {expected} です。",
        "{field} {written}: {numerator_field} {numerator} / {denominator_field} {denominator}"
        " = {exact}, which is {expected} at the printed precision.",
    ),
    "per_unit.padded": (
        "{field} {written}: {numerator_field} {numerator} ÷ {denominator_field} {denominator}"
        " = {exact}、記載の桁数では {expected} です（整数に丸めてから小数点以下を付けたように"
        "見えます）。",
        "{field} {written}: {numerator_field} {numerator} / {denominator_field} {denominator}"
        " = {exact}, which is {expected} at the printed precision (it looks rounded to a whole"
        " number, then padded with zeros).",
    ),
    "ratio": (
        "{field} {written}: {numerator_field} {numerator} ÷ {denominator_field} {denominator}"
        " × 100 = {exact}、記載の桁数では {expected} です。",
        "{field} {written}: {numerator_field} {numerator} / {denominator_field} {denominator}"
        " × 100 = {exact}, which is {expected} at the printed precision.",
    ),
    "ratio.columns": (
        "{field} の {year} 列 {written}: {numerator_column} の {numerator} ÷ "
        "{denominator_column} の {denominator} × 100 = {exact}、記載の桁数では {expected} です。",
        "{field}, column {year}, {written}: {numerator} ({numerator_column}) / {denominator} "
        "({denominator_column}) × 100 = {exact}, which is {expected} at the printed precision.",
    ),
    "ratio.fraction": (
        "{field} {written} は割合（小数）のまま記載されています。百分率では {expected} です"
        "（{numerator_field} {numerator} ÷ {denominator_field} {denominator} × 100）。",
        "{field} {written} is a fraction; as a percent it is {expected} "
        "({numerator_field} {numerator} / {denominator_field} {denominator} × 100).",
    ),
    "ratio.fraction_columns": (
        "{field} の {year} 列 {written} は割合（小数）のまま記載されています。百分率では "
        "{expected} です（{numerator_column} の {numerator} ÷ {denominator_column} の "
        "{denominator} × 100）。",
        "{field}, column {year}, {written} is a fraction; as a percent it is {expected} "
        "({numerator} ({numerator_column}) / {denominator} ({denominator_column}) × 100).",
    ),
    "product": (
        "{field} {written}: {formula} = {factors} = {exact}、記載の桁数では {expected} です。",
        "{field} {written}: {formula} = {factors} = {exact}, which is {expected} at the "
        "printed precision.",
    ),
    "truncated": (
        "{field} {written}: 計算値 {exact} を四捨五入すると {expected} ですが、"
        "切り捨てで記載されています。",
        "{field} {written}: the computed {exact} rounds to {expected}; the sheet truncated it.",
    ),
    "mixed_precision": (
        "{field} {written} は小数点以下 {decimals} 桁ですが、同じ行の他の値は {usual} 桁です。",
        "{field} {written} has {decimals} decimals; the rest of the row has {usual}.",
    ),
    "letter": (
        "{row_field} の記号が {written} と記載されていますが、{formula} の式では {expected} です"
        "（{written} は {other_field} の記号）。",
        "{row_field} is printed {written}, but in the formula {formula} it is {expected} "
        "({written} belongs to {other_field}).",
    ),
    "letter.unknown": (
        "{row_field} の記号が {written} と記載されていますが、様式では {expected} です。",
        "{row_field} is printed {written}; the template calls it {expected}.",
    ),
    "basis.previous": (
        "{field} {written}: 指標の根拠は前年度実績ですが、"
        "{previous_year} の実績は {expected} です。",
        "{field} {written}: the basis is last year's actual, and the {previous_year} actual "
        "is {expected}.",
    ),
    "basis.quantity": (
        "{field} {written}: 根拠「{basis}」によれば、{base_year} の {base}（本文「{source}」）"
        "から {expected} です。",
        "{field} {written}: by its basis 「{basis}」, {base} in {base_year} (text 「{source}」) "
        "gives {expected}.",
    ),
    "basis.plan": (
        "根拠「{basis}」は事業計画で、表にも本文にも数値がないため確認できません。",
        "basis 「{basis}」 is the plan; the sheet states no number to check it against.",
    ),
    "basis.free_text": (
        "根拠「{basis}」は数量を示していないため確認できません。",
        "basis 「{basis}」 names no quantity; not checkable.",
    ),
    "basis.missing": (
        "根拠「{basis}」の数量が本文に見つからないため確認できません。",
        "the quantity of basis 「{basis}」 is not stated in the text; not checkable.",
    ),
    "units.indicator": (
        "実績数値 (g) {written}: 単位の定義「{definition}」は指標「{indicator}」で、"
        "その実績は {expected} です。",
        "units (g) {written}: the unit definition 「{definition}」 is the indicator "
        "「{indicator}」, whose actual is {expected}.",
    ),
    "units.sum": (
        "実績数値 (g) {written}: 単位の定義「{definition}」は本文の {parts} = {expected} です。",
        "units (g) {written}: the unit definition 「{definition}」 is {parts} = {expected} "
        "in the text.",
    ),
    "units.sum_missing": (
        "単位の定義「{definition}」の各数値が本文に見つからないため確認できません。",
        "the parts of the unit definition 「{definition}」 are not all stated in the text.",
    ),
    "units.wording": (
        "単位の定義「{written}」と指標名「{expected}」が1文字だけ異なります。",
        "the unit definition 「{written}」 and the indicator 「{expected}」 differ by one "
        "character.",
    ),
    "text.figure": (
        "{field} {written}: 実施内容には「{source}」とあり、{expected} です。",
        "{field} {written}: the text (実施内容) says 「{source}」, which is {expected}.",
    ),
    "text.figure_last_year": (
        "{field} {written}: 実施内容の前年度数値（括弧内）は「{source}」の {expected} です。",
        "{field} {written}: last year's figure in the text (in brackets) for 「{source}」 "
        "is {expected}.",
    ),
    "staff.rate": (
        "{field} {written}: 業務量 {fte} {fte_unit} × 標準単価 {rate}"
        "（同じ年度の {support} 行の単価）= {expected} です。",
        "{field} {written}: {fte} {fte_unit} × the standard rate {rate} "
        "(followed by {support} rows of that year) = {expected}.",
    ),
    "staff.rate_slip": (
        "{field} {written}: 業務量 {fte} {fte_unit} × 標準単価 {rate}"
        "（同じ年度の {support} 行の単価）= {expected} です（{diagnosis}）。",
        "{field} {written}: {fte} {fte_unit} × the standard rate {rate} "
        "(followed by {support} rows of that year) = {expected} ({diagnosis}).",
    ),
    "year.column": (
        "{field} {written}: {other} の同じ {year} 列では {expected} と記載されています。",
        "{field} {written}: the same {year} column of {other} prints {expected}.",
    ),
    "unparsed": (
        "{field} の値「{written}」を数値として読めません。",
        "{field}: '{written}' is not a number.",
    ),
    "unknown_row": (
        "認識できない行があります（{section}）: {cells}",
        "a row was not recognised ({section}): {cells}",
    ),
    "unchecked_relation": (
        "{missing_fields} がないため、{field} = {formula} を検査できません。",
        "{missing_fields} not on the sheet: {field} = {formula} could not be checked.",
    ),
    "missing_table": (
        "{table} が見つかりません。この表の検査はできません。",
        "no {table} found; its checks could not run.",
    ),
}

# Why a file could not be read: one line each, in the user's language.
ERRORS: dict[str, tuple[str, str]] = {
    "unsupported_type": (
        "対応していないファイル形式です（{suffix}）",
        "unsupported file type '{suffix}'",
    ),
    "not_found": ("ファイルが見つかりません", "file not found"),
    "is_directory": ("フォルダーです", "is a directory"),
    "empty_folder": (
        "フォルダーに {suffixes} のファイルがありません",
        "folder holds no {suffixes} file",
    ),
    "unreadable": ("ファイルを読めません: {detail}", "cannot read file: {detail}"),
    "empty_file": ("空のファイルです", "empty file"),
    "no_sheet": ("事務事業評価表が見つかりません", "no evaluation sheet (事務事業評価表) found"),
    "text.binary": (
        "テキストファイルではありません（バイナリ）",
        "not a text file (binary content)",
    ),
    "text.undecodable": (
        "文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）",
        "cannot decode the text (neither UTF-8 nor Shift_JIS)",
    ),
    "html.binary": ("HTML ページではありません（バイナリ）", "not an HTML page (binary content)"),
    "html.undecodable": (
        "ページを {codec}（{how}）として読めません: オフセット {offset} のバイト 0x{byte}",
        "cannot decode the page as {codec} ({how}): byte 0x{byte} at offset {offset}",
    ),
    "html.unknown_charset": (
        "ページが不明な文字コード「{charset}」を宣言しています",
        "the page declares an unknown charset '{charset}'",
    ),
    "html.undetected": (
        "文字コードの宣言がなく、判別もできません",
        "cannot decode the page: no charset declared, none detected",
    ),
    "pdf.password_needed": (
        "暗号化された PDF です: --password でパスワードを指定してください",
        "the PDF is encrypted: give its password with --password",
    ),
    "pdf.wrong_password": (
        "暗号化された PDF のパスワードが違います",
        "wrong password for this encrypted PDF",
    ),
    "pdf.damaged": (
        "PDF ではないか、破損しています（{detail}）",
        "not a PDF, or a damaged one ({detail})",
    ),
    "pdf.unopenable": ("ファイルを開けません", "cannot open the file"),
    "pdf.security": (
        "対応していない方式で暗号化されています",
        "encrypted with an unsupported security scheme",
    ),
    "pdf.no_pages": ("PDF にページがありません", "the PDF has no pages"),
    "pdf.damaged_page": (
        "{page} ページ目を読めません（{detail}）",
        "page {page} cannot be read ({detail})",
    ),
    "pdf.no_text": (
        "テキスト層がありません（スキャンした PDF？）。検査の前に OCR が必要です",
        "no text layer (a scanned PDF?): it needs OCR before it can be checked",
    ),
    "pdf.unknown_reader": (
        "不明な PDF 読み取り方式「{name}」です（{choices} のいずれか）",
        "unknown PDF reader '{name}' (use one of: {choices})",
    ),
    "pdf.bad_processes": (
        "{variable} にはページを読むプロセスの数を指定してください（1: 並列なし）: 「{value}」",
        "{variable} must be a number of processes (1: no workers), not '{value}'",
    ),
    "pdf.worker_died": (
        "ページを読むプロセスが予期せず終了しました",
        "a page-reading process stopped unexpectedly",
    ),
    "pdf.debug_unwritable": (
        "デバッグ画像を {folder} に書き込めません: {detail}",
        "cannot write debug images to {folder}: {detail}",
    ),
    "xlsx.damaged": (
        "Excel ブック（.xlsx）ではないか、破損しています（{detail}）",
        "not an Excel workbook (.xlsx), or a damaged one ({detail})",
    ),
    "xlsx.encrypted": (
        "パスワードで保護された Excel ブックです: Excel でパスワードを解除して保存し直してください",
        "the workbook is password-protected: remove the password in Excel and save it again",
    ),
    "xlsx.legacy": (
        "古い形式（.xls）の Excel ブックです: .xlsx 形式で保存し直してください",
        "an old-format (.xls) workbook: save it again as .xlsx",
    ),
    "xlsx.no_cells": (
        "表示されているワークシートにセルがありません（マクロだけのブック、または空のブック）",
        "no visible worksheet holds a cell (a macro-only or an empty workbook)",
    ),
    "csv.binary": (
        "{where}CSV ではありません（バイナリ）",
        "{where}not a CSV file (binary content)",
    ),
    "csv.undecodable": (
        "{where}文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）",
        "{where}cannot decode the text (neither UTF-8 nor Shift_JIS)",
    ),
    "csv.quoting": (
        '{where}{line} 行目から始まるレコードの引用符（"）が正しくありません（{detail}）',
        "{where}broken quoting in the record starting on line {line} ({detail})",
    ),
    "zip.damaged": (
        "ZIP ファイルではないか、破損しています（{detail}）",
        "not a zip file, or a damaged one ({detail})",
    ),
    "zip.encrypted": (
        "パスワード付きの ZIP ファイルです（{member}）: 展開してから CSV を指定してください",
        "the zip file is password-protected ({member}): extract it and give the CSV files",
    ),
    "zip.no_csv": ("ZIP ファイルに CSV ファイルがありません", "the zip file holds no CSV file"),
    "pdf.pages_lost": (
        "{pages} ページ目を読めません（ファイルが途中で切れているか破損しています）。"
        "ほかのページの結果を示します",
        "page(s) {pages} could not be read (the file is cut off or damaged); "
        "the findings are those of the other pages",
    ),
    "pdf.pages_lost_from": (
        "ファイルが途中で切れています: {read} ページ目より後のページは読めません。"
        "{read} ページ目までの結果を示します",
        "the file is cut off: any page after page {read} could not be read; "
        "the findings are those of pages 1 to {read}",
    ),
    "limit.pages": (
        "ページ数 {value} が上限 {limit} を超えています",
        "{value} pages, beyond the limit of {limit}",
    ),
    "limit.page_objects": (
        "{page} ページ目の描画オブジェクト数が上限 {limit} を超えています",
        "page {page} draws more than {limit} objects",
    ),
    "limit.page_chars": (
        "{page} ページ目の文字数 {value} が上限 {limit} を超えています",
        "page {page} holds {value} characters, beyond the limit of {limit}",
    ),
    "limit.stream": (
        "PDF のストリーム（オフセット {offset}）を展開すると上限 {limit} バイトを超えます",
        "a PDF stream (at offset {offset}) decompresses to more than {limit} bytes",
    ),
    "limit.decoded": (
        "PDF のストリームを展開すると合計が上限 {limit} バイトを超えます",
        "the PDF's streams decompress to more than {limit} bytes in all",
    ),
    "limit.unzipped": (
        "展開すると合計 {value} バイトになり、上限 {limit} バイトを超えます",
        "it decompresses to {value} bytes, beyond the limit of {limit}",
    ),
    "limit.file_size": (
        "ファイルサイズ {value} バイトが上限 {limit} バイトを超えています",
        "the file is {value} bytes, beyond the limit of {limit}",
    ),
    "limit.html_depth": (
        "HTML の要素の入れ子が上限 {limit} 段を超えています",
        "HTML elements nest deeper than {limit} levels",
    ),
    "limit.cell": (
        "セルの文字数 {value} が上限 {limit} を超えています（{where}）",
        "a cell holds {value} characters, beyond the limit of {limit} ({where})",
    ),
    "limit.time": (
        "読み取りと検査が上限の {seconds} 秒を超えました（--timeout で変更できます）",
        "reading and checking took longer than the limit of {seconds} s (see --timeout)",
    ),
    "unexpected": (
        "読み取り中に予期しないエラー: {kind}: {detail}",
        "unexpected error while reading: {kind}: {detail}",
    ),
    "annotate.not_pdf": (
        "注釈を付けられるのは PDF だけです（{suffix}）",
        "only a PDF can be annotated ('{suffix}')",
    ),
    "annotate.same_file": (
        "出力先が入力と同じファイルです: 別の名前を指定してください",
        "the output is the input file: give another name",
    ),
    "annotate.unwritable": (
        "{output} に書き込めません: {detail}",
        "cannot write {output}: {detail}",
    ),
}

# Why a config file (or a rule option of the command line) cannot be used: one line each,
# after the file's path or the option; {key} is the key as the file writes it.
CONFIG_ERRORS: dict[str, tuple[str, str]] = {
    "not_found": ("設定ファイルが見つかりません", "config file not found"),
    "unreadable": ("設定ファイルを読めません: {detail}", "cannot read the config file: {detail}"),
    "toml": ("TOML として読めません: {detail}", "not valid TOML: {detail}"),
    "template_not_found": ("様式ファイルが見つかりません", "template file not found"),
    "template_unreadable": (
        "様式ファイルを読めません: {detail}",
        "cannot read the template file: {detail}",
    ),
    "unknown_rule": (
        "規則 ID でもその接頭辞でもありません: 「{selector}」",
        "unknown rule id or prefix '{selector}'",
    ),
    "unknown_key": ("不明なキー「{key}」", "unknown key '{key}'"),
    "missing_key": ("キー「{key}」がありません", "missing key '{key}'"),
    "unknown_format": (
        "{key}: 不明な形式「{value}」です（{choices} のいずれか）",
        "{key}: unknown format '{value}' (one of {choices})",
    ),
    "choice": (
        "{key}: {choices} のいずれかを指定してください（「{value}」は使えません）",
        "{key}: should be one of {choices}, not '{value}'",
    ),
    "bool": ("{key}: true か false を指定してください", "{key}: should be true or false"),
    "sheet": (
        "{key}: シートの番号（整数）またはコード（文字列）を指定してください",
        "{key}: should be a sheet's number (a whole number) or code (a string)",
    ),
    "integer": ("{key}: 整数を指定してください", "{key}: should be a whole number"),
    "string": ("{key}: 文字列を指定してください", "{key}: should be a string"),
    "array": ("{key}: 配列 [...] を指定してください", "{key}: should be an array [...]"),
    "table": ("{key}: テーブル {{...}} を指定してください", "{key}: should be a table {{...}}"),
    "empty": ("{key}: 空にはできません", "{key}: must not be empty"),
    "invalid": ("{key}: 値が正しくありません（{detail}）", "{key}: {detail}"),
    "more": ("（ほかに {count} 件）", " (and {count} more)"),
    "pattern": (
        "{key}: 正規表現として読めません（{detail}）",
        "{key}: not a regular expression ({detail})",
    ),
    "template_layout": (
        "{key}: 様式には [sheet]（印刷された評価表）か [records]（データのレコード）の"
        "どちらか一方が必要です",
        "{key}: a template has either [sheet] (a printed sheet) or [records] (data records)",
    ),
    "template_table": (
        "{key}: 「{value}」という表は定義されていません（[[table]] の name）",
        "{key}: no table named '{value}' (the name of a [[table]])",
    ),
    "template_formula": (
        "{key}: 「{value}」は式として読めません（{detail}）",
        "{key}: '{value}' is not a formula ({detail})",
    ),
    "template_field": (
        "{key}: 「{value}」という field の行がありません（[[row]] の field）",
        "{key}: no row has the field '{value}' (the field of a [[row]])",
    ),
    "template_rule": (
        "{key}: 規則 ID ではありません: 「{value}」",
        "{key}: unknown rule id '{value}'",
    ),
}

DIAGNOSES: dict[str, tuple[str, str]] = {
    "dropped_digit": ("桁の脱落", "a dropped digit"),
    "extra_digit": ("余分な桁", "an extra digit"),
    "swapped_digits": ("隣り合う数字の入れ替わり", "two digits swapped"),
    "mistyped_digit": ("1桁の誤記", "one digit mistyped"),
}

# What a staff cost is paid for, as the messages write it.
UNITS: dict[str, tuple[str, str]] = {"人": ("人", "FTE"), "時間": ("時間", "hours")}


def format_value(value: Any) -> str:
    """A number as an auditor reads it: thousands separators, the decimals it carries."""
    if isinstance(value, Number):
        value = value.value
    if isinstance(value, Text):
        return value.text
    if isinstance(value, Decimal):
        return f"{value:,f}"
    if isinstance(value, int | float):
        return f"{value:,}"
    return "" if value is None else str(value)


def _localised(value: Any, index: int) -> str:
    """A text given in both languages, ``(ja, en)``, in one of them; any other as it is."""
    if isinstance(value, tuple | list):
        return str(value[index] or value[0])
    return str(value)


def render_error(key: str, params: dict[str, Any], lang: str = "ja") -> str:
    index = 1 if lang == "en" else 0
    return ERRORS[key][index].format_map({k: _localised(v, index) for k, v in params.items()})


def render_config_error(key: str, params: dict[str, Any], lang: str = "ja") -> str:
    return CONFIG_ERRORS[key][1 if lang == "en" else 0].format_map(params)


def render(key: str, params: dict[str, Any], lang: str = "ja") -> str:
    index = 1 if lang == "en" else 0
    names = params.get("names")
    values: dict[str, str] = {}
    for name, value in params.items():
        if name == "row_field":  # the row itself, named without the letter in question
            values[name] = ROW_LETTER_SUFFIX.sub("", field_name(value, lang, names))
        elif name.endswith("field"):
            values[name] = field_name(value, lang, names)
        elif name.endswith("fields"):
            values[name] = ("、" if index == 0 else ", ").join(
                field_name(f, lang, names) for f in value
            )
        elif name == "diagnosis":
            values[name] = DIAGNOSES[value][index]
        elif name == "formula":
            values[name] = _localised(value, index)
        elif name == "fte_unit":
            values[name] = UNITS[value][index] if value in UNITS else str(value)
        elif name == "table":  # by its template's title (経費, コスト内訳 …), else its name
            titles = (names or {}).get("tables", {})
            values[name] = titles[value][index] if value in titles else str(value)
        elif name == "cells":
            values[name] = " | ".join(value)
        else:
            values[name] = format_value(value)
    return MESSAGES[key][index].format_map(values)
