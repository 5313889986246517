"""Profile table for the diagnosis: realistic users and what an honest advisor should tell them.

Every expectation below is derived from /work/shared/domain.md (evidence levels) and
/work/shared/contract.md (ids and plan rules), not from the implementation.

A profile starts from CLEAN (limit reduced, every answer at its best value) and overrides a few
answers. Expectations per profile:

- ``top``: the expected top reason id, or a set of acceptable ids when two causes are genuinely
  comparable (typically a folk-level signal versus the bank-side ``risk_policy``).
- ``first_step``: the expected first plan step id (or a small set of acceptable ids).
- ``must_include_steps``: plan steps that must be present.
- ``absent_reasons`` / ``absent_steps``: ids that must not appear.
- ``listed``: reasons that must be listed (anywhere).
- ``levels``: reason id -> allowed levels, checked when that reason is listed.
- ``no_high``: no reason may be 'high' (e.g. everything answered ``unsure``).

The general contract rules are checked for every profile in ``check_contract_rules``.
"""

from __future__ import annotations

import pytest

from bot.kb import default
from bot.logic.diagnosis import diagnose as diagnose_with

K = default()


def diagnose(answers):
    return diagnose_with(answers, K)

# --------------------------------------------------------------------------------------------
# Contract vocabulary
# --------------------------------------------------------------------------------------------

CHOICES: dict[str, tuple[str, ...]] = {
    "quota_status": ("reduced", "closed", "unchanged", "self_closed"),
    "overdue_microloan": ("never", "past", "current"),
    "overdue_days": ("1_3", "4_30", "31_90", "90_plus"),
    "overdue_other": ("none", "past", "current"),
    "credit_card_overdue": ("none", "past", "current"),
    "credit_card_cuts": ("none", "once", "twice_plus"),
    "risky_friends": ("none", "few", "many"),
    "illegal_groups": ("no", "yes"),
    "account_violations": ("no", "yes"),
    "employment": ("stable", "income_down", "lost_job"),
    "provident_fund": ("paying", "stopped", "none"),
    "other_loans": ("none", "1_2", "3_5", "6_plus"),
    "debt_ratio": ("lt_30", "30_50", "50_70", "gt_70"),
    "loan_usage": ("never", "rarely", "regularly"),
    "wechat_pay_use": ("daily", "weekly", "monthly", "rarely"),
    "life_services": ("yes", "no"),
    "wealth_products": ("yes", "no"),
    "real_name": ("yes", "no"),
    "credit_card_linked": ("yes", "no"),
    "binding_changes": ("none", "once", "twice_plus"),
    # added 2026-12 (the people-in-trouble questions)
    "can_pay_due": ("yes", "hard", "no"),
    "collection_contact": ("no", "yes", "harassed"),
    "scam_contact": ("no", "offered", "paid"),
    "other_cuts": ("none", "some", "many"),
    "deposit_free_overdue": ("none", "past", "current"),
    "overdue_settled": ("over_5y", "by_2026_03", "after_2026_03"),
}
NUMBER_QUESTIONS = ("limit_before", "limit_now")
QUESTION_IDS = frozenset(CHOICES) | frozenset(NUMBER_QUESTIONS)
# Questions that describe the situation rather than the user's behaviour.
SITUATION_QUESTIONS = frozenset({"quota_status", "limit_before", "limit_now"})

REASONS = frozenset({
    "overdue", "credit_card_trouble", "multi_borrowing", "repayment_ability", "risky_contacts",
    "account_violations", "low_activity", "unstable_profile", "risk_policy",
})
FOLK_REASONS = frozenset({"risky_contacts", "account_violations", "low_activity", "unstable_profile"})
USER_SIDE_REASONS = REASONS - {"risk_policy"}

