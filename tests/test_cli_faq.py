"""`quota-doctor faq` and `faq-review` as contract.md says."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.store import Store


def run(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env=env)


def test_faq_json_for_one_question():
    out = run("faq", "can", "I", "apply", "for", "weilidai", "myself", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"id", "score", "scam", "warning", "lang", "alternatives", "crisis"}
    assert data["crisis"] is False and data["warning"] is False
    assert data["id"] == "apply_myself" and data["lang"] == "en" and data["scam"] is False
    assert 0 <= data["score"] <= 1
    assert all(set(a) == {"id", "score"} for a in data["alternatives"])


def test_faq_json_says_when_a_text_is_a_pasted_warning_and_gives_it_no_topic():
    out = run("faq", "--json", "警方提醒：凡是自称客服要求注销贷款账户、清空额度的，都是诈骗！")
    data = json.loads(out.stdout)
    assert data["warning"] is True and data["id"] is None and data["scam"] is False
    assert "scam_fake_service" in [a["id"] for a in data["alternatives"]]


def test_faq_batch_reads_one_question_a_line():
    out = run("faq", "--json", stdin="微粒贷额度没了是怎么回事\n\nwhat's the weather today\n有人要收解冻费帮我解冻微粒贷\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["lang"] == "zh" and lines[0]["id"] == "why_closed"
    assert lines[1]["id"] is None
    assert lines[2]["scam"] is True


def test_faq_review_lists_the_most_common_unmatched(tmp_path):
    db = tmp_path / "qd.db"
    s = Store(db)
    for text in ("recipe for noodles", "recipe for noodles", "stocks?", "clear\x1b[2J\x1b]0;owned\x07 screen"):
        s.log_faq("en", text, None, 0.1, user="telegram:5")
    s.log_faq("en", "why cut", "why_reduced", 0.9, user="telegram:5")
    s.log_faq("en", "no user, no text", None, 0.1)
    s.close()
    out = run("faq-review", "--db", str(db), env=dict(os.environ))
    assert out.returncode == 0
    first = out.stdout.splitlines()[0]
    assert "2×" in first and "recipe for noodles" in first
    assert "why cut" not in out.stdout and "no user, no text" not in out.stdout
    # a user's terminal escapes are shown, never obeyed by the operator's terminal
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "clear\\x1b[2J\\x1b]0;owned\\x07 screen" in out.stdout


def test_faq_tells_how_to_close_it_from_why_it_was_closed():
    """"怎么关闭" asks how to close it oneself; "怎么关闭了" asks why the bank closed it."""
    out = run("faq", "--json", stdin="微粒贷怎么关闭\n微粒贷怎么关闭了\nhow do i close my weilidai\nwhy did webank close my weilidai\n")
    ids = [json.loads(line)["id"] for line in out.stdout.splitlines()]
    assert ids == ["contact_service", "why_closed", "contact_service", "why_closed"]
