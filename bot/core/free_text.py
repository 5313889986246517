"""Typed text that is not an answer: a question, answered with the scam warning, an FAQ answer,
"did you mean", or what the advisor can do. Personal numbers are removed before anything is
stored or logged, and the user is told."""
from __future__ import annotations

from dataclasses import dataclass

from ..text import crisis as crisis_words
from ..text.faq import FaqMatch
from ..text.redact import redact
from .buttons import Pressed, button
from .turn import Turn

MAX_TEXT_IN = 2000  # longer messages are declined politely, never stored or echoed
DID_YOU_MEAN = 3    # topics offered when no answer is sure


@dataclass(frozen=True)
class Typed:
    """A typed text as received: as typed, and with personal numbers removed (`kinds`: which)."""
    text: str
    redacted: str
    kinds: tuple[str, ...]


def crisis(turn: Turn, text: str) -> bool:
    """Words of someone in crisis get, before anything else, a calm reply with the 12356 hotline
    (True: nothing but a debt question in the same message may follow). Death words used as a
    figure of speech get a short reply that still offers the line (False: the message is then
    answered as usual)."""
    found = crisis_words.level(text[:MAX_TEXT_IN * 2], turn.k.crisis)
    if found is crisis_words.Level.CRISIS:
        turn.say("crisis")
        return True
    if found is crisis_words.Level.GENTLE:
        turn.say("crisis_gentle")
        turn.comforted = True
    return False


def receive(turn: Turn, text: str) -> Typed | None:
    """Read typed text: None (after saying why) when it is too long; a notice when personal
    numbers were removed from it."""
    text = text.strip()
    if len(text) > MAX_TEXT_IN:
        turn.say("too_long", limit=MAX_TEXT_IN)
        return None
    redacted = redact(text)
    if redacted.kinds:
        turn.say("privacy_notice", kinds=[turn.ui(f"personal_{k}") for k in redacted.kinds])
    return Typed(text, redacted.text, redacted.kinds)


def question(turn: Turn, typed: Typed, outside: bool = True, prefer: tuple[str, ...] = ()) -> bool:
    """Answer free text as a question: scam warning, FAQ answer, 'did you mean', or what the
    advisor can do. Inside the interview (`outside` False) only a scam or a confident match is
    answered; return whether anything was said. The best-ranked `prefer`red topic among the
    three best (after a crisis reply: what to do about the debt) is answered before the others."""
    match = turn.services.matcher.match(typed.redacted)
    ranked = [t for t in (match.id, *(t for t, _ in match.alternatives)) if t]
    preferred = None if match.scam else next((t for t in ranked[:3] if t in prefer), None)
    turn.store.log_faq(match.lang, None if match.warning else typed.redacted,  # (a notice is no question to review)
                       preferred or match.id, match.score, user=turn.key if turn.user else None)
    if preferred:
        faq_answer(turn, preferred, offer_diagnosis=False, leads=match.leads, typed=True)
        return True
    if match.scam:
        named = _named(turn, match)
        if match.id in turn.k.shield.answer_first:  # money already paid: what to do now comes first, prevention after
            faq_answer(turn, match.id, offer_diagnosis=False, typed=True)
            if _only_the_loss(turn, match):
                return True
        elif not named and match.id:
            # no pattern named the scheme (the scam model caught it, or it is a question about
            # one): the answer of its topic says what it is (a lead first: "已立案…要坐牢吗"), then the warning
            faq_answer(turn, match.id, offer_diagnosis=False, leads=match.leads, typed=True)
        _warn(turn, match, named)
        return True
    if match.confident:  # (someone at a loss hears a kind word first, unless the crisis reply or its gentle line said one)
        faq_answer(turn, match.id, offer_diagnosis=outside, leads=match.leads, typed=True,
                   kind=match.trouble and not prefer and not turn.comforted)
        return True
    if not outside:
        return False
    options = _topic_buttons(turn, match)
    if match.warning:  # a police or bank warning, pasted: what it is, and the topics it touches
        turn.say("warning_read", options)
    elif match.statement and options:  # a news report, a rule or a notice, pasted: likewise
        turn.say("statement_read", options)
    elif options:
        turn.say("did_you_mean", options)
    else:
        turn.say("faq_none", turn.main_menu())
    return True


