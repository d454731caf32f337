"""Encoding and binary detection from the first bytes of a file.

Order (design §5): BOM → UTF-8/UTF-16; BOM-less UTF-16 by its zero-byte pattern; valid UTF-8;
GB18030 if it decodes cleanly (Chinese SDK logs and Windows exports); else UTF-8 with replacement and
a warning. Binary files (NUL or control-byte density) are listed, not parsed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that never appear in text logs: C0 controls other than TAB, LF, VT, FF, CR and ESC (ANSI colours).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


@dataclass(frozen=True)
class EncodingGuess:
    """What a file's bytes are, as a Python codec name plus how sure we are."""

    codec: str  # a Python codec name: utf-8, utf-16-le, utf-16-be, gb18030
    bom_length: int = 0
    lossy: bool = False  # some bytes are invalid in ``codec``: they show as U+FFFD
    label: str = ""  # what the manifest shows, e.g. "UTF-8 (BOM)", "GB18030"

    @property
    def byte_compatible(self) -> bool:
        """True when LF/CR bytes are line ends as-is (not true for UTF-16)."""
        return not self.codec.startswith("utf-16")


def _strip_partial_tail(sample: bytes, codec: str) -> bytes:
    """Drop a multi-byte character cut by the sample boundary so it does not look invalid."""
    for cut in range(0, 4):
        try:
            (sample[: len(sample) - cut] if cut else sample).decode(codec)
            return sample[: len(sample) - cut] if cut else sample
        except UnicodeDecodeError:
            continue
    return sample


def _decodes(sample: bytes, codec: str, complete: bool) -> bool:
    data = sample if complete else _strip_partial_tail(sample, codec)
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(sample: bytes) -> str | None:
    """ASCII-heavy UTF-16 has zeros in every other byte; which half tells the byte order."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zero = even.count(0) / len(even)
    odd_zero = odd.count(0) / len(odd)
    if odd_zero > 0.6 and even_zero < 0.1:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.1:
        return "utf-16-be"
    return None


def detect_encoding(sample: bytes, *, complete: bool = False) -> EncodingGuess:
    """Guess the encoding of ``sample`` (the head of a file; ``complete`` if it is the whole file)."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            name = {"utf-8": "UTF-8 (BOM)", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}[codec]
            return EncodingGuess(codec, len(bom), label=name)
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return EncodingGuess(utf16, 0, label=utf16.replace("utf-16-", "UTF-16 ").upper() + " (no BOM)")
    if _decodes(sample, "utf-8", complete):
        return EncodingGuess("utf-8", label="ASCII" if sample.isascii() else "UTF-8")
    if _decodes(sample, "gb18030", complete):
        return EncodingGuess("gb18030", label="GB18030")
    return EncodingGuess("utf-8", lossy=True, label="UTF-8 (invalid bytes replaced)")


def looks_binary(sample: bytes) -> bool:
    """True for data that is not text: a high share of NUL or control bytes.

    A few NULs are tolerated: real SDK logs carry the odd NUL from a C string written one byte too
    far (corpus agora-native-2017 has 14 in 47 KB).
    """
    if not sample or _utf16_without_bom(sample) or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    nul_share = sample.count(0) / len(sample)
    control_share = (len(sample) - len(sample.translate(None, _CONTROL))) / len(sample)
    return nul_share > 0.01 or control_share > 0.05
