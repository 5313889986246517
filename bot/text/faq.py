"""Free text → the answer it gets (pure): the text is prepared once (shield.pipeline), the FAQ's
topics are ranked (text.topics), and the scam shield gives its verdict (shield.verdict). When the
shield says scam, the answer is the first matched pattern's topic (the best-ranked scam topic
when only the model caught it, in a text of the advisor's field or near that topic, else none: the
warning alone; or the FAQ's own answer when it was a question about a scheme), and the user sees
the warning with it. Someone who owes and says how they feel or asks for help (faq.yaml
`trouble`), with no topic sure enough, is answered rather than asked back or refused; so is one who
owes when where anyone who owes starts is the best topic and fits. A lead whose words are named
and whose `chooses` topic is among the three best makes that topic the answer (faq_leads.yaml)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..kb.schema import TROUBLE_WORDS, Knowledge
from ..shield.pipeline import prepare, shield_terms
from ..shield.terms import has_any
from ..shield.verdict import verdict
from .normalize import normalizer_for
from .topics import OUT_OF_SCOPE, TopicRanker, normalized_terms

__all__ = ["FaqMatch", "FaqMatcher", "OUT_OF_SCOPE", "dead_words", "matcher_for"]


@dataclass(frozen=True)
class FaqMatch:
    id: str | None                             # the topic, or None when nothing fits
    score: float
    lang: str
    scam: bool
    scam_kinds: tuple[str, ...]
    alternatives: tuple[tuple[str, float], ...]  # the next best topics, best first
    confident: bool                            # sure enough to answer without asking back
    warning: bool = False                      # wholly an authority's warning, pasted: no question to answer
    statement: bool = False                    # a report, rule or notice pasted (faq.yaml `statements`): no question either
    leads: tuple[str, ...] = ()                # the leads (faq_leads.yaml) whose words the text names
    trouble: bool = False                      # the writer owes and says how they feel (faq.yaml `trouble`): a kind word first

    def to_json(self) -> dict:
        return {"id": self.id, "score": round(self.score, 4), "scam": self.scam, "warning": self.warning,
                "lang": self.lang,
                "alternatives": [{"id": t, "score": round(s, 4)} for t, s in self.alternatives]}


@functools.lru_cache(maxsize=4)
def matcher_for(knowledge: Knowledge) -> "FaqMatcher":
    """The matcher of a knowledge base, built once (building takes a fraction of a second)."""
    return FaqMatcher(knowledge)


class FaqMatcher:
    """Built once per knowledge base; `match` answers one text."""

    def __init__(self, knowledge: Knowledge):
        self.k = knowledge
        self.ranker = TopicRanker(knowledge)
        self.thresholds = knowledge.faq.thresholds
        self.scam_topics = list(knowledge.shield.pattern_topics)  # the answers to scams
        self.model_topics = self.scam_topics + [t for t in knowledge.shield.model_answers if t not in self.scam_topics]
        self.leads = [(lead.id, normalized_terms(self.ranker.normalize, lead.when), lead.topics, lead.chooses)
                      for lead in knowledge.faq.leads]
        self.trouble = trouble = knowledge.faq.trouble
        # its owing, distress, pleas, settled and lent words, read as texts are (none without the section)
        self.trouble_words = () if trouble is None else tuple(
            normalized_terms(self.ranker.normalize, getattr(trouble, name)) for name in TROUBLE_WORDS)

    def match(self, text: str) -> FaqMatch:
        prepared = prepare(text, self.k)
        r = self.ranker.rank(prepared)
        ranked, top_id, top, fits, confident = list(r.ranked), r.top_id, r.top, r.fits, r.confident
        named = [(lead, topics, chooses) for lead, words, topics, chooses in self.leads
                 if has_any(words, prepared.normalized)]
        leads = tuple((lead, topics) for lead, topics, _ in named)
        best_three = [t for t, _ in ranked[:3]]
        chosen = next((chooses for _, _, chooses in named if chooses in best_three), None)
        if chosen and chosen != top_id:  # a lead's words are named, and its topic is near the top: it is the answer
            ranked = self._answered_by(chosen, ranked, top)
            top_id, top, fits = chosen, ranked[0][1], True
        if fits and any(top_id in topics for _, topics in leads):
            # the question names a lead's words and its best topic is the lead's: sure enough ("会坐牢吗"
            # ranked first for cannot_repay); asking back would lose the lead, which a button cannot carry
            confident = True
        found = verdict(prepared, top_id if confident else None)
        owes, feels, pleads = self._trouble_words(prepared.normalized)
        plain = not (found.scam or found.warning or r.statement)
        # owes and is at a loss; or owes, and where anyone who owes starts is the best topic and fits:
        # answered, not asked back with that topic as a button (eighteenth session)
        in_trouble = plain and owes and (feels or pleads or (fits and top_id == self.trouble.topic))
        if found.scam and found.step < 4:
            # the shield knows better which answer fits, and that one must be given: its first
            # pattern's topic, or (the model caught it) the best-ranked scam topic or `model.answers`
            # topic, in a text of the advisor's field (a core anchor: a loan, a limit, credit) or near
            # it; none otherwise (a fake ETC or pension-card notice is no Weilidai scheme: the warning alone).
            # Money already paid, in the writer's own story (safety.yaml `scam_questions.paid`; "交了钱就能
            # 下款" retold is an offer): the victim's answer, whatever the scheme
            kinds, shield = found.kinds, self.k.shield
            paid = (shield.answer_first and has_any(shield_terms(self.k).paid, prepared.shield)
                    and any(s.story for s in prepared.sentences))
            scam_topic = (shield.answer_first[0] if paid
                          else shield.pattern_by_id[kinds[0]].topic if kinds[0] in shield.pattern_by_id
                          else next((t for t, s in ranked if t in self.model_topics  # (a victim's answer needs its words)
                                     and t not in shield.answer_first and (r.core or s >= self.thresholds["near"])), None))
            if scam_topic is not None:
                ranked = self._answered_by(scam_topic, ranked, top)
                top_id, top, fits, confident = scam_topic, ranked[0][1], True, True
            else:  # never another topic's answer to a scam
                fits = confident = False
        if found.warning:  # a police or bank warning someone pasted asks nothing: related topics at most
            fits = confident = False
        elif in_trouble and (not confident or top_id in self.trouble.curious):
            # someone who owes and is at a loss ("欠了好多钱，不知道怎么办") is answered, never refused
            # or asked back: where anyone who owes starts, or the best topic when it is one kept;
            # never first a curious user's limit question (someone laid off, owing and sleepless asks
            # nothing of how income weighs on a limit: that one follows as a related topic)
            topic = top_id if fits and top_id in self.trouble.keep else self.trouble.topic
            ranked = self._answered_by(topic, ranked, top)
            top_id, top, fits, confident = topic, ranked[0][1], True, True
        if fits:
            alternatives = ranked[1:4]
        elif (r.anchored or found.warning) and top_id != OUT_OF_SCOPE:  # a near miss: "did you mean"
            alternatives = ranked[:3]
        else:  # not about the advisor's field: never guess
            alternatives = []
        return FaqMatch(
            id=top_id if fits else None, score=min(top, 1.0), lang=prepared.lang, scam=found.scam,
            scam_kinds=found.kinds, confident=confident, warning=found.warning, statement=r.statement and not found.scam,
            alternatives=tuple((t, s) for t, s in alternatives if s >= self.thresholds["near"]),
            leads=tuple(lead for lead, _ in leads), trouble=in_trouble and feels,
        )

    def _answered_by(self, topic: str, ranked: list, top: float) -> list:
        """The ranking with `topic` first, scored at least as sure as a confident answer: the shield
        or the trouble route chose it."""
        return [(topic, max(top, self.thresholds["confident"]))] + [(t, s) for t, s in ranked if t != topic]

    def _trouble_words(self, normalized: str) -> tuple[bool, bool, bool]:
        """Whether the text names the writer's debt (not one said to be paid off, `settled`, nor money
        owed to the writer, `lent`), a feeling, a plea (faq.yaml `trouble`)."""
        if not self.trouble_words:
            return False, False, False
        owing, distress, pleas, settled, lent = (has_any(words, normalized) for words in self.trouble_words)
        return owing and not (settled or lent), distress, pleas


def dead_words(knowledge: Knowledge) -> list[str]:
    """The words of faq_leads.yaml and of faq.yaml `trouble` that no question can name, not even
    one that is the word itself (read as texts are), and those read as another word, a synonym's
    canonical form, which every text with that word names (丢了工作 read as 失业: a lead on telling
    the employer was said to everyone out of work; twentieth session): `quota-doctor check` reports
    them. Such a word is written as what it is read as, when that is meant."""
    normalize = normalizer_for(knowledge.faq.synonyms)  # (the ranker's)
    canonical = {canon for canon, _ in knowledge.faq.synonyms}
    lists = [(f"faq_leads.yaml: leads[{lead.id}].when", lead.when) for lead in knowledge.faq.leads]
    trouble = knowledge.faq.trouble
    if trouble:
        lists += [(f"faq.yaml: trouble.{name}", getattr(trouble, name)) for name in TROUBLE_WORDS]
    dead = []
    for where, words in lists:
        for word in words:
            read = normalized_terms(normalize, (word,))
            if not read or not has_any(read, prepare(word.replace("#", "500"), knowledge).normalized):
                dead.append(f"{where}: the word {word!r} can never match (read as {read[0] if read else ''!r})")
            elif (reading := read[0].strip()) in canonical and reading != word.strip().lower():
                dead.append(f"{where}: the word {word!r} is read as {reading!r}, a synonym that every "
                            f"text with {reading!r} names: write {reading!r} if that is meant")
    return dead
