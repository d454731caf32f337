"""Cheap evidence locations: the 1-based line where a JSON fragment first appears, scanning forward.

The JSON parser gives no positions, but webrtc-internals writes keys and update-log items in the
same order ``json.loads`` returns them, so one forward ``str.find`` per item (and a newline count
over the skipped span) finds every line in one pass over the text.
"""

from __future__ import annotations

import json


def json_string(text: str) -> str:
    """``text`` as it appears quoted in a Chrome JSON dump (UTF-8 kept, no ``\\/`` escapes)."""
    return json.dumps(text, ensure_ascii=False)


class LineFinder:
    """A forward cursor over ``text``: :meth:`seek` returns the line of the next match and stays there."""

    def __init__(self, text: str, pos: int = 0, line: int = 1) -> None:
        self.text = text
        self.pos = pos
        self.line = line
        # Chrome indents with one space after ": "; rtcstats/compact writers do not.
        self.spaced = '": ' in text[:4096]

    def branch(self) -> LineFinder:
        """An independent cursor starting where this one is."""
        clone = LineFinder.__new__(LineFinder)
        clone.text, clone.pos, clone.line, clone.spaced = self.text, self.pos, self.line, self.spaced
        return clone

    def seek(self, needle: str, limit: int = -1) -> int | None:
        """Line of the next ``needle`` at or after the cursor (and before ``limit``); None if absent."""
        end = len(self.text) if limit < 0 else limit
        found = self.text.find(needle, self.pos, end)
        if found < 0:
            return None
        self.line += self.text.count("\n", self.pos, found)
        self.pos = found + 1  # past the match's first character: the next seek finds the next one
        if self.text[found] == "\n":
            self.line += 1
        return self.line

    def seek_key(self, key: str, limit: int = -1) -> int | None:
        """Line of the next ``"key":``."""
        return self.seek(json_string(key) + ":", limit)

    def seek_member(self, key: str, value: str, limit: int = -1) -> int | None:
        """Line of the next ``"key": "value"`` member (string value)."""
        sep = ": " if self.spaced else ":"
        return self.seek(f"{json_string(key)}{sep}{json_string(value)}", limit)


def line_of(text: str, needle: str) -> int | None:
    """Line of the first ``needle`` in ``text``."""
    found = text.find(needle)
    return None if found < 0 else text.count("\n", 0, found) + 1