# Evidence level of each reason, from domain.md's graded table.
EXPECTED_CONFIDENCE: dict[str, set[str]] = {
    # folk when its only evidence is a late deposit-free (免押) payment
    "overdue": {"confirmed", "folk"},
    "credit_card_trouble": {"reported"},
    # "confirmed as a general credit factor, reported for Weilidai"
    "multi_borrowing": {"confirmed", "reported"},
    "repayment_ability": {"reported"},
    "risky_contacts": {"folk"},
    "account_violations": {"folk"},
    "low_activity": {"folk"},
    "unstable_profile": {"folk"},
    "risk_policy": {"confirmed"},
}

STEPS = frozenset({
    "repay_overdue", "keep_on_time", "reduce_borrowing", "show_repayment_ability",
    "clean_contacts", "follow_platform_rules", "use_wechat_pay", "complete_profile",
    "keep_bindings_stable", "use_loan_responsibly", "wait_for_review", "avoid_scams",
    "check_credit_report", "negotiate_repayment", "collection_rights", "scam_victim",
    "reopen_self_closed", "borrow_safely",
})
CONTEXT_STEPS = frozenset({"wait_for_review", "borrow_safely"})
FOLK_STEPS = frozenset({"show_repayment_ability", "clean_contacts", "follow_platform_rules", "use_wechat_pay",
                        "complete_profile", "keep_bindings_stable", "use_loan_responsibly"})
# Steps that are not tied to a user-side fault: they answer the situation (the credit report for
# any cut, the urgent steps, paying on time after a fall in income...).
GENERAL_STEPS = frozenset({"wait_for_review", "avoid_scams", "check_credit_report", "keep_on_time",
                           "negotiate_repayment", "collection_rights", "scam_victim", "reopen_self_closed",
                           "borrow_safely"})
CONCRETE_STEPS = STEPS - GENERAL_STEPS

LEVELS = ("high", "medium", "low")
OVERDUE_QUESTIONS = ("overdue_microloan", "overdue_other", "credit_card_overdue")

# --------------------------------------------------------------------------------------------
# Profile helpers
# --------------------------------------------------------------------------------------------

CLEAN: dict[str, str | int] = {
    "quota_status": "reduced",
    "overdue_microloan": "never",
    "overdue_other": "none",
    "credit_card_overdue": "none",
    "credit_card_cuts": "none",
    "risky_friends": "none",
    "illegal_groups": "no",
    "account_violations": "no",
    "employment": "stable",
    "provident_fund": "paying",
    "other_loans": "none",
    "debt_ratio": "lt_30",
    "loan_usage": "regularly",
    "wechat_pay_use": "daily",
    "life_services": "yes",
    "wealth_products": "yes",
    "real_name": "yes",
    "credit_card_linked": "yes",
    "binding_changes": "none",
}

LIMITS = {"limit_before": 20000, "limit_now": 3000}


def profile(*, only: tuple[str, ...] | None = None, **overrides: str | int) -> dict[str, str | int]:
    """CLEAN with ``overrides`` applied.

    ``only``: keep just these questions (plus the overridden ones): a partial interview where
    the other questions were never answered and are simply absent.
    """
    unknown = set(overrides) - QUESTION_IDS
    assert not unknown, f"unknown question ids in a profile: {unknown}"
    answers = dict(CLEAN)
    answers.update(overrides)
    if only is not None:
        keep = set(only) | set(overrides)
        answers = {q: v for q, v in answers.items() if q in keep}
    return answers


def all_unsure(**overrides: str | int) -> dict[str, str | int]:
    """Every choice question answered ``unsure`` (quota_status stays: the user knows it was cut)."""
    answers = profile(**{q: "unsure" for q in CLEAN if q != "quota_status"})
    answers.update(overrides)
    return answers


def as_set(value: str | set[str] | frozenset[str] | tuple[str, ...] | None) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return set(value)


# Folk signals at their worst, used in the pile-up profiles.
ALL_FOLK_BAD = dict(
    risky_friends="many",
    illegal_groups="yes",
    account_violations="yes",
    loan_usage="never",
    wechat_pay_use="rarely",
    life_services="no",
    real_name="no",
    binding_changes="twice_plus",
)
# wealth_products and credit_card_linked are left out on purpose: domain.md ties them to
# repayment ability and credit cards as well, so they are not purely folk signals.

