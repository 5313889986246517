"""The size of the advisor's install: a fresh virtual environment with `pip install .` (no
extras: what `quota-doctor run` and `chat` need), measured on disk, with its largest packages.

    python -m bench.install_size   (needs the package index; a minute or two)"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        venv, source = Path(tmp) / "venv", Path(tmp) / "source"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "data",
                                                                    "__pycache__", ".pytest_cache"))
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(source)], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        site = next((venv / "lib").glob("python*/site-packages"))
        total = _size(venv)
        print(f"virtual environment after `pip install .`: {total / 2**20:.0f} MB")
        sizes = sorted(((_size(p), p.name) for p in site.iterdir() if p.is_dir() and not p.name.endswith("-info")),
                       reverse=True)
        for size, name in sizes[:8]:
            print(f"  {name}: {size / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
