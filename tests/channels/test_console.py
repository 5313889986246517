"""`quota-doctor chat` as a new user runs it: answers piped in, plan printed, interview stored."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.store import Store

ROOT = Path(__file__).resolve().parents[2]


def run_chat(tmp_path, lines, *args, lang="en"):
    env = dict(os.environ, QUOTA_DOCTOR_DB=str(tmp_path / "chat.db"))
    return subprocess.run([sys.executable, "-m", "bot", "chat", "--lang", lang, *args],
                          input="\n".join(lines) + "\n", capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env=env)


def test_chat_runs_a_whole_interview_and_prints_the_plan(tmp_path):
    # 1 agree; 1 "It was cut"; limits typed; 1 no scam contact; 3 "Late right now"; 3 "31-90 days";
    # then option 1 for each of the 22 remaining questions; then 1 "See my result".
    lines = ["1", "1", "2万", "5千", "1", "3", "3"] + ["1"] * 22 + ["1"]
    out = run_chat(tmp_path, lines)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert "Question 28 of 28" in out.stdout
    result = out.stdout.split("Your result")[1]
    assert "¥20,000 → ¥5,000" in result
    urgent = result.split("Do this first, today")[1].split("\n\n")[0]
    assert "1. Repay what is overdue, soon" in urgent
    assert "Days overdue: 31-90 days" in result  # the user's own answer as evidence
    assert "<b>" not in out.stdout and "&amp;" not in out.stdout  # HTML rendered as terminal text
    assert "[1]" in out.stdout
    assert out.stdout.rstrip().endswith("👋")
    s = Store(tmp_path / "chat.db")
    latest = s.latest_diagnosis("console:1")
    answers = s.answers(latest["interview_id"])
    assert answers["limit_before"] == 20000 and answers["limit_now"] == 5000
    assert answers["overdue_microloan"] == "current"
    assert latest["result"]["plan"][0]["id"] == "repay_overdue"
    s.close()


def test_chat_in_chinese_and_resumes_after_end_of_input(tmp_path):
    first = run_chat(tmp_path, ["1", "2"], lang="zh")  # agree, "closed"; then input ends
    assert first.returncode == 0 and "第 2 题" in first.stdout
    second = run_chat(tmp_path, ["/diagnose", "1"], lang="zh")  # continue
    assert "继续" in second.stdout
    assert second.stdout.count("第 2 题") >= 1


def test_chat_commands_and_mydata_file(tmp_path):
    out = run_chat(tmp_path, ["1", "/help", "/mydata", "/nonsense"])
    assert "/forget" in out.stdout
    assert "I don't know the command /nonsense" in out.stdout
    files = list(tmp_path.glob("quota-doctor-*.json"))
    assert len(files) == 1 and str(files[0]) in out.stdout
