"""What the knowledge base holds, as frozen dataclasses grouped by who reads them: the
interview, the diagnosis rules, the FAQ and the interface words; the scam shield's and the crisis
check's are in kb.shield_schema (read here too, for `Knowledge`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator, Mapping

from .languages import Languages, Text
from .linear_model import ScamModel
from .shield_schema import Crisis, ScamExample, ScamPattern, Shield  # the shield's part, read here as before

UNSURE = "unsure"
CONFIDENCE_LEVELS = ("confirmed", "reported", "folk")
LEVELS = ("high", "medium", "low")
MODEL_KIND = "model"        # the scam kind of a message only the scam model caught; no pattern may take it
QUESTION_KIND = "question"  # a question about a scheme ("微粒贷能强开吗"; safety.yaml scam_questions): warned too
SCAM_FAMILIES = ("forced_open", "fake_service", "fake_app_link", "credit_repair", "debt_agents", "other", "scam_question")
INNOCENT_FAMILIES = ("innocent",)


class KnowledgeError(Exception):
    """The knowledge base is malformed; `problems` lists each one as 'file: key: problem'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


Conditions = tuple[tuple[str, frozenset[str]], ...]  # {question: values}: all must hold


# -- the interview (questions.yaml) ----------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    id: str
    text: Text
    note: Text | None = None  # said at once when this answer is given (an urgent case: call 110 now)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    kind: str  # "choice" or "amount"
    optional: bool
    ask_when: Conditions
    label: Text
    text: Text
    why: Text
    choices: tuple[Choice, ...] = ()
    example: Text | None = None
    tracked: bool = False  # kept to follow the limit; no reason needs to weigh it
    ask_when_any: Conditions = ()  # ...and, when given, at least one of these holds
    quick: tuple[int, ...] = ()    # amount questions: amounts offered as buttons

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.id == value), None)


@dataclass(frozen=True)
class Interview:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    question_by_id: Mapping[str, Question] = field(repr=False, default_factory=dict)
    section_by_id: Mapping[str, Section] = field(repr=False, default_factory=dict)
    amount_unknown: tuple[str, ...] = ()  # "记不清了", "I don't remember": a skippable amount is skipped


# -- the diagnosis (reasons.yaml, steps.yaml) ------------------------------------------------
@dataclass(frozen=True)
class Reason:
    id: str
    confidence: str
    title: Text
    explanation: Text
    weights: Mapping[str, Mapping[str, float]]
    residual: bool = False
    grades: Mapping[str, str] = field(default_factory=dict)  # question → its answers' grade, if not the reason's
    fades: tuple["Fade", ...] = ()  # answers that make the rest weigh less (a record past its 5 years)


@dataclass(frozen=True)
class Fade:
    """The reason's score times `factor` when one of `when` holds and none of `unless` does; the
    questions of `when` become evidence too (the user sees why it weighs less)."""
    when: "Conditions"
    unless: "Conditions"
    factor: float
    note: Text | None = None  # said to the user when it holds (the 5-year rule applied to their case)


@dataclass(frozen=True)
class Step:
    id: str
    confidence: str
    reasons: tuple[str, ...]
    title: Text
    summary: Text                  # one line: what to do (the result's first message shows it)
    detail: Text                   # what to do, concretely (one tap away)
    when_answers: Conditions = ()  # in the plan when any of these holds (else: when a reason is found)
    unless_answers: Conditions = ()  # never when any of these holds (it would contradict the answers)
    urgent_when: Conditions = ()   # in the urgent box, before any reason, when any of these holds...
    urgent_unless: Conditions = () # ...and none of these
    lead_when: Conditions = ()     # first after the urgent box when any of these holds
    always: bool = False
    context: bool = False          # context rather than an action: after every other supported step


@dataclass(frozen=True)
class DiagnosisRules:
    reasons: tuple[Reason, ...]
    steps: tuple[Step, ...]
    urgent_order: tuple[str, ...]          # the urgent box's order (steps.yaml `urgent`)
    checkup_when: Conditions               # answers that make the result a check-up (nothing was cut)
    distress_when: Conditions              # answers that get the result's acknowledging line
    level_thresholds: Mapping[str, float]
    level_cap: Mapping[str, str]
    min_reason_score: float
    confidence_factor: Mapping[str, float]
    secondary_reason_factor: float
    reason_by_id: Mapping[str, Reason] = field(repr=False, default_factory=dict)
    step_by_id: Mapping[str, Step] = field(repr=False, default_factory=dict)


# -- the FAQ (faq.yaml, faq_phrasings.yaml, out_of_scope.yaml) -------------------------------
@dataclass(frozen=True)
class Dated:
    """A text that holds from `start` to `end` (both included; None: open)."""
    start: date | None
    end: date | None
    text: Text

    def holds(self, today: date) -> bool:
        return (self.start is None or self.start <= today) and (self.end is None or today <= self.end)


@dataclass(frozen=True)
class FaqTopic:
    id: str
    question: Text
    answer: Text
    confidence: str | None
    suggest_diagnosis: bool
    examples: Mapping[str, tuple[str, ...]]
    dated: tuple[Dated, ...] = ()   # answers that depend on the date (a policy with a deadline)
    review_by: date | None = None   # `quota-doctor check` warns after it: a dated fact to look at again
    needs_any: tuple[str, ...] = ()  # matched only when the question names one of these (another lender's product)

    def answer_on(self, today: date) -> Text:
        """The answer that holds today: the first dated one whose dates contain it, else `answer`."""
        return next((d.text for d in self.dated if d.holds(today)), self.answer)


