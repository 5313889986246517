"""FAQ matching quality and speed on the labelled sets in tests/data/.

    .venv/bin/python -m bench.faq [--set test|dev|both|tune|tune-a|tune-b|trouble] [--show-errors]

`tune` is tests/data/faq_eval_tune.yaml; `tune-a` and `tune-b` are its two fixed halves
(alternate questions within each `# --- group ---` of the file): study the errors of half A
and the dev set, and use half B only as a check. Never tune on the test set. `trouble` is
tests/data/faq_eval_trouble.yaml, the held-out set of the topics for people in trouble and of
crisis messages (writer C): measure only, and `--show-errors` is refused for it.

Prints in-scope top-1 accuracy per language, out-of-scope refusal (crisis messages aside: the
crisis reply answers them), scam recall, false alarms (victims' own questions apart),
and the median time per question (targets: >= 95 % top-1 in each language, >= 90 % refused,
every scam flagged, <= 2 % false alarms, < 2 ms a question); then top-1 per topic group, and
for a set that marks crisis messages, how many got the crisis reply, the gentle line, or nothing.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.kb import default
from bot.text.evaluation import evaluate, load_cases
from bot.text.faq import FaqMatcher

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ["test", "dev", "both", "tune", "tune-a", "tune-b", "trouble"]
HELD_OUT = ("test", "both", "trouble")  # their questions are never printed
GROUPS = {  # topic groups of the report
    "why and what now": ("why_reduced", "why_closed", "restore_closed", "raise_limit", "review_timing",
                         "manual_increase", "apply_myself", "check_limit", "not_using", "contact_service"),
    "repayment and credit record": ("overdue_effect", "overdue_recovery", "repay_early", "pay_later_overdue",
                                    "credit_report_check", "multiple_cards", "card_limit_cut", "other_lenders"),
    "profile and WeChat use": ("friends_effect", "income_change", "wealth_products", "wechat_pay_usage",
                               "binding_change", "real_name"),
    "scams": ("scam_forced_open", "scam_fake_service", "credit_repair", "debt_agents", "scam_victim"),
    "people in trouble": ("cannot_repay", "debt_collection", "complaint_channels", "official_contact"),
    "credit report": ("get_credit_report", "credit_dispute", "one_time_repair"),
    "about the advisor": ("about_bot", "privacy", "other_products"),
}


def cases_of(which: str) -> list[dict]:
    if which.startswith("tune-"):
        return load_cases(DATA / "faq_eval_tune.yaml", half="ab".index(which[-1]))
    names = ["dev", "test"] if which == "both" else [which]
    return [case for name in names for case in load_cases(DATA / f"faq_eval_{name}.yaml")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="test", choices=SETS)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    matcher = FaqMatcher(default())
    cases = cases_of(args.set)
    for topic in matcher.k.faq.topics:  # warm up (regex compilation) on text outside the set measured
        for question in topic.question.values.values():
            matcher.match(question)
    r = evaluate(matcher, cases)
    print(f"set: {args.set} ({len(cases)} questions)")
    print(f"in-scope top-1, English: {r['top1_en']:.1%} of {r['n_en']}")
    print(f"in-scope top-1, Chinese: {r['top1_zh']:.1%} of {r['n_zh']}")
    print(f"out-of-scope refused: {r['refused']:.1%} of {r['n_out']}")
    print(f"scam recall: {r['scam_recall']:.1%} of {r['n_scam']}")
    print(f"false alarms: {r['false_alarms']:.1%} of {r['n_innocent']}")
    if r["n_victims"]:
        print(f"victims' questions flagged (their answer first, then the warning): {r['victims_flagged']} of {r['n_victims']}")
    print(f"median time per question: {r['median_ms']:.3f} ms")
    by_topic = r["by_topic"]
    grouped = {t for topics in GROUPS.values() for t in topics}
    groups = {**GROUPS, "other": tuple(sorted(set(by_topic) - grouped))}
    for name, topics in groups.items():
        ok, n = (sum(by_topic.get(t, [0, 0])[i] for t in topics) for i in (0, 1))
        if n:
            detail = ", ".join(f"{t} {by_topic[t][0]}/{by_topic[t][1]}" for t in topics if t in by_topic)
            print(f"  {name}: {ok / n:.1%} of {n} ({detail})")
    c = r["crisis"]
    if c["n"] or c["n_other"]:
        print(f"crisis messages: {c['full']} of {c['n']} got the crisis reply, {c['gentle']} the gentle line, "
              f"{len(c['missed'])} nothing")
        print(f"other messages: {c['false_full']} of {c['n_other']} got the crisis reply, "
              f"{c['false_gentle']} the gentle line")
    if args.show_errors and args.set in HELD_OUT:
        parser.error(f"--show-errors is for the sets you tune on; {args.set} is held out")
    if args.show_errors:
        for case in c["missed"]:
            print(f"  crisis missed: {case['text']!r}")
        for case, m in r["errors"]:
            print(f"  {case['text']!r}: expected {case['topic']} scam={case['scam']}; got {m.id} "
                  f"({m.score:.2f}) scam={m.scam} {m.scam_kinds} alt={[a for a, _ in m.alternatives]}")


if __name__ == "__main__":
    main()
