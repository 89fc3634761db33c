"""--format sarif: valid SARIF 2.1.0 (the official schema), one result per finding."""

import json
import urllib.parse

import jsonschema
import pytest

from shakyo_eval.checker import Options, SheetIgnore, check
from shakyo_eval.model import Location
from shakyo_eval.report import render
from shakyo_eval.rules import get_rule

from conftest import DATA, ROOT, SEED

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(sarif: dict) -> None:
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator(SCHEMA, format_checker=validator.FORMAT_CHECKER).validate(sarif)


def sarif_of(report, lang="en") -> dict:
    return json.loads(render(report, "sarif", lang, root=ROOT))


@pytest.fixture(scope="module")
def seed_report():
    return check([SEED])


def test_seed_sarif_validates_against_the_official_schema(seed_report):
    sarif = sarif_of(seed_report)
    validate(sarif)
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):  # the schema does hold us to something
        validate(broken)


def test_every_finding_is_a_result_with_its_rule(seed_report):
    (run,) = sarif_of(seed_report)["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    (document,) = seed_report.documents
    assert [r["ruleId"] for r in results] == [f.rule for f in document.all_findings()]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    se103 = next(rule for rule in rules if rule["id"] == "SE103")
    assert se103["name"] == "staff-cost-total"
    assert "688,670" in se103["help"]["text"]
    assert se103["defaultConfiguration"] == {"level": "error"}
    levels = {r["ruleId"]: r["level"] for r in results}
    assert (levels["SE103"], levels["SE204"], levels["SE205"]) == ("error", "warning", "note")


def test_a_result_names_file_line_sheet_year_and_field(seed_report):
    (run,) = sarif_of(seed_report)["runs"]
    result = next(r for r in run["results"] if r["ruleId"] == "SE103")
    assert "a dropped digit" in result["message"]["text"]
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "samples/seed.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 221},
    }
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    assert result["properties"] == {
        "sheet": 5,
        "sheetName": "重層的支援体制整備事業",
        "year": "R4",
        "field": "costs.staff.contract.cost",
        "written": 688670,
        "expected": 6886700,
    }


def test_messages_follow_the_language(seed_report):
    (run,) = sarif_of(seed_report, "ja")["runs"]
    result = next(r for r in run["results"] if r["ruleId"] == "SE103")
    assert "桁の脱落" in result["message"]["text"]
    se103 = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert se103["shortDescription"]["text"] == get_rule("SE103").title_ja


def test_a_japanese_file_name_is_a_valid_uri_reference(tmp_path):
    path = tmp_path / "令和6年度 評価表.txt"
    path.write_bytes(SEED.read_bytes())
    sarif = json.loads(render(check([path]), "sarif", "ja", root=tmp_path))
    artifact = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = artifact["artifactLocation"]["uri"]
    assert uri.isascii() and " " not in uri
    assert urllib.parse.unquote(uri) == "令和6年度 評価表.txt"


def test_fingerprints_do_not_move_with_the_line(seed_report):
    (document,) = seed_report.documents
    moved = seed_report.model_copy(deep=True)
    for finding in moved.documents[0].findings:
        finding.location = Location(line=finding.location.line + 3)
    before = [r["partialFingerprints"] for r in sarif_of(seed_report)["runs"][0]["results"]]
    after = [r["partialFingerprints"] for r in sarif_of(moved)["runs"][0]["results"]]
    assert before == after
    assert len({p["shakyoEvalFinding/v1"] for p in before}) == len(document.all_findings())


def test_a_sheet_printed_twice_keeps_its_findings_apart(tmp_path):
    twice = tmp_path / "twice.txt"
    twice.write_text("\n".join([SEED.read_text(encoding="utf-8")] * 2), encoding="utf-8")
    results = sarif_of(check([twice]))["runs"][0]["results"]
    fingerprints = {r["partialFingerprints"]["shakyoEvalFinding/v1"] for r in results}
    assert len(results) == len(fingerprints) == 2 * 17


def test_a_pdf_page_goes_into_properties_not_a_region(seed_report):
    """SARIF regions count lines and characters; a page is not one, so it is a property."""
    as_pdf = seed_report.model_copy(deep=True)
    for finding in as_pdf.documents[0].findings:
        finding.location = Location(page=7, bbox=(40.0, 500.5, 120.0, 512.0))
    sarif = sarif_of(as_pdf)
    validate(sarif)
    result = sarif["runs"][0]["results"][0]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["properties"]["page"] == 7
    assert result["properties"]["bbox"] == [40.0, 500.5, 120.0, 512.0]


def test_accepted_findings_are_suppressed_with_the_reason():
    reason = "the council prints this ratio as a fraction"
    report = check([SEED], Options(sheet_ignores=[SheetIgnore(4, ("SE203",), reason)]))
    sarif = sarif_of(report)
    validate(sarif)
    results = sarif["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["properties"]["sheet"]) for r in suppressed] == [("SE203", 4)] * 2
    assert suppressed[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": reason}
    ]


def test_an_unreadable_file_is_a_notification(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\xff\xfe garbage")
    sarif = json.loads(render(check([broken, SEED]), "sarif", "en", root=tmp_path))
    validate(sarif)
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert "binary" in notification["message"]["text"]
    artifact = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "broken.txt", "uriBaseId": "%SRCROOT%"}
    seed_uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert seed_uri["artifactLocation"] == {"uri": SEED.resolve().as_uri()}  # outside root
