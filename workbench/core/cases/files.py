"""A case's own copy of its bundle, with a checksum that proves it is the one analysed.

The customer's file may be moved, deleted or replaced by a newer upload; the case keeps the exact
bytes it was diagnosed from under ``data_dir()/cases/<id>/bundle/``.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from workbench.core.errors import InputError

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tree_sha256(root: Path) -> str:
    """sha256 of a folder: of its sorted ``relative/path NUL file-sha256`` lines (names and bytes count)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(f"{path.relative_to(root).as_posix()}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def bundle_sha256(path: Path) -> str:
    """The checksum a case stores for its bundle: of the file, or of the folder tree."""
    return tree_sha256(path) if path.is_dir() else file_sha256(path)


def copy_bundle(source: Path, case_dir: Path) -> tuple[str, str, str]:
    """Copy ``source`` (file or folder) into ``case_dir/bundle/``; returns (name, relative path, sha256).

    The copy is written under a temporary name and renamed into place, so a half-copied bundle is
    never mistaken for the real one.
    """
    source = Path(source).expanduser()
    if not source.exists():
        raise InputError(f"no such file or folder: {source}", "check the path")
    target_dir = case_dir / "bundle"
    target_dir.mkdir(parents=True, exist_ok=True)
    final = target_dir / source.name
    partial = target_dir / f".{source.name}.partial"
    if partial.is_dir():  # left over from a copy that crashed
        shutil.rmtree(partial)
    else:
        partial.unlink(missing_ok=True)
    if source.is_dir():
        # Links are copied as links, never followed: a bundle must not pull in files from elsewhere.
        shutil.copytree(source, partial, symlinks=True)
    else:
        shutil.copy2(source, partial)
    partial.replace(final)
    return source.name, final.relative_to(case_dir).as_posix(), bundle_sha256(final)
