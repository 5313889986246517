"""The `quota-doctor` command line (also `python -m bot`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from .kb import KnowledgeError
from .store import StoreUnavailable
from .settings import DEFAULT_TZ, BadSettings, Settings, load_dotenv


def _fail(message: str, code: int = 2) -> int:
    print(f"quota-doctor: {message}", file=sys.stderr)
    return code


def _printable(text: str) -> str:
    """Users' text for the operator's terminal: control characters (escapes that could move the
    cursor, retitle the window or clear the screen) shown as \\x1b and the like, not obeyed."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _language(k, requested: str | None) -> str:
    if requested is not None and requested not in k.languages:
        raise BadSettings(f"--lang {requested!r}: choose one of {', '.join(k.languages.codes)}")
    return requested or k.languages.default


def cmd_check(args: argparse.Namespace) -> int:
    from .kb import read, review
    from .kb.reader import lost_words
    from .paths import KNOWLEDGE_DIR, TEMPLATES_DIR
    from .core.rehearsal import rehearse
    from .render.pages import Renderer, check_templates
    from .shield.pipeline import dead_terms
    from .shield.training import model_problems
    from .text.crisis_training import crisis_model_warnings
    from .text.faq import dead_words
    from .text.topic_training import topic_model_warnings
    directory = Path(args.knowledge) if args.knowledge else KNOWLEDGE_DIR
    report = read(directory)
    problems, warnings = list(report.problems) + lost_words(directory), []
    k = report.knowledge
    if k is not None:
        templates = Path(args.templates) if args.templates else TEMPLATES_DIR
        template_problems, template_warnings = check_templates(k, templates)
        if not template_problems:  # pages that compile: shown in a whole conversation
            template_problems = [f"rehearsal, {p}" for p in rehearse(k, ZoneInfo(DEFAULT_TZ), Renderer(k, templates))]
        example_problems, stale_model = model_problems(k, directory)
        problems += template_problems + example_problems + dead_terms(k) + dead_words(k)
        warnings = (review(k, report.missing) + template_warnings + stale_model + crisis_model_warnings(k, directory)
                    + topic_model_warnings(k))
    for w in warnings:
        print(f"warning: {w}")
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(k.interview.questions)} questions, {len(k.diagnosis.reasons)} reasons, "
          f"{len(k.diagnosis.steps)} plan steps, {len(k.faq.topics)} FAQ topics, "
          f"languages {', '.join(k.languages.codes)}" + (f"; {len(warnings)} warning(s)" if warnings else ""))
    return 0


def cmd_diagnose(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    from .kb import default
    from .logic.diagnosis import BadAnswer, check_answers, diagnose
    k = default()
    try:
        raw_text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}")
    try:
        raw = json.loads(raw_text)
    except json.JSONDecodeError as exc:
        return _fail(f"input is not valid JSON ({exc.msg} at line {exc.lineno}); expected an object of question id to answer")
    try:
        answers = check_answers(raw, k)
    except BadAnswer as exc:
        return _fail(str(exc))
    result = diagnose(answers, k)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    from .core import Advisor
    from .render.plain import to_plain
    from .store import Store
    advisor = Advisor(Store(memory=True), k, settings.tz)
    text = advisor.report(result.to_json(), answers, _language(k, args.lang))
    print(to_plain(text, styled=sys.stdout.isatty()))
    return 0


def cmd_faq(args: argparse.Namespace) -> int:
    from datetime import date

    from .kb import default
    from .text import crisis
    from .text.faq import matcher_for
    from .text.redact import redact
    k = default()
    matcher = matcher_for(k)

    def answer(text: str) -> str:
        match = matcher.match(redact(text).text)
        in_crisis = crisis.level(text, k.crisis) is crisis.Level.CRISIS
        if args.json:
            return json.dumps({**match.to_json(), "crisis": in_crisis}, ensure_ascii=False)
        lines = ["(crisis: answered first with care and the 12356 hotline)"] if in_crisis else []
        if match.id is None:
            return "\n".join(lines + [f"(no topic fits; score {match.score:.2f})"])
        topic = k.topic(match.id)
        return "\n".join(lines + [topic.question.get(match.lang), topic.answer_on(date.today()).get(match.lang)])

    if args.text:
        print(answer(" ".join(args.text)))
        return 0
    for line in sys.stdin:
        if line.strip():
            print(answer(line.strip()), flush=True)
    return 0


