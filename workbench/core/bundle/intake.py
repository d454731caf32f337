"""Open a customer bundle safely: extract to a private folder, list and describe every file.

Input can be a zip, a tar (plain or gz/bz2/xz/zstd), a folder, a single log or a compressed log;
archives inside are opened up to ``Limits.max_depth``. Nothing here follows a link, opens a device
file or writes outside the work folder, and every skip is explained in ``Bundle.warnings``.
"""

from __future__ import annotations

import os
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import zstandard

from workbench.core.bundle import archives
from workbench.core.bundle.describe import describe_files
from workbench.core.bundle.limits import Limits
from workbench.core.bundle.model import Bundle, BundleFile
from workbench.core.bundle.names import clean_name, link_escapes, unsafe_reason
from workbench.core.bundle.sink import BundleLimitReached, EntryRefused, Sink
from workbench.core.errors import Cancelled, InputError
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress

ENCRYPTED = "encrypted: ask the customer for an unencrypted export"
_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar")
_DAMAGE = (tarfile.TarError, EOFError, OSError, zlib.error, zipfile.BadZipFile, zstandard.ZstdError, ValueError)


def open_bundle(path: Path | str, *, limits: Limits | None = None, progress: ProgressFn = null_progress,
                cancel: CancelToken = NEVER, temp_root: Path | None = None, quick: bool = False) -> Bundle:
    """Open ``path`` (archive, folder or file). Raises InputError when nothing in it is readable.

    ``quick`` skips checksums, line counts and format sniffing (for one-shot queries).
    """
    source = Path(path).expanduser()
    _check_readable(source)
    workdir = Path(tempfile.mkdtemp(prefix="workbench-", dir=temp_root))
    bundle = Bundle(source.resolve(), _input_kind(source), workdir)
    try:
        intake = _Intake(bundle, Sink(workdir / "files", limits or Limits(), cancel), progress)
        intake.run(source)
        if not bundle.files:
            raise InputError(f"nothing readable in {source.name}", _why_empty(bundle))
        if bundle.input_kind == "file" and source.name.lower().endswith(_ARCHIVE_SUFFIXES) and \
                bundle.files[0].path == source.name:
            raise InputError(f"{source.name} is not a readable archive (damaged, or not really a "
                             f"{source.suffix[1:]} file)", "ask the customer to send the bundle again")
        describe_files(bundle, quick=quick, progress=progress, cancel=cancel)
    except BaseException:
        bundle.close()
        raise
    return bundle


def _check_readable(source: Path) -> None:
    if not source.exists():
        raise InputError(f"no such file or folder: {source}", "check the path")
    if not os.access(source, os.R_OK):
        raise InputError(f"cannot read {source}: permission denied")
    mode = source.stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError(f"{source} is not a regular file or folder")


def _input_kind(source: Path) -> str:
    if source.is_dir():
        return "dir"
    kind = archives.container_type(source)
    if kind == "zip":
        return "zip"
    if kind == "tar" or (kind in archives.STREAM_SUFFIXES and _stream_holds_tar(source, kind)):
        return "tar"
    return "file"


def _stream_holds_tar(path: Path, kind: str) -> bool:
    try:
        with archives.open_stream(path, kind) as stream:
            head = stream.read(512)
    except _DAMAGE:
        return False
    return len(head) > 262 and head[257:262] == b"ustar"


def _why_empty(bundle: Bundle) -> str:
    if bundle.warnings:
        return "; ".join(bundle.warnings[:3])
    return "the archive is empty or too damaged to list any file: ask the customer to export the logs again"