# --------------------------------------------------------------------------------------------
# The profile table
# --------------------------------------------------------------------------------------------

PROFILES: list[dict] = [
    # ---- nothing on the user's side: the honest answer is the bank's policy -----------------
    {
        "id": "clean_reduced",
        "answers": profile(),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS,
        "absent_steps": CONCRETE_STEPS,
    },
    {
        "id": "clean_closed",
        "answers": profile(quota_status="closed"),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: a closed limit checks the report first; avoid_scams follows
        "must_include_steps": {"avoid_scams", "wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS,
        "absent_steps": CONCRETE_STEPS,
    },
    {
        "id": "clean_unchanged",
        "answers": profile(quota_status="unchanged"),
        "top": "risk_policy",
        "first_step": "keep_on_time",  # issue #9: a check-up starts with what keeps a limit healthy
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS,
        "absent_steps": CONCRETE_STEPS,
    },
    {
        # "Why can I only borrow 3,000 now?": the amounts alone point to nothing the user did.
        "id": "clean_reduced_with_limits",
        "answers": profile(**LIMITS),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS,
        "absent_steps": CONCRETE_STEPS,
    },
    {
        # unsure is missing evidence, never a yes: nothing user-side, nothing high.
        "id": "all_unsure",
        "answers": all_unsure(),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS,
        "absent_steps": CONCRETE_STEPS,
        "no_high": True,
    },
    {
        "id": "all_unsure_closed",
        "answers": all_unsure(quota_status="closed"),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: a closed limit checks the report first; avoid_scams follows
        "must_include_steps": {"avoid_scams", "wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS,
        "absent_steps": CONCRETE_STEPS,
        "no_high": True,
    },
    # ---- overdue (confirmed) ----------------------------------------------------------------
    {
        "id": "weilidai_overdue_current_31_90",
        "answers": profile(overdue_microloan="current", overdue_days="31_90"),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "wait_for_review"},
        "absent_reasons": {"multi_borrowing", "repayment_ability", "risky_contacts",
                           "account_violations", "low_activity", "unstable_profile"},
        "levels": {"overdue": {"high"}},
    },
    {
        "id": "weilidai_overdue_current_31_90_with_limits",
        "answers": profile(overdue_microloan="current", overdue_days="31_90", **LIMITS),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "wait_for_review"},
        "levels": {"overdue": {"high"}},
    },
    {
        # Grace period of about a day (reported): a past 1-3 day slip is a plausible cause but
        # not clearly stronger than a bank-side re-assessment.
        "id": "weilidai_overdue_past_1_3",
        "answers": profile(overdue_microloan="past", overdue_days="1_3"),
        "top": {"overdue", "risk_policy"},
        "listed": {"overdue"},
        "first_step": "keep_on_time",
        "must_include_steps": {"keep_on_time", "wait_for_review"},
        "absent_steps": {"repay_overdue"},
    },
    {
        # A settled but long overdue stays on the credit report for 5 years (confirmed).
        "id": "weilidai_overdue_past_90_plus",
        "answers": profile(overdue_microloan="past", overdue_days="90_plus"),
        "top": "overdue",
        "first_step": "keep_on_time",
        "must_include_steps": {"keep_on_time", "wait_for_review"},
        "absent_steps": {"repay_overdue"},
    },
    {
        # Partial interview: the user only answered the overdue question, the rest is unsure.
        "id": "weilidai_overdue_current_rest_unsure",
        "answers": all_unsure(overdue_microloan="current", overdue_days="4_30"),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS - {"overdue"},
    },
    {
        # Partial interview: stopped after the first questions, the rest simply absent.
        "id": "partial_closed_overdue_current",
        "answers": profile(only=("quota_status",), quota_status="closed",
                           overdue_microloan="current", overdue_days="31_90"),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "avoid_scams", "wait_for_review"},
        "absent_reasons": USER_SIDE_REASONS - {"overdue"},
    },
    {
        # WeChat Pay Later (分付) is other credit: late on it is a confirmed cause.
        "id": "pay_later_overdue_current_only",
        "answers": profile(overdue_other="current"),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "wait_for_review"},
        "absent_reasons": {"credit_card_trouble", "multi_borrowing", "repayment_ability",
                           "risky_contacts", "account_violations", "low_activity",
                           "unstable_profile"},
    },
    {
        # "other" also covers deposit-free services (folk): a past one is not clearly stronger
        # than a policy change.
        "id": "pay_later_overdue_past_only",
        "answers": profile(overdue_other="past"),
        "top": {"overdue", "risk_policy"},
        "listed": {"overdue"},
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"keep_on_time", "wait_for_review"},
        "absent_steps": {"repay_overdue"},
    },
    {
        "id": "several_current_overdues",
        "answers": profile(overdue_microloan="current", overdue_days="1_3",
                           overdue_other="current", credit_card_overdue="current"),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "wait_for_review"},
    },
    {
        "id": "closed_with_current_overdue",
        "answers": profile(quota_status="closed", overdue_microloan="current",
                           overdue_days="90_plus"),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "avoid_scams", "wait_for_review"},
        "levels": {"overdue": {"high"}},
    },
    # ---- credit cards (reported; card overdue is also a confirmed overdue) -----------------
    {
        "id": "credit_card_overdue_current",
        "answers": profile(credit_card_overdue="current"),
        "top": {"overdue", "credit_card_trouble"},
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "wait_for_review"},
        "absent_reasons": {"multi_borrowing", "risky_contacts", "account_violations",
                           "low_activity", "unstable_profile"},
    },
    {
        "id": "credit_card_overdue_past_and_cut_once",
        "answers": profile(credit_card_overdue="past", credit_card_cuts="once"),
        "top": {"credit_card_trouble", "overdue"},
        "first_step": "keep_on_time",
        "must_include_steps": {"keep_on_time", "wait_for_review"},
        "absent_steps": {"repay_overdue"},
    },
    {
        # Card limits cut twice this year: may hurt (reported), but banks tighten cards and
        # Weilidai together (confirmed), so the bank-side policy is a comparable explanation.
        "id": "credit_card_cut_twice",
        "answers": profile(credit_card_cuts="twice_plus"),
        "top": {"credit_card_trouble", "risk_policy"},
        "listed": {"credit_card_trouble"},
        "first_step": {"keep_on_time", "reduce_borrowing", "check_credit_report"},
        "must_include_steps": {"keep_on_time", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "risky_contacts", "low_activity"},
        "absent_steps": {"repay_overdue"},
    },
    # ---- many loans, repayment ability (confirmed/reported) ---------------------------------
    {
        "id": "other_loans_6_plus",
        "answers": profile(other_loans="6_plus"),
        "top": "multi_borrowing",
        "first_step": "reduce_borrowing",
        "must_include_steps": {"reduce_borrowing", "wait_for_review"},
        "absent_reasons": {"overdue", "risky_contacts", "low_activity", "unstable_profile"},
        "levels": {"multi_borrowing": {"high", "medium"}},
    },
    {
        "id": "other_loans_3_5_debt_gt_70",
        "answers": profile(other_loans="3_5", debt_ratio="gt_70"),
        "top": {"multi_borrowing", "repayment_ability"},
        "listed": {"multi_borrowing", "repayment_ability"},
        "first_step": {"reduce_borrowing", "keep_on_time"},  # issue #9: folk steps are never first
        "must_include_steps": {"reduce_borrowing", "wait_for_review"},
        "absent_reasons": {"overdue", "risky_contacts", "low_activity", "unstable_profile"},
    },
    {
        "id": "lost_job_provident_fund_stopped",
        "answers": profile(employment="lost_job", provident_fund="stopped"),
        "top": "repayment_ability",
        "first_step": "keep_on_time",  # issue #9: pay on time when income fell; never "park idle money" for a job loser
        "must_include_steps": {"keep_on_time", "reduce_borrowing", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "risky_contacts", "low_activity",
                           "unstable_profile"},
        "levels": {"repayment_ability": {"high", "medium"}},
    },
    {
        # One moderate reported signal: comparable with a bank-side re-assessment.
        "id": "income_down_only",
        "answers": profile(employment="income_down"),
        "top": {"repayment_ability", "risk_policy"},
        "listed": {"repayment_ability"},
        "first_step": "keep_on_time",  # issue #9: pay on time whenever income fell
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "risky_contacts", "low_activity"},
    },
    {
        "id": "provident_fund_stopped_debt_50_70",
        "answers": profile(provident_fund="stopped", debt_ratio="50_70"),
        "top": "repayment_ability",
        "first_step": {"show_repayment_ability", "reduce_borrowing", "keep_on_time"},
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": {"overdue", "risky_contacts", "low_activity", "unstable_profile"},
    },
    # ---- folk-level causes: listed, never high, at most comparable with the bank's policy ---
    {
        "id": "many_risky_friends_and_illegal_groups",
        "answers": profile(risky_friends="many", illegal_groups="yes"),
        "top": {"risky_contacts", "risk_policy"},
        "listed": {"risky_contacts"},
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"clean_contacts", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability", "low_activity"},
        "absent_steps": {"repay_overdue"},
    },
    {
        # A single weak folk signal: may be listed low, must not top the bank's policy.
        "id": "few_risky_friends_only",
        "answers": profile(risky_friends="few"),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability"},
        "levels": {"risky_contacts": {"low"}},
    },
    {
        "id": "own_account_violation",
        "answers": profile(account_violations="yes"),
        "top": {"account_violations", "risk_policy"},
        "listed": {"account_violations"},
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"follow_platform_rules", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability"},
    },
    {
        # Dormant: never borrows, rarely pays, no bills through WeChat (folk).
        "id": "dormant_user",
        "answers": profile(loan_usage="never", wechat_pay_use="rarely", life_services="no"),
        "top": {"low_activity", "risk_policy"},
        "listed": {"low_activity"},
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"use_wechat_pay", "use_loan_responsibly", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability", "risky_contacts"},
        "absent_steps": {"repay_overdue", "reduce_borrowing"},
    },
    {
        "id": "unchanged_never_borrows",
        "answers": profile(quota_status="unchanged", loan_usage="never", wechat_pay_use="monthly"),
        "top": {"low_activity", "risk_policy"},
        "first_step": "keep_on_time",  # issue #9: a check-up starts with what keeps a limit healthy
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability"},
    },
    {
        # Weak single folk signal: may be listed low, never above the bank's policy.
        "id": "no_life_services_only",
        "answers": profile(life_services="no"),
        "top": "risk_policy",
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability", "risky_contacts"},
        "levels": {"low_activity": {"low"}},
    },
    {
        "id": "bindings_changed_twice_no_real_name",
        "answers": profile(binding_changes="twice_plus", real_name="no"),
        "top": {"unstable_profile", "risk_policy"},
        "listed": {"unstable_profile"},
        "first_step": "check_credit_report",  # issue #9: the report settles what the answers cannot; folk is never first
        "must_include_steps": {"complete_profile", "keep_bindings_stable", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing", "repayment_ability", "risky_contacts"},
    },
    {
        # Every folk signal at its worst and the limit closed: the sum stays below 'high'.
        "id": "folk_pileup_closed",
        "answers": profile(quota_status="closed", **ALL_FOLK_BAD),
        "top": FOLK_REASONS | {"risk_policy"},
        "first_step": "check_credit_report",  # issue #9: a closed limit checks the report first; avoid_scams follows
        "must_include_steps": {"avoid_scams", "wait_for_review"},
        "absent_reasons": {"overdue", "multi_borrowing"},
        "absent_steps": {"repay_overdue"},
    },
    # ---- combined cases: the strong confirmed cause leads -----------------------------------
    {
        "id": "overdue_current_plus_6_plus_loans",
        "answers": profile(overdue_microloan="current", overdue_days="31_90",
                           other_loans="6_plus"),
        "top": "overdue",
        "listed": {"multi_borrowing"},
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "reduce_borrowing",
                               "wait_for_review"},
    },
    {
        # Folk signal (no bills via WeChat) next to a clear reported cause (6+ other loans).
        "id": "six_plus_loans_vs_no_life_services",
        "answers": profile(other_loans="6_plus", life_services="no"),
        "top": "multi_borrowing",
        "first_step": "reduce_borrowing",
        "must_include_steps": {"reduce_borrowing", "wait_for_review"},
        "levels": {"low_activity": {"low"}},
    },
    {
        "id": "folk_pileup_vs_current_overdue",
        "answers": profile(overdue_microloan="current", overdue_days="31_90", **ALL_FOLK_BAD),
        "top": "overdue",
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "wait_for_review"},
    },
    {
        "id": "worst_case_closed",
        "answers": profile(
            quota_status="closed", overdue_microloan="current", overdue_days="90_plus",
            overdue_other="current", credit_card_overdue="current",
            credit_card_cuts="twice_plus", employment="lost_job", provident_fund="stopped",
            other_loans="6_plus", debt_ratio="gt_70", wealth_products="no",
            credit_card_linked="no", **ALL_FOLK_BAD, **LIMITS,
        ),
        "top": "overdue",
        "listed": {"credit_card_trouble", "multi_borrowing", "repayment_ability"},
        "first_step": "repay_overdue",
        "must_include_steps": {"repay_overdue", "keep_on_time", "reduce_borrowing",
                               "avoid_scams", "wait_for_review"},
    },
]


