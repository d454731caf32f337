"""Text layer: encoding and binary detection, line endings, and the line index over mmap."""

from workbench.core.text.encoding import EncodingGuess, detect_encoding, looks_binary
from workbench.core.text.line_index import DISPLAY_CHARS, LONG_LINE_BYTES, LineIndex
from workbench.core.text.opener import TextInfo, open_text, sniff_text

__all__ = [
    "DISPLAY_CHARS",
    "LONG_LINE_BYTES",
    "EncodingGuess",
    "LineIndex",
    "TextInfo",
    "detect_encoding",
    "looks_binary",
    "open_text",
    "sniff_text",
]