class _Intake:
    """One extraction run: walks inputs, applies the safety rules, records files and warnings."""

    def __init__(self, bundle: Bundle, sink: Sink, progress: ProgressFn) -> None:
        self.bundle = bundle
        self.sink = sink
        self.progress = progress

    def warn(self, text: str) -> None:
        self.bundle.warnings.append(text)

    def run(self, source: Path) -> None:
        try:
            if source.is_dir():
                self._walk_folder(source)
            else:
                self._add_file(source, source.name, depth=0, in_place=True, top=True)
        except BundleLimitReached as exc:
            self.warn(str(exc))

    def _walk_folder(self, root: Path) -> None:
        for folder, dirs, names in os.walk(root, followlinks=False):
            dirs.sort()
            for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                self.sink.cancel.raise_if_cancelled()
                full = Path(folder, name)
                self._add_folder_entry(root, full, full.relative_to(root).as_posix())

    def _add_folder_entry(self, root: Path, full: Path, rel: str) -> None:
        mode = full.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = os.readlink(full)
            if link_escapes(os.path.dirname(rel), target) or not full.resolve().is_relative_to(root.resolve()):
                self.warn(f"refused {rel}: link to {target} points outside the bundle")
            return  # links inside the folder point at files that are listed anyway
        if not stat.S_ISREG(mode):
            self.warn(f"refused {rel}: not a regular file (device, FIFO or socket)")
            return
        self._add_file(full, rel, depth=0, in_place=True)

    def _add_file(self, local: Path, rel: str, depth: int, in_place: bool, top: bool = False) -> None:
        """Record a file; expand it first when it is an archive we may still open."""
        kind = archives.container_type(local)
        if kind in archives.UNSUPPORTED.values():
            self._record_archive(local, rel, f"{kind} archives cannot be opened: ask for a zip or tar.gz")
        elif kind and depth >= self.sink.limits.max_depth:
            self._record_archive(local, rel, f"not opened: archives nested deeper than {self.sink.limits.max_depth}")
        elif kind:
            # A bundle's own top-level archive is not a folder level: its entries are the bundle.
            self._expand(local, rel, kind, depth + 1, prefix="" if top else rel)
            if not in_place:
                local.unlink(missing_ok=True)  # the contents are listed; the archive copy only costs disk
        else:
            self._record(local, rel, in_place)

    def _record(self, local: Path, rel: str, in_place: bool, stored_sha: str = "") -> BundleFile:
        if in_place:
            self.sink.claim_entry()
        item = BundleFile(rel, local, local.stat().st_size, sha256=stored_sha)
        if rel.lower().endswith(_ARCHIVE_SUFFIXES) and not archives.container_type(local):
            item.warnings.append("named like an archive but is not one (damaged or mislabelled)")
        self.bundle.files.append(item)
        self.progress(len(self.bundle.files), 0, f"listing {rel}")
        return item

    def _record_archive(self, local: Path, rel: str, warning: str) -> None:
        item = self._record(local, rel, in_place=True)
        item.kind = "archive"
        item.warnings.append(warning)

    def _expand(self, local: Path, rel: str, kind: str, depth: int, prefix: str) -> None:
        taken = 0
        try:
            for member in self._members(local, rel, kind):
                taken += self._take_member(member, rel, prefix, depth)
        except (Cancelled, BundleLimitReached):
            raise
        except _DAMAGE as exc:
            self.warn(f"{rel}: damaged after {taken} file(s) ({archives.describe_error(exc)}); "
                      "showing what could be read")

    def _members(self, local: Path, rel: str, kind: str) -> Iterable[archives.Member]:
        if kind == "zip":
            if not zipfile.is_zipfile(local):
                self.warn(f"{rel}: damaged zip (no central directory): files recovered from their local headers")
            return archives.iter_zip(local)
        if kind == "tar":
            return archives.iter_tar(local)
        if _stream_holds_tar(local, kind):
            return archives.iter_tar(local, compression=kind)
        return [archives.single_stream_member(local, rel, kind)]

    def _take_member(self, member: archives.Member, rel: str, prefix: str, depth: int) -> int:
        """Extract one member if it is safe; returns 1 when a file was taken."""
        if member.type == "stream":
            shown = member.name
        else:
            shown = f"{prefix}/{clean_name(member.name)}" if prefix else clean_name(member.name)
        reason = unsafe_reason(member.name) if member.type != "stream" else ""
        if reason:
            self.warn(f"refused {rel}: entry {member.name!r}: {reason}")
            return 0
        if member.type in ("dir",):
            return 0
        if member.type in ("symlink", "hardlink"):
            if link_escapes(os.path.dirname(clean_name(member.name)), member.link_target):
                self.warn(f"refused {shown}: {member.type} to {member.link_target} points outside the bundle")
            return 0
        if member.type not in ("file", "stream"):
            self.warn(f"refused {shown}: {member.type} entries are never extracted")
            return 0
        return self._store_member(member, shown, depth)

    def _store_member(self, member: archives.Member, shown: str, depth: int) -> int:
        self.sink.claim_entry()
        if member.encrypted:
            self.bundle.files.append(BundleFile(shown, None, 0, kind="encrypted", warnings=[ENCRYPTED]))
            return 1
        try:
            stored = self.sink.write_stream(member.chunks(), member.compressed_size, member.compressed_done)
        except EntryRefused as exc:
            self.warn(f"skipped {shown}: {exc}")
            return 0
        if archives.container_type(stored.local):
            self._add_file(stored.local, shown, depth, in_place=False)
            return 1
        item = self._record(stored.local, shown, in_place=False, stored_sha=stored.sha256)
        if not member.complete():
            item.warnings.append(f"cut short: only the first {stored.size:,} bytes could be read")
        return 1