# --------------------------------------------------------------------------------------------
# General contract rules, checked for every profile
# --------------------------------------------------------------------------------------------

def check_contract_rules(answers: dict, diagnosis) -> None:
    reasons = diagnosis.reasons
    plan = diagnosis.plan
    assert isinstance(reasons, tuple), "Diagnosis.reasons must be a tuple"
    assert isinstance(plan, tuple), "Diagnosis.plan must be a tuple"

    reason_ids = [r.id for r in reasons]
    step_ids = [s.id for s in plan]
    assert len(set(reason_ids)) == len(reason_ids), f"duplicate reasons: {reason_ids}"
    assert len(set(step_ids)) == len(step_ids), f"duplicate steps: {step_ids}"
    assert set(reason_ids) <= REASONS, f"unknown reason ids: {set(reason_ids) - REASONS}"
    assert set(step_ids) <= STEPS, f"unknown step ids: {set(step_ids) - STEPS}"

    # risk_policy is always listed in a diagnosis (a check-up has no cut to explain).
    checkup = answers.get("quota_status") in ("unchanged", "self_closed")
    assert ("risk_policy" in reason_ids) != checkup

    # Scores in [0, 1], sorted highest first.
    scores = [r.score for r in reasons]
    for r in reasons:
        assert 0.0 <= r.score <= 1.0, f"{r.id} score out of range: {r.score}"
        assert r.level in LEVELS, f"{r.id} has level {r.level!r}"
    assert scores == sorted(scores, reverse=True), f"reasons not sorted by score: {reasons}"

    # A folk-level reason is never 'high'; confidence matches domain.md.
    for r in reasons:
        if r.id in FOLK_REASONS:
            assert r.level != "high", f"folk reason {r.id} must never be high"
        assert r.confidence in EXPECTED_CONFIDENCE[r.id], (
            f"{r.id} confidence {r.confidence!r}, expected one of {EXPECTED_CONFIDENCE[r.id]}"
        )

    # Evidence: answered, non-unsure questions; a user-side reason needs a supporting answer,
    # i.e. at least one behaviour question away from its best (clean) value.
    for r in reasons:
        evidence = tuple(r.evidence)
        assert set(evidence) <= QUESTION_IDS, f"{r.id} evidence has unknown ids: {evidence}"
        for q in evidence:
            assert q in answers, f"{r.id} cites {q}, which was not answered"
            assert answers[q] != "unsure", f"{r.id} cites {q}, answered unsure"
        if r.id != "risk_policy":
            supporting = [
                q for q in evidence
                if q not in SITUATION_QUESTIONS and answers.get(q) != CLEAN.get(q)
            ]
            assert supporting, f"{r.id} is listed without a supporting answer: {evidence}"

    # Plan rules.
    assert "wait_for_review" in step_ids, "every plan includes wait_for_review"
    # actions first; then context (wait for the review; how to borrow safely); the folk steps last
    group = [2 if s in FOLK_STEPS else 1 if s in CONTEXT_STEPS else 0 for s in step_ids]
    assert group == sorted(group), f"actions, then context, then folk steps: {step_ids}"
    current = any(answers.get(q) == "current" for q in OVERDUE_QUESTIONS)
    urgent_first = {"scam_contact": ("offered", "paid"), "collection_contact": ("harassed",)}
    if current and not any(answers.get(q) in v for q, v in urgent_first.items()) and answers.get("can_pay_due") != "no":
        assert step_ids[0] == "repay_overdue", f"a current overdue puts repay_overdue first: {step_ids}"
    elif not current and answers.get("deposit_free_overdue") != "current":
        assert "repay_overdue" not in step_ids, f"repay_overdue only for a current overdue: {step_ids}"
    if answers.get("quota_status") == "closed":
        assert "avoid_scams" in step_ids, "a closed limit always includes avoid_scams"

    # Steps appear only when a reason they answer is present.
    listed = set(reason_ids)
    for s in plan:
        step_reasons = tuple(s.reasons)
        assert set(step_reasons) <= REASONS, f"{s.id} answers unknown reasons: {step_reasons}"
        if s.id not in GENERAL_STEPS:
            assert set(step_reasons) & listed, (
                f"step {s.id} answers {step_reasons}, none of which is listed ({reason_ids})"
            )


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------

