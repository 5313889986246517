"""The package installs anywhere: a wheel built from the checkout, installed in a new virtual
environment outside it, carries knowledge/ and templates/, and `quota-doctor check` and
`quota-doctor chat` work there. (Built and installed offline: the dependencies are those of the
test environment, made visible to the new one.)"""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    str(REPO), "-w", str(tmp / "dist")], check=True, capture_output=True, cwd=tmp)
    shutil.rmtree(REPO / "build", ignore_errors=True)  # setuptools' scratch folder, not the project's
    wheel = next((tmp / "dist").glob("quota_doctor-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, env=CLEAN_ENV(tmp))
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, env=CLEAN_ENV(tmp))
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True, env=CLEAN_ENV(tmp)).stdout.strip()
    # the dependencies, from this environment (appended to sys.path: the wheel's `bot` comes first)
    Path(site, "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp / "elsewhere"
    work.mkdir()
    return venv, work


def CLEAN_ENV(work: Path) -> dict:
    """Nothing of the test run's environment (no PYTHONPATH pointing at the checkout)."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(work), "LANG": "C.UTF-8"}


def run(venv: Path, work: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "quota-doctor"), *args], cwd=work, input=stdin,
                          capture_output=True, text=True, timeout=120, env=CLEAN_ENV(work))


def test_the_wheel_carries_the_knowledge_and_templates_and_check_passes(installed):
    venv, work = installed
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import bot.paths as p; print(p.KNOWLEDGE_DIR); print(p.TEMPLATES_DIR)"],
                           cwd=work, capture_output=True, text=True, check=True, env=CLEAN_ENV(work)).stdout.split()
    assert all(str(venv) in path for path in where), where  # the installed copies, not the checkout's
    result = run(venv, work, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ") and "FAQ topics" in result.stdout


def test_the_installed_advisor_chats_in_the_terminal(installed):
    venv, work = installed
    result = run(venv, work, "chat", "--lang", "zh", "--db", str(work / "chat.db"), stdin="2\n")
    assert result.returncode == 0, result.stderr
    assert "微粒贷" in result.stdout and "👋" in result.stdout
    assert (work / "chat.db").exists()