def cmd_faq_review(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    from .store import Store
    store = Store(args.db or settings.db_path)
    try:
        rows = store.unmatched_questions(args.limit)
    finally:
        store.close()
    if not rows:
        print("no unanswered questions logged")
    for row in rows:
        print(f"{row['times']:>4}×  [{row['lang']}] {_printable(row['text'])}  (best score {row['best_score']:.2f}, last {row['last_asked'][:10]})")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    from .store.backup import BackupError, backup
    source = args.db or settings.db_path
    try:
        figures = backup(source, args.file)
    except BackupError as exc:
        return _fail(str(exc), 1)
    except OSError as exc:
        return _fail(f"cannot write {args.file}: {exc.strerror}", 1)
    print(f"backed up {source} to {figures['path']}: {figures['pages']} pages, "
          f"{figures['bytes']:,} bytes in {figures['seconds']:.2f} s")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    from .channels.console import chat
    from .core import Advisor
    from .kb import default
    from .store import Store
    k = default()
    lang = _language(k, args.lang) if args.lang else (k.languages.resolve(settings.locale) if settings.locale else None)
    store = Store(args.db or settings.db_path)
    try:
        chat(Advisor(store, k, settings.tz), lang)
    finally:
        store.close()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    from .channels.telegram import Stopped, run
    settings.require_token()
    if args.webhook_url and not args.webhook_url.startswith("https://"):
        return _fail("--webhook-url must be an https:// URL (Telegram only calls https webhooks)")
    try:
        run(settings, webhook_url=args.webhook_url, listen=args.listen, port=args.port)
    except Stopped as exc:  # said once; a non-zero code, so that systemd does not restart in a loop
        return _fail(str(exc), 3)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quota-doctor", description=(
        "An honest advisor for WeChat micro-loan (微粒贷) limit cuts. Not WeBank; no lender, no fees, no guarantees."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("chat", help="the whole advisor in this terminal (no token needed)")
    p.add_argument("--lang", help="language: en, zh (default: from $LANG, else English)")
    p.add_argument("--db", help="SQLite file (default: $QUOTA_DOCTOR_DB or ./data/quota_doctor.db)")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("run", help="the Telegram bot (long polling, or a webhook with --webhook-url)")
    p.add_argument("--webhook-url", help="public https URL Telegram calls, e.g. https://example.org/quota-doctor")
    p.add_argument("--listen", default="127.0.0.1",
                   help="address the webhook server listens on (default 127.0.0.1, behind a reverse proxy)")
    p.add_argument("--port", type=int, default=8443, help="port the webhook server listens on (default 8443)")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("diagnose", help="diagnose a JSON file of answers (FILE or - for stdin)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the contract's JSON instead of a report")
    p.add_argument("--lang", help="language of the report: en, zh (default en)")
    p.set_defaults(func=cmd_diagnose)
    p = sub.add_parser("faq", help="match a question to an FAQ topic (TEXT, or one question a line on stdin)")
    p.add_argument("text", nargs="*", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="print the contract's JSON")
    p.set_defaults(func=cmd_faq)
    p = sub.add_parser("faq-review", help="the most common questions no FAQ topic answered")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--db", help="SQLite file (default: $QUOTA_DOCTOR_DB or ./data/quota_doctor.db)")
    p.set_defaults(func=cmd_faq_review)
    p = sub.add_parser("backup", help="copy the database to FILE, safely while the bot runs")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--db", help="SQLite file (default: $QUOTA_DOCTOR_DB or ./data/quota_doctor.db)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("check", help="validate knowledge/ and templates/ (warnings: unused or unreachable entries)")
    p.add_argument("--knowledge", help=argparse.SUPPRESS)
    p.add_argument("--templates", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except BadSettings as exc:
        return _fail(str(exc))
    except StoreUnavailable as exc:
        return _fail(str(exc), 4)
    except KnowledgeError as exc:
        print(str(exc), file=sys.stderr)
        return _fail("the knowledge base is broken; run `quota-doctor check`", 1)


if __name__ == "__main__":
    sys.exit(main())
