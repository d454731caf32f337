"""Member names from archives: decode them sensibly and refuse the dangerous ones.

Extracted bytes never land at a path built from a member name (files are stored under numbered
names in the private work folder), so a hostile name cannot escape; these checks exist to tell the
engineer what was refused and why.
"""

from __future__ import annotations

import re
import unicodedata

_DRIVE = re.compile(r"^[A-Za-z]:")


def decode_zip_name(name: str, utf8_flag: bool) -> str:
    """Recover names that zipfile decoded as CP437 because the UTF-8 flag was missing.

    Windows zip tools in China write GBK names without the flag, macOS and 7-Zip write UTF-8 without
    it; genuine CP437 (DOS) names are rarer than both.
    """
    if utf8_flag or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for codec in ("utf-8", "gbk"):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _reads_as_chinese(raw, decoded):
            return decoded
    return name


def _reads_as_chinese(raw: bytes, text: str) -> bool:
    """GBK decodes almost any byte pair; accept it only when the result reads as Chinese.

    Common Chinese (the GB2312 range) uses two bytes >= 0xA1, so no ASCII byte is swallowed as a
    trail byte: 'M\\x81ller' (CP437 'Müller') fails this, '日志' passes.
    """
    wide = [c for c in text if not c.isascii()]
    cjk = [c for c in wide if "CJK" in unicodedata.name(c, "") or unicodedata.east_asian_width(c) in "WF"]
    ascii_kept = sum(1 for c in text if c.isascii()) == sum(1 for b in raw if b < 0x80)
    return bool(wide) and len(cjk) == len(wide) and ascii_kept


def unsafe_reason(name: str) -> str:
    """Why ``name`` must not be extracted, or "" when it is safe."""
    if not name or "\x00" in name:
        return "empty or NUL in name"
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE.match(normal):
        return "absolute path"
    if ".." in normal.split("/"):
        return "path traversal (..)"
    return ""


def clean_name(name: str) -> str:
    """The "/"-separated path shown to the user: no "./", no empty parts, no trailing slash."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


def link_escapes(member_dir: str, target: str) -> bool:
    """True when a link stored in ``member_dir`` pointing at ``target`` leaves the bundle."""
    if target.startswith("/") or _DRIVE.match(target):
        return True
    depth = 0
    for part in [p for p in member_dir.split("/") if p] + target.replace("\\", "/").split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False
