"""Core never imports Qt (design §2): checked in a fresh interpreter so nothing else loaded it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import workbench.core

ROOT = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(workbench.core.__path__, "workbench.core."))


def test_core_modules_import_without_qt() -> None:
    modules = _core_modules()
    assert "workbench.core.bundle.intake" in modules  # the walk found the real tree
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6') "
        "or m.startswith('workbench.ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "", f"core pulled in Qt/ui modules: {result.stdout}"


def test_cli_analyze_does_not_load_qt() -> None:
    code = "import sys, workbench.cli\nprint(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_modules_stay_small() -> None:
    """Modules with one job: none over 400 lines."""
    big = [(p.relative_to(ROOT).as_posix(), n) for p in (ROOT / "workbench").rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert big == []