PARAMS = [pytest.param(p, id=p["id"]) for p in PROFILES]


def test_table_is_large_and_distinct():
    assert len(PROFILES) >= 24
    ids = [p["id"] for p in PROFILES]
    assert len(set(ids)) == len(ids), "profile ids must be unique"
    keys = [tuple(sorted(p["answers"].items())) for p in PROFILES]
    assert len(set(keys)) == len(keys), "profiles must differ in their answers"
    for p in PROFILES:
        for q, v in p["answers"].items():
            assert q in QUESTION_IDS, f"{p['id']}: unknown question {q}"
            if q in CHOICES:
                assert v in CHOICES[q] or v == "unsure", f"{p['id']}: bad value {q}={v}"
            else:
                assert isinstance(v, int) and v >= 0, f"{p['id']}: bad amount {q}={v}"
        # Expectations use contract ids only.
        assert as_set(p["top"]) <= REASONS
        assert as_set(p.get("absent_reasons")) <= REASONS
        assert as_set(p.get("listed")) <= REASONS
        assert as_set(p["first_step"]) <= STEPS
        assert as_set(p["must_include_steps"]) <= STEPS
        assert as_set(p.get("absent_steps")) <= STEPS


@pytest.mark.parametrize("case", PARAMS)
def test_profile(case):
    answers = dict(case["answers"])
    diagnosis = diagnose(dict(answers))
    reason_ids = [r.id for r in diagnosis.reasons]
    step_ids = [s.id for s in diagnosis.plan]
    levels = {r.id: r.level for r in diagnosis.reasons}
    context = f"reasons={[(r.id, r.level, round(r.score, 3)) for r in diagnosis.reasons]} plan={step_ids}"

    check_contract_rules(answers, diagnosis)

    assert reason_ids or diagnosis.mode == "checkup", context
    assert not reason_ids or reason_ids[0] in as_set(case["top"]), (
        f"top reason {reason_ids[0]!r}, expected one of {sorted(as_set(case['top']))}; {context}"
    )
    assert step_ids[0] in as_set(case["first_step"]), (
        f"first step {step_ids[0]!r}, expected one of {sorted(as_set(case['first_step']))}; {context}"
    )
    missing = as_set(case["must_include_steps"]) - set(step_ids)
    assert not missing, f"missing plan steps {sorted(missing)}; {context}"

    unexpected = as_set(case.get("absent_reasons")) & set(reason_ids)
    assert not unexpected, f"reasons that must not be listed: {sorted(unexpected)}; {context}"
    unexpected_steps = as_set(case.get("absent_steps")) & set(step_ids)
    assert not unexpected_steps, f"steps that must not appear: {sorted(unexpected_steps)}; {context}"
    not_listed = as_set(case.get("listed")) - set(reason_ids)
    assert not not_listed, f"reasons that must be listed: {sorted(not_listed)}; {context}"

    for reason_id, allowed in case.get("levels", {}).items():
        if reason_id in levels:
            assert levels[reason_id] in allowed, (
                f"{reason_id} level {levels[reason_id]!r}, expected one of {sorted(allowed)}; {context}"
            )
    if case.get("no_high"):
        assert "high" not in levels.values(), f"no reason may be high here; {context}"