def _named(turn: Turn, match: FaqMatch) -> list[str]:
    """What the warning names: each scheme a pattern of the shield matched (none when only the
    scam model caught it, or it is a question about one)."""
    return list(dict.fromkeys(turn.k.shield.pattern_by_id[k].what.get(turn.lang) for k in match.scam_kinds
                              if k in turn.k.shield.pattern_by_id))  # (two patterns may say the same)


def _only_the_loss(turn: Turn, match: FaqMatch) -> bool:
    """Whether every pattern the shield matched is the loss itself, answered by the topic just said
    ("被网贷平台骗了钱，怎么报警": already_paid). The warning after it would only repeat 110 and the
    second scam, and tell someone who has paid not to pay (a counsellor's review, twenty-first
    session); a scheme named beside the loss (解冻费, a safe account) still gets its warning."""
    patterns = [turn.k.shield.pattern_by_id.get(kind) for kind in match.scam_kinds]
    return bool(patterns) and all(p is not None and p.topic == match.id for p in patterns)


def _warn(turn: Turn, match: FaqMatch, named: list[str], forwarded: bool = False) -> None:
    """The scam warning; with neither a scheme named nor a topic (`general`), the police's
    warnings for the frauds outside loans instead of Weilidai's schemes."""
    turn.say("scam_warning", kinds=named, forwarded=forwarded, general=not named and not match.id)


def _topic_buttons(turn: Turn, match: FaqMatch) -> list[list]:
    """A button for each topic the match offers, best first, one a row."""
    options = ([match.id] if match.id else []) + [t for t, _ in match.alternatives]
    return [[button(turn.k.topic(t).question.get(turn.lang), "faq_topic", t)] for t in options[:DID_YOU_MEAN]]


def forwarded(turn: Turn, typed: Typed) -> None:
    """A message someone else sent, forwarded or pasted under a photo or a document: judged as
    what it is, never answered as the user's own question. The scam warning when the shield
    says scam; otherwise what a real WeBank message looks like, and the signs of a scam."""
    match = turn.services.matcher.match(typed.redacted)
    turn.store.log_faq(match.lang, None, match.id if match.scam else None, match.score)
    if match.scam:
        _warn(turn, match, _named(turn, match), forwarded=True)
    elif match.warning:
        turn.say("warning_read", _topic_buttons(turn, match), forwarded=True)
    else:
        turn.say("forwarded_checked")


def faq_answer(turn: Turn, topic_id: str, offer_diagnosis: bool, leads: tuple[str, ...] = (),
               typed: bool = False, kind: bool = False) -> None:
    """A topic's answer: the one that holds today, for an answer with dated facts; first, the
    direct answer of each lead the question named that belongs to this topic (faq_leads.yaml),
    but one that another of them `replaces`. The topic's question heads it, named as the related
    question when the topic was chosen for `typed` text: the user never asked it in those words (a
    counsellor's review); a `kind` word first for someone who owes and said they are at a loss."""
    topic = turn.k.topic(topic_id)
    buttons = [[turn.button("btn_diagnose", "menu", "diagnose")]] if offer_diagnosis and topic.suggest_diagnosis else []
    today = turn.services.clock().astimezone(turn.services.tz).date()
    first = [lead for lead in turn.k.faq.leads if lead.id in leads and topic_id in lead.topics]
    replaced = {other for lead in first for other in lead.replaces}
    first = [lead for lead in first if lead.id not in replaced]
    turn.say("faq_answer", buttons, topic=topic, answer=topic.answer_on(today).get(turn.lang), leads=first,
             typed=typed, kind=kind)


def topic_button(turn: Turn, pressed: Pressed) -> None:
    """A "did you mean" topic pressed: its answer (the interview is offered if none is open)."""
    if pressed["topic"] not in turn.k.faq.topic_by_id:
        turn.stale_nothing()
        return
    open_ = turn.store.open_interview(turn.key) if turn.user else None
    faq_answer(turn, pressed["topic"], offer_diagnosis=open_ is None)