@dataclass(frozen=True)
class Faq:
    topics: tuple[FaqTopic, ...]
    synonyms: tuple[tuple[str, tuple[str, ...]], ...]
    thresholds: Mapping[str, float]
    anchors: tuple[str, ...]       # every field word: core_anchors and anchors of faq.yaml
    core_anchors: tuple[str, ...]  # words about the loan itself
    out_of_scope: tuple[str, ...]
    topic_by_id: Mapping[str, FaqTopic] = field(repr=False, default_factory=dict)
    other_products: "OtherProducts | None" = None  # faq.yaml `other_products_first`
    model: "TopicModel | None" = None  # topic_model.json: the linear model the examples' ranking is blended with
    model_weight: float = 0.0          # faq.yaml `matching.model_weight`: its share of a topic's score
    statements: "Statements | None" = None  # faq.yaml `statements`
    matcher_only: frozenset[str] = frozenset()  # phrasings of `matcher_only: true` files: only the topic model learns them
    leads: tuple["Lead", ...] = ()  # faq_leads.yaml: direct answers said before a topic's answer
    trouble: "Trouble | None" = None  # faq.yaml `trouble`

    def learnt(self) -> Iterator[tuple[str | None, str]]:
        """What the scam and crisis models learn as ordinary text: (topic id, phrasing) for each
        topic's examples, then (None, phrasing) for out of scope, but `matcher_only` ones."""
        yield from ((t.id, e) for t in self.topics for texts in t.examples.values() for e in texts
                    if e not in self.matcher_only)
        yield from ((None, e) for e in self.out_of_scope if e not in self.matcher_only)


@dataclass(frozen=True)
class Lead:
    """faq_leads.yaml: the direct answer to a narrower question inside a topic ("会坐牢吗", asked
    of the collection answer), said before the answer of any of `topics` when the question names
    one of `when` (terms written as users write them)."""
    id: str
    topics: tuple[str, ...]
    when: tuple[str, ...]
    text: Text
    confidence: str
    replaces: tuple[str, ...] = ()  # leads not said when this one is ("never borrowed": no jail talk)
    chooses: str | None = None      # one of `topics`: the answer when its words are named and it is among the three best ranked


@dataclass(frozen=True)
class Trouble:
    """faq.yaml `trouble`: someone who owes (`owing`) and says how they feel (`distress`) or asks
    for help (`pleas`), asking nothing the FAQ answers with confidence, hears `topic`'s answer (or
    its best topic, when that is one of `keep`) rather than a refusal or "did you mean"; so does
    someone who owes when `topic` is the best topic and fits. With a feeling named, a kind word
    first, whatever answers."""
    topic: str
    keep: tuple[str, ...]
    owing: tuple[str, ...]
    distress: tuple[str, ...]
    pleas: tuple[str, ...] = ()
    settled: tuple[str, ...] = ()  # a debt said to be paid off ("debt free", 都还清): no one who owes
    lent: tuple[str, ...] = ()     # money owed TO the writer ("借给朋友的钱", "owes me"): no one who owes either
    curious: tuple[str, ...] = ()  # topics for a curious user's limit question: never first for someone at a loss


TROUBLE_WORDS = ("owing", "distress", "pleas", "settled", "lent")  # Trouble's lists of words, in this order


@dataclass(frozen=True)
class Statements:
    """faq.yaml `statements`: a report, rule or notice pasted, that asks nothing, gets no topic."""
    languages: tuple[str, ...]
    longer_than: int
    asks: tuple[str, ...]   # question words beyond the shield's (如何, 多久...), and a user's own (客服说)
    names: tuple[str, ...]  # Weilidai, a limit: a statement about one is its user's
    voices: tuple[str, ...]  # a report's, a rule's or a notice's words (根据, 规定, 记者): a user's own has none


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A linear model of the FAQ's topics (topic_model.json, by tools/train_topic_model.py) over the
    features of `text.features.text_features`, learnt from every phrasing and out of scope. Its
    weights are read from `path` on the first typed question (`kb.faq_files.topic_model_weights`)."""
    classes: tuple[str, ...]   # topic ids; "__out_of_scope__" for out of scope
    bias: tuple[float, ...]    # one per class
    trained_on: str            # the digest of its training set (text/topic_training.py)
    path: Path                 # topic_model.json, checked when the knowledge was read


@dataclass(frozen=True)
class OtherProducts:
    """A question that names another lender's product and not Weilidai is answered by `topic`."""
    topic: str
    names: tuple[str, ...]    # 花呗, 借呗, 白条...; `unless`: Weilidai's own names (about both, or about Weilidai)
    unless: tuple[str, ...]
    subjects: tuple[str, ...] = ()    # 信用卡, 房贷, a bank: another product when the question opens with one (within
    opening: int = 0                  # `opening` characters) and asks what only Weilidai's own answer says
    own_topics: tuple[str, ...] = ()  # (its overdue, its early repayment)


# -- everything ------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)  # compared and hashed as itself: one loaded knowledge base
class Knowledge:
    languages: Languages
    interview: Interview
    diagnosis: DiagnosisRules
    faq: Faq
    shield: Shield
    crisis: Crisis
    ui: Mapping[str, Text]

    def text(self, key: str, lang: str) -> str:
        """A short interface word from ui.yaml."""
        return self.ui[key].get(lang)

    # the lookups nearly every reader needs
    def question(self, qid: str) -> Question:
        return self.interview.question_by_id[qid]

    def reason(self, rid: str) -> Reason:
        return self.diagnosis.reason_by_id[rid]

    def step(self, sid: str) -> Step:
        return self.diagnosis.step_by_id[sid]

    def topic(self, tid: str) -> FaqTopic:
        return self.faq.topic_by_id[tid]
