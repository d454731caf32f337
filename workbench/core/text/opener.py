"""Open any text file for indexing: sniff encoding, binary-ness and line endings first.

UTF-16 files are transcoded once to UTF-8 in the caller's work folder, because a byte-level
newline scan does not work on two-byte units; line numbers stay the same.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.text.encoding import EncodingGuess, detect_encoding, looks_binary
from workbench.core.text.line_index import CHUNK_BYTES, LineIndex

SNIFF_BYTES = 256 * 1024


@dataclass
class TextInfo:
    """What the head of a file says about it."""

    binary: bool
    encoding: EncodingGuess | None
    line_ending: str = ""  # "LF", "CRLF", "CR", "mixed" or "" (no line end seen)
    warnings: list[str] = field(default_factory=list)

    @property
    def separator(self) -> bytes:
        return b"\r" if self.line_ending == "CR" else b"\n"


def _line_ending(sample: str) -> str:
    crlf = sample.count("\r\n")
    lf = sample.count("\n") - crlf
    cr = sample.count("\r") - crlf
    if cr and (lf or crlf):
        return "mixed"  # lone CRs next to LFs: those CR-separated lines will not be split
    if cr:
        return "CR"
    if crlf or lf:
        return "CRLF" if crlf >= lf else "LF"  # CRLF files with a few LF lines are common and harmless
    return ""


def sniff_text(path: Path) -> TextInfo:
    """Look at the first 256 KB of ``path``."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if looks_binary(sample):
        return TextInfo(binary=True, encoding=None)
    guess = detect_encoding(sample, complete=size <= SNIFF_BYTES)
    decoded = sample[guess.bom_length :].decode(guess.codec, errors="replace")
    info = TextInfo(binary=False, encoding=guess, line_ending=_line_ending(decoded))
    if guess.lossy:
        info.warnings.append("not valid UTF-8 or GB18030: undecodable bytes are shown as �")
    if info.line_ending == "mixed":
        info.warnings.append("mixed line endings: lines ended by a lone CR are shown joined")
    return info


def _transcode_to_utf8(source: Path, target: Path, guess: EncodingGuess, cancel: CancelToken) -> None:
    decoder = codecs.getincrementaldecoder(guess.codec)(errors="replace")
    with open(source, "rb") as src, open(target, "wb") as dst:
        src.seek(guess.bom_length)
        while chunk := src.read(CHUNK_BYTES // 4):
            cancel.raise_if_cancelled()
            dst.write(decoder.decode(chunk).encode("utf-8"))
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))


def open_text(path: Path, info: TextInfo, workdir: Path, *, progress: ProgressFn = null_progress,
              cancel: CancelToken = NEVER) -> LineIndex:
    """Build the LineIndex of a text file described by ``info`` (from :func:`sniff_text`)."""
    guess = info.encoding or detect_encoding(b"")
    if guess.byte_compatible:
        codec = "utf-8-sig" if guess.codec == "utf-8" and guess.bom_length else guess.codec
        return LineIndex.build(path, codec=codec, separator=info.separator,
                               progress=progress, cancel=cancel)
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / f"{path.name}.{abs(hash(str(path)))}.utf8"
    _transcode_to_utf8(path, target, guess, cancel)
    index = LineIndex.build(target, codec="utf-8", separator=info.separator, progress=progress, cancel=cancel)
    index.path = path  # report the original file; the transcoded copy is an implementation detail
    return index
