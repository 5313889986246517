"""The advisor on real text nobody here wrote, read from ../shared/real at run time and never
copied into the repository (`python -m bench.real_text` prints the same figures).
pages_dev.yaml is studied (the scam model learns from it); pages_check.yaml is only measured:
a failure here reports figures, never its texts. The bars hold the figures measured on
2026-12-06 (seventh session); the targets of issue #16 that are not met yet are strict expected
failures, which fail the day they pass."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.kb import default
from bot.text.evaluation import real_text_figures
from bot.text.faq import FaqMatcher

REAL = Path(os.environ.get("QUOTA_DOCTOR_REAL", Path(__file__).resolve().parents[3] / "shared" / "real"))
pytestmark = pytest.mark.skipif(not (REAL / "pages_check.yaml").is_file(),
                                reason=f"no real texts at {REAL} (set QUOTA_DOCTOR_REAL)")


@pytest.fixture(scope="module")
def real():
    return real_text_figures(FaqMatcher(default()), REAL)


def share(real, name, measure) -> float:
    n, of = real[name][measure]
    return n / of


def test_everyday_questions_about_other_products_are_not_weilidai_questions(real):
    for name in ("atec_questions_random200.txt", "atec_questions_overlap200.txt"):
        assert share(real, name, "scam warning") <= 0.01, real[name]
        assert share(real, name, "given a Weilidai topic") <= 0.10, real[name]
        assert real[name]["crisis reply"][0] == 0, real[name]


def test_everyday_english_gets_the_crisis_reply_almost_never(real):
    sms = real["sms_normal_en_uci200.txt"]
    assert sms["crisis reply"][0] <= 1, sms


def test_the_measured_half_holds_its_measured_figures(real):
    check = real["pages_check.yaml"]
    assert check["scams flagged"][0] >= 31 and check["innocent flagged"][0] <= 1, check
    # questions 28 → 25 in the ninth session (w73's phrasings and the shield's exceptions; the
    # never-studied halves went 116 → 119 of 153 the same day), 25 → 27 in the tenth (phrasings
    # for gaps of a fresh studied half); 27 → 29 in the twelfth, counted as the user reads them (a
    # flag no pattern named comes after the topic's answer: evaluation._answered); 29 → 30 in the
    # fifteenth, when close_own_limit took the id the labels give closing questions (contact_service:
    # the same answer): the bar holds it
    assert check["questions given a fair topic"][0] >= 30 and check["out of scope refused"][0] >= 17, check
    assert check["crisis reply"][0] == 0, check


def test_the_studied_half_holds_its_figures(real):
    dev = real["pages_dev.yaml"]
    assert dev["scams flagged"][0] == dev["scams flagged"][1] and dev["innocent flagged"][0] <= 1, dev
    assert dev["questions given a fair topic"][0] >= 70 and dev["out of scope refused"][0] >= 29, dev


def test_target_real_scams_flagged(real):
    assert share(real, "pages_check.yaml", "scams flagged") >= 0.90, real["pages_check.yaml"]


@pytest.mark.xfail(strict=True, reason="#16 target not met: 1 of 35 real innocent texts flagged")
def test_target_real_innocent_texts_spared(real):
    assert share(real, "pages_check.yaml", "innocent flagged") <= 0.02, real["pages_check.yaml"]


def test_target_real_questions_answered(real):
    """Met since 2026-12-07 (fifteenth session: 30 of 35; see test_the_measured_half_holds_its_measured_figures)."""
    assert share(real, "pages_check.yaml", "questions given a fair topic") >= 0.85, real["pages_check.yaml"]


def test_target_real_out_of_scope_refused(real):
    """Met since 2026-12-06 (eighth session: 17 of 21, with banks' short names as a question's subject)."""
    assert share(real, "pages_check.yaml", "out of scope refused") >= 0.80, real["pages_check.yaml"]


def test_everyday_english_is_almost_never_flagged(real):
    assert share(real, "sms_normal_en_uci200.txt", "scam warning") <= 0.005, real["sms_normal_en_uci200.txt"]
