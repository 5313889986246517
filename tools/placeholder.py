"""The knowledge base with a placeholder in place of one model file, so that the first model can
be trained (the knowledge cannot be read without its models; training never asks the placeholder
anything)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bot.kb import Knowledge, read
from bot.paths import KNOWLEDGE_DIR


def knowledge_with_placeholder(model_file: str, placeholder: str) -> Knowledge:
    with tempfile.TemporaryDirectory() as tmp:
        for path in KNOWLEDGE_DIR.iterdir():
            if path.is_file() and path.name != model_file:
                shutil.copy(path, tmp)
        Path(tmp, model_file).write_text(placeholder, encoding="utf-8")
        report = read(Path(tmp))
    if report.knowledge is None:
        raise SystemExit("\n".join(report.problems))
    return report.knowledge
