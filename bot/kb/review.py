"""The other direction of validation: what is defined but never used or never reachable, and
what a language that falls back lacks. The loader refuses what is undefined or malformed; this
review only warns (`quota-doctor check` lists the warnings and still passes), as `rasa data
validate` does for unused intents."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date

from .schema import Knowledge

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def _same(text: str) -> str:
    """A phrasing as a reader would compare it: width, case, spaces and punctuation ignored."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def review(k: Knowledge, missing: dict[tuple[str, str], int] | None = None, today: date | None = None) -> list[str]:
    """Warnings as 'knowledge/<file>: <key>: <what>'."""
    return [*_unused_questions(k), *_unanswered_reasons(k), *_unreachable_steps(k),
            *_phrasings_twice(k), *_synonyms_twice(k), *_fallbacks(missing or {}),
            *_dated_facts_to_review(k, today or date.today())]


def _dated_facts_to_review(k: Knowledge, today: date) -> list[str]:
    return [f"knowledge/faq.yaml: topics[{t.id}].review_by: {t.review_by.isoformat()} has passed: "
            "check the dated facts of this answer against the policy today, then move the date"
            for t in k.faq.topics if t.review_by is not None and today > t.review_by]


def _unused_questions(k: Knowledge) -> list[str]:
    used: set[str] = set()
    for reason in k.diagnosis.reasons:
        used.update(reason.weights)
    rules = k.diagnosis
    for step in rules.steps:
        for conditions in (step.when_answers, step.unless_answers, step.urgent_when, step.urgent_unless,
                           step.lead_when):
            used.update(qid for qid, _ in conditions)
    used.update(qid for conditions in (rules.checkup_when, rules.distress_when) for qid, _ in conditions)
    for q in k.interview.questions:
        used.update(qid for qid, _ in (*q.ask_when, *q.ask_when_any))
    return [f"knowledge/questions.yaml: questions[{q.id}]: asked, but no reason weighs it and no step or "
            "question depends on it (mark it `tracked: true` if it is kept to follow the limit)"
            for q in k.interview.questions if q.id not in used and not q.tracked]


def _unanswered_reasons(k: Knowledge) -> list[str]:
    answered = {r for step in k.diagnosis.steps for r in step.reasons}
    out = [f"knowledge/reasons.yaml: reasons[{r.id}]: no plan step answers it (steps.yaml `reasons`)"
           for r in k.diagnosis.reasons if r.id not in answered]
    out += [f"knowledge/reasons.yaml: reasons[{r.id}].weights: weighs no answer, so it can never be found"
            for r in k.diagnosis.reasons if not any(r.weights.values())]
    return out


def _unreachable_steps(k: Knowledge) -> list[str]:
    findable = {r.id for r in k.diagnosis.reasons if any(r.weights.values())}
    return [f"knowledge/steps.yaml: steps[{s.id}]: can never be in a plan (no `when_answers`, not `always`, "
            "and none of its reasons can be found)"
            for s in k.diagnosis.steps if not s.when_answers and not s.always and not findable & set(s.reasons)]


def _phrasings_twice(k: Knowledge) -> list[str]:
    owners: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for topic in k.faq.topics:
        for lang in topic.examples:
            for text in topic.examples[lang]:
                owners[_same(text)].add(topic.id)
                shown.setdefault(_same(text), text)
    for text in k.faq.out_of_scope:
        owners[_same(text)].add("out_of_scope")
        shown.setdefault(_same(text), text)
    return [f"knowledge/faq_phrasings.yaml: {' and '.join(sorted(ids))}: the same phrasing under "
            f"{len(ids)} topics: {shown[key]!r}" for key, ids in owners.items() if len(ids) > 1]


def _synonyms_twice(k: Knowledge) -> list[str]:
    owners: dict[str, set[str]] = defaultdict(set)
    for canonical, variants in k.faq.synonyms:
        for variant in variants:
            owners[variant].add(canonical)
    return [f"knowledge/faq.yaml: synonyms: {variant!r} is a variant of {len(c)} words: {', '.join(sorted(c))}"
            for variant, c in owners.items() if len(c) > 1]


def _fallbacks(missing: dict[tuple[str, str], int]) -> list[str]:
    return [f"knowledge/{file}: ({lang}): {n} text(s) missing in this language; its fallback is shown"
            for (file, lang), n in sorted(missing.items())]