@pytest.mark.parametrize(
    "case",
    [pytest.param(p, id=p["id"]) for p in PROFILES
     if p["answers"].get("quota_status") == "reduced"
     and not set(LIMITS) & set(p["answers"])],
)
def test_limit_amounts_do_not_change_ranking(case):
    without = diagnose(dict(case["answers"]))
    with_limits = diagnose({**case["answers"], **LIMITS})
    check_contract_rules({**case["answers"], **LIMITS}, with_limits)
    assert [r.id for r in with_limits.reasons] == [r.id for r in without.reasons]
    assert [s.id for s in with_limits.plan] == [s.id for s in without.plan]


UNSURE_VS_ABSENT = [
    "clean_reduced",
    "weilidai_overdue_current_31_90",
    "other_loans_6_plus",
    "lost_job_provident_fund_stopped",
    "dormant_user",
    "many_risky_friends_and_illegal_groups",
]


@pytest.mark.parametrize("profile_id", UNSURE_VS_ABSENT)
def test_unsure_counts_as_missing_evidence(profile_id):
    """Answering `unsure` must give the same diagnosis as not answering at all."""
    answers = next(p["answers"] for p in PROFILES if p["id"] == profile_id)
    clean_questions = [q for q, v in answers.items() if q != "quota_status" and CLEAN.get(q) == v]
    with_unsure = {**answers, **{q: "unsure" for q in clean_questions}}
    without = {q: v for q, v in answers.items() if q not in clean_questions}

    a = diagnose(dict(with_unsure))
    b = diagnose(dict(without))
    check_contract_rules(with_unsure, a)
    check_contract_rules(without, b)

    def summary(d):
        return (
            [(r.id, r.level, round(r.score, 6), tuple(r.evidence)) for r in d.reasons],
            [s.id for s in d.plan],
        )

    assert summary(a) == summary(b)


