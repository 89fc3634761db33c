import json
from decimal import Decimal as D
from pathlib import Path

from click.testing import CliRunner

from render import render_document
from shakyo_eval.checker import read_document
from shakyo_eval.cli import main
from shakyo_eval.model import Column, IndicatorYear
from shakyo_eval.rules.links import defined_indicator, indicator_links

from conftest import SEED, SEED_CORRECTED
from helpers import findings, flat

# Every link the narrative rule makes on the seed, each checked by hand against the text:
# sheet, indicator, the figures of 実施内容 it compares (this year, and last year's).
SEED_LINKS = {
    (1, "ボランティア活動件数"): (["109件"], D(109), D(56)),
    (1, "初めてのボランティア体験学習参加人数"): (["166名"], D(166), D(154)),
    (2, "ふれあい・いきいきサロン開催回数"): (["471回"], D(471), D(403)),
    (2, "支部設置数"): (["56支部"], D(56), D(56)),
    (3, "ふれあいサービス新規利用者数"): (["8名"], D(8), D(0)),
    (3, "産後ヘルパー新規利用者数"): (["11名"], D(11), D(7)),
    (3, "新規協力員数"): (["7名"], D(7), D(0)),
    (4, "第2層協議体の運営支援回数"): (["24回"], D(24), D(25)),
    (4, "通いの場の活動の創出支援回数"): (["43回"], D(43), D(14)),
    (5, "社会福祉法人連絡会の参加団体数"): (["12事業所・団体", "10事業所・団体"], D(22), D(39)),
    (5, "つながる相談窓口参加事業所・団体数"): (["27事業所・団体"], D(27), D(28)),
    (5, "年間個人支援回数"): (["1,400回", "232回", "609回"], D(2241), D(2061)),
}


def test_every_link_on_the_seed():
    links = {}
    for sheet in read_document(SEED).sheets:
        for index, link in indicator_links(sheet).items():
            name = sheet.indicators[index - 1].name
            links[(sheet.number, name)] = (
                [f.text for f in link.figures],
                link.value,
                link.previous,
            )
    assert links == SEED_LINKS
    # Not linked, on purpose: 589名 is ボランティア事業参加者総数, not quite the indicator
    # ボランティアセンター事業参加者人数; 1,280回 is 年間支援回数, not 年間個人支援回数;
    # 11件 is counted in 件, 活動創出箇所 in 箇所; 支部長会議 is held 4月、9月、2月 (months).


def test_se404_seed_text_against_indicators():
    assert flat(findings(SEED, "SE404")) == {
        ("SE404", 3, "R5", "indicators[1].actual", D(7), D(8)),
        ("SE404", 5, "R5", "indicators[1].actual", D(23), D(22)),
    }
    message = next(f for f in findings(SEED, "SE404") if f.sheet == 5).text("ja")
    assert "7月実施 12事業所・団体/2月実施 10事業所・団体" in message and "22" in message
    assert findings(SEED_CORRECTED, "SE404") == []


def test_se404_last_years_figure(seed_variant):
    path = seed_variant({15: ("\t24\t56\t109", "\t24\t56\t109")})  # unchanged row, as anchor
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9].replace(
        "ボランティア活動件数109件 (56件)", "ボランティア活動件数109件 (65件)"
    )
    path.write_text("\n".join(lines), encoding="utf-8")
    (finding,) = findings(path, "SE404")
    assert (finding.sheet, finding.year, finding.written, finding.expected) == (
        1,
        "R4",
        D(56),
        D(65),
    )
    assert finding.message_id == "text.figure_last_year"


def test_numbers_unrelated_to_indicators_make_no_narrative_finding(tmp_path):
    document = read_document(SEED_CORRECTED)
    sheet = document.sheets[3]
    text = (
        "第2層協議体は4圏域でそれぞれ隔月に開催した。\n"
        "・令和5年4月1日から市内小学校13校、中学校6校と連携し、年間233回の伴走型支援を行った。\n"
        "・第1層協議体は年3回（3回）開催、地域ケア会議等 74回（63回）"
    )
    sheet.header.activities = sheet.header.activities.model_copy(update={"text": text})
    path = tmp_path / "unrelated.txt"
    path.write_text(render_document(document), encoding="utf-8")
    sheet4 = read_document(path).sheets[3]
    assert [f.text for f in sheet4.figures] == ["4圏域", "13校", "6校", "233回", "3回", "74回"]
    assert indicator_links(sheet4) == {}
    assert [f for f in findings(path, "SE404", "SE302", "SE403") if f.sheet == 4] == []


