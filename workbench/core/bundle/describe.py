"""Second pass over an extracted bundle: checksum, kind, encoding, line count and facts per file."""

from __future__ import annotations

import hashlib

from workbench.core.bundle import envinfo
from workbench.core.bundle.kinds import classify_text, is_image, is_stats_dump
from workbench.core.bundle.model import Bundle, BundleFile, Fact
from workbench.core.logs.sniff import sniff_index
from workbench.core.logs.xlog import decode_xlog, is_xlog
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress, scaled
from workbench.core.text import LineIndex, open_text, sniff_text

_HEAD_BYTES = 64 * 1024
# Device-info files are the customer's own statement; notes come next; log heads fill the gaps.
_FACT_PRIORITY = {"device_info": 0, "note": 1, "stats": 2, "log": 3}


def describe_files(bundle: Bundle, *, quick: bool = False, progress: ProgressFn = null_progress,
                   cancel: CancelToken = NEVER) -> None:
    """Fill kind, text info, line count and warnings of every file, and the bundle's environment.

    ``quick`` skips what a one-shot query does not need (checksums, line counts, formats).
    """
    items = [f for f in bundle.files if f.local is not None]
    total = sum(f.size for f in items) or 1
    done = 0
    found: list[tuple[int, dict[str, Fact]]] = []
    for item in items:
        cancel.raise_if_cancelled()
        part = scaled(progress, done, item.size, total)
        _describe_one(bundle, item, part, cancel, quick)
        facts = _facts(item)
        if facts:
            found.append((_FACT_PRIORITY.get(item.kind, 9), facts))
        done += item.size
        progress(done, total, f"read {item.path}")
    for _priority, facts in sorted(found, key=lambda pair: pair[0]):
        for name, fact in facts.items():
            bundle.environment.setdefault(name, fact)


def _describe_one(bundle: Bundle, item: BundleFile, progress: ProgressFn, cancel: CancelToken, quick: bool) -> None:
    with open(item.local, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not item.sha256 and not quick:
        item.sha256 = _sha256(item, cancel)
    if item.kind == "archive":
        return
    if is_image(head):
        item.kind = "screenshot"
        return
    if is_xlog(head):
        _decode_xlog(bundle, item, progress, cancel)
    item.text = sniff_text(item.local)
    if item.text.binary:
        item.kind = "binary"
        if item.path.lower().endswith((".log", ".txt", ".xlog")):
            item.warnings.append("not readable text (encrypted or compressed by the SDK?): "
                                 "ask the customer for the plain-text log or the SDK's decoding key")
        return
    item.warnings.extend(item.text.warnings)
    if quick:
        text = head[item.text.encoding.bom_length :].decode(item.text.encoding.codec, errors="replace")
        item.kind = "stats" if is_stats_dump(head) else classify_text(item.path, text)
        return
    index = open_text(item.local, item.text, bundle.workdir / "utf8", progress=progress, cancel=cancel)
    with index:
        item.lines = len(index)
        item.kind = "stats" if is_stats_dump(head) else classify_text(item.path, _head_text(index))
        item.format = _format_of(item, head, index)
        _note_long_lines(item, index)


def _decode_xlog(bundle: Bundle, item: BundleFile, progress: ProgressFn, cancel: CancelToken) -> None:
    """A Mars/TRTC .xlog is listed as the text it decodes to, with what was lost said in warnings."""
    folder = bundle.workdir / "xlog"
    folder.mkdir(parents=True, exist_ok=True)
    decoded = folder / f"{len(list(folder.iterdir())):06d}.log"
    report = decode_xlog(item.local, decoded, progress=progress, cancel=cancel)
    item.local = decoded
    item.warnings.append(f"decoded from Mars xlog: {report.decoded_blocks:,} of {report.blocks:,} blocks")
    item.warnings.extend(report.messages())


def _sha256(item: BundleFile, cancel: CancelToken) -> str:
    digest = hashlib.sha256()
    with open(item.local, "rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            cancel.raise_if_cancelled()
            digest.update(chunk)
    return digest.hexdigest()


def _head_text(index: LineIndex, lines: int = 200) -> str:
    return "\n".join(index.text(row, limit=4096) for row in range(min(lines, len(index))))


def _format_of(item: BundleFile, head: bytes, index: LineIndex) -> str:
    """Stats dumps by their shape, logs by sniffing their first lines; other kinds have no format."""
    if item.kind == "stats":
        return "rtcstats" if b"RTCStatsDump" in head[:64] or head.lstrip().startswith(b"[") else "webrtc-internals"
    return sniff_index(index) if item.kind == "log" else ""


def _note_long_lines(item: BundleFile, index: LineIndex) -> None:
    lengths = (index.starts[1:] - index.starts[:-1]) if len(index) > 1 else None
    longest = int(lengths.max()) if lengths is not None else index.size
    longest = max(longest, index.size - int(index.starts[-1])) if len(index) else 0
    if longest > 1024 * 1024:
        item.warnings.append(f"has a line of {longest / 1024 / 1024:,.1f} MB: shown cut, kept whole")


def _facts(item: BundleFile) -> dict[str, Fact]:
    if not item.is_text or item.kind not in _FACT_PRIORITY:
        return {}
    with open(item.local, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    encoding = item.text.encoding
    text = head[encoding.bom_length :].decode(encoding.codec, errors="replace")
    if item.kind == "device_info":
        return envinfo.facts_from_info(item.path, text)
    if item.kind == "note":
        return envinfo.facts_from_note(item.path, text)
    return envinfo.facts_from_log_head(item.path, text)
