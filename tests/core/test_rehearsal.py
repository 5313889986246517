"""The rehearsal before serving: a page that compiles but fails when shown stops `run` and
fails `check`, naming the language; a sound tree rehearses cleanly in every language."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.rehearsal import rehearse
from bot.paths import TEMPLATES_DIR
from bot.render.pages import Renderer

REPO = Path(__file__).resolve().parents[2]


def _broken(tmp_path: Path, lang: str, page: str) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    path = templates / lang / f"{page}.html"
    path.write_text(path.read_text(encoding="utf-8") + "{{ nothing.at_all }}\n", encoding="utf-8")
    return templates


def test_the_real_tree_rehearses_cleanly(knowledge):
    assert rehearse(knowledge, ZoneInfo("Asia/Shanghai")) == []


def test_a_page_that_fails_when_shown_is_named_with_its_language(knowledge, tmp_path):
    problems = rehearse(knowledge, ZoneInfo("Asia/Shanghai"), Renderer(knowledge, _broken(tmp_path, "en", "result")))
    assert len(problems) == 1 and problems[0].startswith("en: UndefinedError")
    problems = rehearse(knowledge, ZoneInfo("Asia/Shanghai"), Renderer(knowledge, _broken(tmp_path / "b", "zh", "plan")))
    assert len(problems) == 1 and problems[0].startswith("zh: UndefinedError")


def test_check_fails_on_a_page_that_fails_when_shown(tmp_path):
    out = subprocess.run([sys.executable, "-m", "bot", "check", "--templates", str(_broken(tmp_path, "en", "question"))],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "rehearsal, en: UndefinedError" in out.stdout
