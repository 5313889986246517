"""`quota-doctor diagnose FILE|- [--json]` as shared/contract.md describes it, run as a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot import kb as K
from bot.kb import contract

REPO = Path(__file__).resolve().parent.parent

CURRENT_OVERDUE = {"quota_status": "reduced", "overdue_microloan": "current", "overdue_days": "4_30",
                   "other_loans": "3_5", "debt_ratio": "50_70", "limit_before": 20000, "limit_now": 5000}
CLEAN_RECORD = {"quota_status": "reduced", "overdue_microloan": "never", "overdue_other": "none",
                "credit_card_overdue": "none", "credit_card_cuts": "none", "other_loans": "none",
                "employment": "stable", "debt_ratio": "lt_30", "wechat_pay_use": "daily"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "diagnose", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def diagnose_json(answers: object) -> dict:
    """The JSON result for these answers, read from stdin; checks the contract's shape."""
    result = run("-", "--json", stdin=json.dumps(answers, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = json.loads(result.stdout)
    check_shape(out)
    return out


def check_shape(out: object) -> None:
    assert isinstance(out, dict) and set(out) == {"mode", "urgent", "reasons", "plan"}, out
    assert out["mode"] in ("diagnosis", "checkup")
    reasons, plan = out["reasons"], out["plan"]
    assert isinstance(reasons, list) and isinstance(plan, list)
    questions = set(contract.CONTRACT_QUESTIONS)
    for r in reasons:
        assert set(r) == {"id", "level", "score", "evidence", "confidence"}, r
        assert r["id"] in contract.CONTRACT_REASONS
        assert r["level"] in ("high", "medium", "low")
        assert isinstance(r["score"], (int, float)) and not isinstance(r["score"], bool)
        assert 0.0 <= r["score"] <= 1.0, r
        assert isinstance(r["evidence"], list) and set(r["evidence"]) <= questions, r
        assert r["confidence"] in ("confirmed", "reported", "folk")
    scores = [r["score"] for r in reasons]
    assert scores == sorted(scores, reverse=True), scores
    ids = [r["id"] for r in reasons]
    assert len(ids) == len(set(ids))
    for step in plan:
        assert set(step) == {"id", "reasons", "confidence"}, step
        assert step["id"] in contract.CONTRACT_STEPS
        assert isinstance(step["reasons"], list) and set(step["reasons"]) <= set(ids), step
        assert step["confidence"] in ("confirmed", "reported", "folk")
    steps = [s["id"] for s in plan]
    assert len(steps) == len(set(steps))
    assert steps[:len(out["urgent"])] == out["urgent"]  # the urgent box, first, in plan order


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].strip()
    return lines[0]


# --------------------------------------------------------------------------- results

def test_json_result_has_the_contract_shape():
    out = diagnose_json(CURRENT_OVERDUE)
    reasons = {r["id"]: r for r in out["reasons"]}
    assert out["reasons"][0]["id"] == "overdue"
    assert out["reasons"][0]["level"] == "high"
    assert "overdue_microloan" in reasons["overdue"]["evidence"]
    assert reasons["overdue"]["confidence"] == "confirmed"
    assert "multi_borrowing" in reasons
    assert "risk_policy" in reasons


def test_file_and_stdin_give_the_same(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(CURRENT_OVERDUE), encoding="utf-8")
    from_file = run(str(path), "--json")
    from_stdin = run("-", "--json", stdin=json.dumps(CURRENT_OVERDUE))
    assert from_file.returncode == 0 and from_stdin.returncode == 0, from_file.stderr + from_stdin.stderr
    assert json.loads(from_file.stdout) == json.loads(from_stdin.stdout)
    assert from_file.stdout == from_stdin.stdout
    check_shape(json.loads(from_file.stdout))


def test_stdout_is_one_json_object():
    result = run("-", "--json", stdin=json.dumps(CLEAN_RECORD))
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 1
    check_shape(json.loads(result.stdout))


def test_empty_object():
    out = diagnose_json({})
    assert [r["id"] for r in out["reasons"]] == ["risk_policy"]
    assert "wait_for_review" in [s["id"] for s in out["plan"]]


def test_clean_record_points_to_the_bank():
    out = diagnose_json(CLEAN_RECORD)
    assert out["reasons"][0]["id"] == "risk_policy"
    assert out["reasons"][0]["score"] > 0
    assert "overdue_microloan" in out["reasons"][0]["evidence"]
    assert "overdue" not in [r["id"] for r in out["reasons"]]


@pytest.mark.parametrize("question", ["overdue_microloan", "overdue_other", "credit_card_overdue"])
def test_current_overdue_puts_repay_overdue_first(question):
    out = diagnose_json({"quota_status": "reduced", question: "current"})
    assert out["plan"][0]["id"] == "repay_overdue"
    assert "wait_for_review" in [s["id"] for s in out["plan"]]


def test_closed_limit_includes_avoid_scams():
    out = diagnose_json({"quota_status": "closed"})
    assert "avoid_scams" in [s["id"] for s in out["plan"]]
    assert "wait_for_review" in [s["id"] for s in out["plan"]]


def test_unsure_never_gives_a_high_reason():
    k = K.default()
    answers = {q.id: "unsure" for q in k.interview.questions if q.kind == "choice"}
    out = diagnose_json(answers)
    assert all(r["level"] != "high" for r in out["reasons"])
    assert all(r["evidence"] == [] for r in out["reasons"])


def test_null_means_skipped():
    assert diagnose_json({"limit_before": None, "limit_now": None}) == diagnose_json({})


@pytest.mark.parametrize("before, now, yuan_before, yuan_now", [
    ("1.2万", "5千", 12000, 5000), ("12,000", "5k", 12000, 5000), ("两万", "¥5000", 20000, 5000)])
def test_amounts_as_strings_are_accepted(before, now, yuan_before, yuan_now):
    as_text = {"quota_status": "reduced", "limit_before": before, "limit_now": now}
    assert diagnose_json(as_text) == diagnose_json(
        {"quota_status": "reduced", "limit_before": yuan_before, "limit_now": yuan_now})
    report = run("-", stdin=json.dumps(as_text, ensure_ascii=False))
    assert report.returncode == 0, report.stderr
    assert f"{yuan_before:,}" in report.stdout and f"{yuan_now:,}" in report.stdout, report.stdout


# --------------------------------------------------------------------------- errors

def test_unknown_question_id():
    line = one_error_line(run("-", "--json", stdin='{"quota_status": "reduced", "favourite_colour": "blue"}'))
    assert "favourite_colour" in line


def test_bad_value_names_question_and_allowed_values():
    line = one_error_line(run("-", "--json", stdin='{"overdue_microloan": "sometimes"}'))
    assert "overdue_microloan" in line
    assert "never, past, current" in line


@pytest.mark.parametrize("value", [-1, -0.5, "-5000", "负五千"])
def test_negative_limit_before(value):
    line = one_error_line(run("-", "--json", stdin=json.dumps({"limit_before": value}, ensure_ascii=False)))
    assert "limit_before" in line


@pytest.mark.parametrize("value", ["lots", True, [5000], {"yuan": 5000}])
def test_amount_that_is_not_a_number(value):
    line = one_error_line(run("-", "--json", stdin=json.dumps({"limit_now": value})))
    assert "limit_now" in line


@pytest.mark.parametrize("text", ['{"limit_before": NaN}', '{"limit_before": Infinity}'])
def test_amount_that_is_not_finite(text):
    line = one_error_line(run("-", "--json", stdin=text))
    assert "limit_before" in line


@pytest.mark.parametrize("value", [3, True, ["reduced"], "Reduced"])
def test_choice_question_given_something_else(value):
    line = one_error_line(run("-", "--json", stdin=json.dumps({"quota_status": value})))
    assert "quota_status" in line
    assert all(v in line for v in ("reduced", "closed", "unchanged", "self_closed", "unsure"))


@pytest.mark.parametrize("text", ['["quota_status", "reduced"]', '"quota_status"', "42", "null"])
def test_json_that_is_not_an_object(text):
    one_error_line(run("-", "--json", stdin=text))


@pytest.mark.parametrize("text", ["{quota_status: reduced}", '{"quota_status": "reduced",}', "", "{} x"])
def test_invalid_json(text):
    line = one_error_line(run("-", "--json", stdin=text))
    assert "JSON" in line


def test_missing_file(tmp_path):
    missing = tmp_path / "nothing_here.json"
    line = one_error_line(run(str(missing), "--json"))
    assert str(missing) in line


def test_errors_without_json_flag_too():
    one_error_line(run("-", stdin='{"overdue_microloan": "sometimes"}'))


# --------------------------------------------------------------------------- readable report

def test_report_without_json(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(CURRENT_OVERDUE), encoding="utf-8")
    top = json.loads(run(str(path), "--json").stdout)["reasons"][0]["id"]
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    title = K.default().diagnosis.reason_by_id[top].title.get("en")
    assert title in result.stdout
    assert "your plan, in order" in result.stdout.lower()
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)
    assert "<b>" not in result.stdout


def test_report_for_a_clean_record_names_the_bank_side_reason():
    result = run("-", stdin=json.dumps(CLEAN_RECORD))
    assert result.returncode == 0, result.stderr
    assert K.default().diagnosis.reason_by_id["risk_policy"].title.get("en") in result.stdout
    assert "your plan, in order" in result.stdout.lower()