ADD_UP = [
    pytest.param(
        profile(overdue_microloan="past", overdue_days="4_30"),
        profile(overdue_microloan="past", overdue_days="4_30", overdue_other="past"),
        "overdue",
        id="overdue_weilidai_plus_pay_later",
    ),
    pytest.param(
        profile(employment="lost_job"),
        profile(employment="lost_job", provident_fund="stopped"),
        "repayment_ability",
        id="lost_job_plus_fund_stopped",
    ),
    pytest.param(
        profile(overdue_microloan="past", overdue_days="1_3"),
        profile(overdue_microloan="past", overdue_days="1_3", credit_card_overdue="past"),
        "overdue",
        id="weilidai_overdue_plus_card_overdue",
    ),
]


@pytest.mark.parametrize("base, extended, reason_id", ADD_UP)
def test_supporting_answers_add_up(base, extended, reason_id):
    def score(answers):
        d = diagnose(dict(answers))
        check_contract_rules(answers, d)
        found = [r for r in d.reasons if r.id == reason_id]
        assert found, f"{reason_id} should be listed for {answers}"
        return found[0].score

    s_base, s_ext = score(base), score(extended)
    assert s_ext > s_base or s_base == 1.0, (
        f"a second supporting answer should raise {reason_id}: {s_base} -> {s_ext}"
    )
