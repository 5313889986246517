"""The ids other programs rely on (shared/contract.md). The YAML may add, never drop or rename."""
from __future__ import annotations

CONTRACT_QUESTIONS: dict[str, tuple[str, ...] | None] = {
    "quota_status": ("reduced", "closed", "unchanged", "self_closed"),
    "limit_before": None,
    "limit_now": None,
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
    # added 2026-12 (issue #9)
    "can_pay_due": ("yes", "hard", "no"),
    "collection_contact": ("no", "yes", "harassed"),
    "scam_contact": ("no", "offered", "paid"),
    "other_cuts": ("none", "some", "many"),
    "deposit_free_overdue": ("none", "past", "current"),
}
CONTRACT_REASONS = (
    "overdue", "credit_card_trouble", "multi_borrowing", "repayment_ability", "risky_contacts",
    "account_violations", "low_activity", "unstable_profile", "risk_policy",
)
CONTRACT_STEPS = (
    "repay_overdue", "keep_on_time", "reduce_borrowing", "show_repayment_ability",
    "clean_contacts", "follow_platform_rules", "use_wechat_pay", "complete_profile",
    "keep_bindings_stable", "use_loan_responsibly", "wait_for_review", "avoid_scams",
    # added 2026-12 (issue #9)
    "check_credit_report", "negotiate_repayment", "collection_rights", "scam_victim",
    "reopen_self_closed", "borrow_safely",
)
CONTRACT_FAQ = (
    "why_reduced", "why_closed", "restore_closed", "raise_limit", "review_timing",
    "manual_increase", "apply_myself", "overdue_effect", "overdue_recovery", "multiple_cards",
    "card_limit_cut", "friends_effect", "other_lenders", "income_change", "wealth_products",
    "wechat_pay_usage", "not_using", "binding_change", "real_name", "pay_later_overdue",
    "credit_report_check", "scam_forced_open", "scam_fake_service", "credit_repair",
    "about_bot", "privacy",
    # people in trouble (issue 15)
    "cannot_repay", "debt_collection", "get_credit_report", "credit_dispute", "one_time_repair",
    "complaint_channels", "scam_victim", "official_contact", "other_products",
)