def test_se402_units_name_an_indicator(seed_variant):
    document = read_document(SEED)
    how = {s.number: (defined_indicator(s) or (None, None)) for s in document.sheets}
    assert {n: (i.name if i else None, h) for n, (i, h) in how.items()} == {
        1: ("ボランティアセンター事業参加者人数", "same"),
        2: (None, None),  # 支部数: 支部長会議回数 or 支部設置数? Not said, so not linked.
        3: (None, None),  # a sum of text figures: SE403's
        4: ("活動創出箇所", "words"),  # 活動の創出
        5: ("年間個人支援回数", "near"),  # 年間個別支援回数, one character off
    }
    assert findings(SEED, "SE402") == []
    path = seed_variant({184: ("\t4\t11\t", "\t5\t11\t")})
    assert ("SE402", 4, "R4", "unit_cost.units", D(5), D(4)) in flat(findings(path, "SE402"))


def test_se403_units_sum_of_text_figures(seed_variant):
    # Sheet 3: 利用者、協力員数合計 = 13 + 11 + 29 = 53 (R5), 10 + 7 + 23 = 40 (R4).
    assert findings(SEED, "SE403") == []
    path = seed_variant({137: ("\t40\t53\t", "\t40\t52\t")})
    (finding,) = findings(path, "SE403")
    assert (finding.sheet, finding.year, finding.written, finding.expected) == (
        3,
        "R5",
        D(52),
        D(53),
    )
    assert finding.params["parts"] == "13名 + 11名 + 29名"


def test_se405_seed_staff_rate_confirms_the_dropped_digit():
    (grouped,) = [f for f in findings(SEED, grouped=True) if f.field == "costs.staff.contract.cost"]
    assert grouped.rule == "SE103"
    (rate,) = grouped.also
    assert (rate.rule, rate.expected, rate.params["rate"]) == ("SE405", D(6886700), D(4051000))
    assert rate.params["diagnosis"] == "dropped_digit"
    assert findings(SEED_CORRECTED, "SE405") == []


def test_se405_fte_that_does_not_match_the_cost(seed_variant):
    # Sheet 2 R5: 2,338,200 is 0.6 FTE at the R5 contract rate 3,897,000, not 0.5.
    path = seed_variant({81: ("\t0.7\t0.6\t", "\t0.7\t0.5\t")})
    assert flat(findings(path, "SE405")) == {
        ("SE405", 2, "R5", "costs.staff.contract.cost", D(2338200), D(1948500))
    }


def test_se406_unit_definition_wording():
    assert flat(findings(SEED, "SE406")) == {
        ("SE406", 5, None, "unit_cost.definition", "年間個別支援回数", "年間個人支援回数")
    }
    assert findings(SEED_CORRECTED, "SE406") == []


def _next_year(source: Path, target: Path, edit=None) -> Path:
    """The 令和7年度 edition of a document: R5 as printed before, R6 a copy, R7 empty."""
    document = read_document(source)
    for sheet in document.sheets:
        title = sheet.header.fiscal_year_text
        sheet.header.fiscal_year_text = title.model_copy(
            update={"text": "令和7年度 事務事業評価表"}
        )
        sheet.years = [Column(label=y) for y in ("R5", "R6", "R7")]
        for table in sheet.tables:
            table.columns = list(sheet.years)
            for row in table.rows:  # R6 prints what R5 printed; R7 is still empty
                row.values = {y: row.values["R5"] for y in ("R5", "R6") if "R5" in row.values}
        for indicator in sheet.indicators:
            old = indicator.years
            indicator.years = {
                "R5": old["R5"],
                "R6": IndicatorYear(target=old["R6"].target, actual=old["R5"].actual),
                "R7": IndicatorYear(target=old["R6"].target),
            }
    if edit:
        edit(document)
    target.write_text(render_document(document), encoding="utf-8")
    return target


def test_se407_year_columns_across_documents(tmp_path):
    def revise(document):
        # next year's sheet 2 moves 18,000 between its two R5 revenue items: sums still hold
        rows = document.sheets[1].table("costs").rows
        first, second = (r.values for r in rows if r.field.startswith("costs.revenue.items["))
        first["R5"] = first["R5"].model_copy(update={"text": "1,164,946", "value": D(1164946)})
        second["R5"] = second["R5"].model_copy(update={"text": "2,033,354", "value": D(2033354)})

    later = _next_year(SEED_CORRECTED, tmp_path / "2025.txt", revise)
    result = CliRunner().invoke(
        main, ["check", str(SEED_CORRECTED), str(later), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    documents = json.loads(result.output)["documents"]
    assert documents[0]["findings"] == []
    year_findings = [f for f in documents[1]["findings"] if f["rule"] == "SE407"]
    assert [(f["sheet"], f["year"], f["written"], f["expected"]) for f in year_findings] == [
        (2, "R5", 1164946, 1146946),
        (2, "R5", 2033354, 2051354),
    ]
    assert "seed-corrected.txt" in year_findings[0]["message"]
    # alone, the same file has nothing to compare with
    assert findings(later, "SE407") == []
