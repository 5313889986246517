"""The topics for people in trouble and the crisis reply on the set of writer C
(tests/data/faq_eval_trouble.yaml), who saw neither the knowledge base nor the other writers.

Its questions are measured, never tuned on (python -m bench.faq --set trouble prints figures,
never questions). Its crisis messages were studied on 2026-12-06 (the 8 it missed then, of 75,
shaped the crisis words): for crisis, the held-out set is now writer D's
(tests/text/test_crisis_eval.py). The bars hold the figures measured when the set was last run:
in-scope top-1 74.1 % English, 71.1 % Chinese; scams flagged 94.4 %; every crisis message gets
the crisis reply, and no other message does (14 of 268 get the gentle line). A failure reports
figures only."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import default
from bot.text.evaluation import evaluate, load_cases
from bot.text.faq import FaqMatcher

TROUBLE_SET = Path(__file__).resolve().parents[1] / "data" / "faq_eval_trouble.yaml"


@pytest.fixture(scope="module")
def figures():
    cases = load_cases(TROUBLE_SET)
    assert sum(bool(c.get("crisis")) for c in cases) >= 60
    assert {c["lang"] for c in cases if c.get("crisis")} == {"en", "zh"}
    return evaluate(FaqMatcher(default()), cases)


def _errors(f):
    c = f["crisis"]
    return (f"top1_en {f['top1_en']:.3f}, top1_zh {f['top1_zh']:.3f}, scam_recall {f['scam_recall']:.3f}, "
            f"crisis {c['full']}/{c['n']} (+{c['gentle']} gentle), false crisis {c['false_full']}/{c['n_other']}")


def test_the_new_topics_hold_their_measured_accuracy(figures):
    assert figures["top1_en"] >= 0.74 and figures["top1_zh"] >= 0.71, _errors(figures)
    assert figures["scam_recall"] >= 0.94, _errors(figures)


def test_crisis_messages_get_the_reply_and_others_almost_never(figures):
    c = figures["crisis"]
    # the short line, when in doubt: 14 until the seventh session, 15 since the crisis model was
    # retrained with w65-w68's everyday look-alikes (writer D's full replies went 86 -> 87 of 90); 16
    # since the twelfth session's retrain: a borrower 90 days late who "wants to face it now" is
    # offered the line with the answer
    assert c["false_full"] <= 1 and c["false_gentle"] <= 16, _errors(figures)


def test_every_crisis_message_is_flagged(figures):
    c = figures["crisis"]
    assert c["full"] == c["n"], _errors(figures)
