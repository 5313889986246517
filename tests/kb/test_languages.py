"""A third language is data: an entry in languages.yaml, texts in the YAML files and pages in
templates/<code>/. Proved on a temporary copy of the knowledge base with a small French."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.core import Advisor
from bot.kb import read, review
from bot.kb.languages import Language, Languages
from bot.render.pages import Renderer, check_templates
from bot.store import Store
from tests.helpers import Chat, plain

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def with_french(tmp_path):
    knowledge, templates = tmp_path / "knowledge", tmp_path / "templates"
    shutil.copytree(REPO / "knowledge", knowledge)
    shutil.copytree(REPO / "templates", templates)

    def edit(name, change):
        data = yaml.safe_load((knowledge / name).read_text(encoding="utf-8"))
        change(data)
        (knowledge / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    edit("languages.yaml", lambda d: d["languages"].append(
        {"code": "fr", "name": "Français", "client_codes": ["fr"], "fallback": ["en"]}))
    edit("ui.yaml", lambda d: (d["btn_agree"].__setitem__("fr", "✅ J'accepte, commencer"),
                               d["btn_help"].__setitem__("fr", "ℹ️ Que savez-vous faire ?")))

    def question(d):
        q = next(q for q in d["questions"] if q["id"] == "quota_status")
        q["text"]["fr"] = "Qu'est-il arrivé à votre limite Weilidai ?"
    edit("questions.yaml", question)
    (templates / "fr").mkdir()
    (templates / "fr" / "welcome.html").write_text(
        "<b>Bonjour, je suis Quota Doctor.</b>\nJe ne suis pas WeBank et je ne demande jamais d'argent.\n",
        encoding="utf-8")
    return knowledge, templates


def test_a_third_language_loads_and_is_chosen_by_the_client_code(with_french):
    knowledge, templates = with_french
    report = read(knowledge)
    assert report.problems == []
    k = report.knowledge
    assert k.languages.codes == ("en", "zh", "zh-hant", "fr")
    assert k.languages.resolve("fr-FR") == "fr" and k.languages.resolve("fr") == "fr"
    assert k.question("quota_status").text.get("fr").startswith("Qu'est-il")
    assert k.question("quota_status").why.get("fr") == k.question("quota_status").why.get("en")  # falls back


def test_the_advisor_speaks_it_where_it_has_words_and_falls_back_elsewhere(with_french, tmp_path):
    knowledge, templates = with_french
    k = read(knowledge).knowledge
    store = Store(tmp_path / "fr.db")
    chat = Chat(Advisor(store, k, ZoneInfo("Europe/Paris"), renderer=Renderer(k, templates)), lang="fr-FR")
    chat.command("start")
    assert "Bonjour, je suis Quota Doctor." in chat.text  # templates/fr/welcome.html
    labels = [plain(b.label) for b in chat.buttons()]
    assert "✅ J'accepte, commencer" in labels  # ui.yaml's French
    assert "🌐 English" in labels and "🌐 中文" in labels  # a switch to each other language
    chat.press("J'accepte")
    assert store.user(chat.user)["language"] == "fr"
    assert "Qu'est-il arrivé à votre limite Weilidai ?" in chat.text  # the question's French
    assert "Question 1 of" in chat.text  # a page French does not have: the English one
    chat.command("language")
    assert "Français" in [plain(b.label) for b in chat.buttons()]
    store.close()


def test_check_lists_what_the_language_lacks_as_warnings_and_passes(with_french):
    knowledge, templates = with_french
    report = read(knowledge)
    warnings = review(report.knowledge, report.missing)
    assert any(w.startswith("knowledge/questions.yaml: (fr): ") and "fallback" in w for w in warnings)
    problems, template_warnings = check_templates(report.knowledge, templates)
    assert problems == []
    assert "templates/fr/help.html: (file): missing; templates/en/help.html is shown" in template_warnings
    result = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(knowledge),
                             "--templates", str(templates)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "languages en, zh, zh-hant, fr" in result.stdout and "warning: templates/fr/help.html" in result.stdout


def test_a_required_language_may_not_lack_a_text(with_french):
    knowledge, _ = with_french
    data = yaml.safe_load((knowledge / "languages.yaml").read_text(encoding="utf-8"))
    data["languages"][-1]["required"] = True
    (knowledge / "languages.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = read(knowledge)
    assert report.knowledge is None
    assert "knowledge/questions.yaml: questions[quota_status].why.fr: missing translation" in report.problems


def test_a_fallback_chain_ends_in_the_default_language():
    langs = Languages.of("en", (Language("en", "English", ("en",), True),
                                Language("zh", "中文", ("zh",), True, ("en",)),
                                Language("yue", "粵語", ("zh-hk", "yue"), False, ("zh",))))
    assert langs.chain("yue") == ("yue", "zh", "en")
    assert langs.resolve("zh-HK") == "yue" and langs.resolve("zh-CN") == "zh" and langs.resolve("de") == "en"
    assert langs.resolve(None) == "en"


def test_traditional_chinese_is_converted_only_when_asked_for():
    """OpenCC's Traditional dictionaries (some 40 MB) load for a zh-hant reader, never for others."""
    from bot.kb import default
    from bot.kb.languages import _converter
    from bot.render.pages import Renderer
    k = default()
    _converter.cache_clear()
    renderer = Renderer(k)
    for lang in ("en", "zh"):
        renderer.page(lang, "welcome")
        k.text("cmd_diagnose", lang)
    assert _converter.cache_info().currsize == 0
    assert "歡迎" in renderer.page("zh-hant", "welcome") and _converter.cache_info().currsize == 1
