"""faq_leads.yaml: direct answers to narrower questions inside a topic, read and checked."""
from __future__ import annotations

from .reader import Checker
from .schema import Lead

KEYS = ("id", "topics", "when", "confidence", "text", "replaces", "chooses")


def read_leads(data: dict, topic_ids: set[str], c: Checker) -> tuple[Lead, ...]:
    """Each lead names known topics, words to be asked with, a grade and its text in every language."""
    for key in set(data) - {"leads"}:
        c.problem(str(key), "unknown key (allowed: leads)")
    leads = []
    for i, raw in enumerate(c.items(data.get("leads", []), "leads")):
        raw = c.mapping(raw, f"leads[{i}]")
        lead_id = c.ident(raw, f"leads[{i}]")
        key = f"leads[{lead_id or i}]"
        c.known_keys(raw, KEYS, key)
        topics = tuple(c.texts(raw.get("topics"), f"{key}.topics"))
        for topic in topics:
            if topic not in topic_ids:
                c.problem(f"{key}.topics", f"unknown FAQ topic {topic!r}")
        when = c.terms(raw.get("when"), f"{key}.when")
        chooses = raw.get("chooses")
        if chooses is not None and chooses not in topics:
            c.problem(f"{key}.chooses", f"must be one of its topics, not {chooses!r}")
        if not topics or not when:
            c.problem(key, "needs topics and words (when)")
        leads.append(Lead(id=lead_id, topics=topics, when=when, text=c.text(raw.get("text"), f"{key}.text"),
                          confidence=c.confidence(raw.get("confidence"), f"{key}.confidence"),
                          replaces=tuple(c.texts(raw.get("replaces", []), f"{key}.replaces")),
                          chooses=chooses if isinstance(chooses, str) else None))
    c.unique([lead.id for lead in leads], "leads")
    ids = {lead.id for lead in leads}
    for lead in leads:
        for other in lead.replaces:
            if other not in ids:
                c.problem(f"leads[{lead.id}].replaces", f"unknown lead {other!r}")
    return tuple(leads)
