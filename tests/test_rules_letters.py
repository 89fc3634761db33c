from conftest import SEED, SEED_CORRECTED
from helpers import findings, flat


def test_se401_seed_project_cost_printed_b():
    assert flat(findings(SEED, "SE401")) == {
        ("SE401", 1, None, "label.costs.expenditure.project", "(b)", "(d)"),
        ("SE401", 4, None, "label.costs.expenditure.project", "(b)", "(d)"),
    }
    message = findings(SEED, "SE401")[0].text("ja")
    assert "事業費 の記号が (b)" in message and "一般財源" in message


def test_se401_corrected_seed_is_clean():
    assert findings(SEED_CORRECTED, "SE401") == []


def test_se401_letter_outside_the_template(seed_variant):
    path = seed_variant({36: ("人件費合計 (e)", "人件費合計 (x)")})
    # (x) is no letter of the template: still the staff total, with a letter it does not know
    assert flat(findings(path, "SE401")) == {
        ("SE401", 1, None, "label.costs.staff_total", "(x)", "(e)")
    }
    assert "the template calls it (e)" in findings(path, "SE401")[0].text("en")
    path = seed_variant({36: ("人件費合計 (e)", "人件費合計 (g)")}, "g.txt")
    assert flat(findings(path, "SE401")) == {
        ("SE401", 1, None, "label.costs.staff_total", "(g)", "(e)")
    }
