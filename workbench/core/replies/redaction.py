"""Redaction of a draft before it leaves the app, with a list of what was masked for a preview.

The masking itself is ``workbench.core.redact.redact`` (tokens, app ids, IPs, phones, e-mails); this
module adds user ids (masked unless the case keeps them) and finds what changed by diffing the text
before and after, so the preview never depends on how ``redact`` works inside.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from workbench.core.errors import WorkbenchError

MASK = "***"
# Tokens for the diff: runs of word characters with the punctuation addresses and tokens contain,
# so "47.74.161.20" or "li@example.com" is one token and ":4001" stays apart from the address.
_TOKENS = re.compile(r"\s+|[\w.@+\-/*~]+|.", re.UNICODE)
# `uid 12345`, `"uid":12345`, `user_id=abc42`: the value of a field named as a user id (with a digit in
# it, so "user id mapping" keeps its words).
_LABELLED_UID = re.compile(r"(?i)\b(?P<key>uid|user[_ ]?id)(?P<sep>[\"']?\s*[:=]?\s*[\"']?)"
                           r"(?P<value>(?=[A-Za-z_\-]*\d)[A-Za-z0-9_\-]{1,64})")
_MIN_BARE_UID = 4  # shorter known uids are masked only where labelled: "1" would hit every digit

Redaction = tuple[str, str]  # (kind, masked preview of the original)


def _core_redact(text: str) -> str:
    try:
        from workbench.core.redact import redact
    except ImportError as exc:  # never let a draft out unmasked because a module is missing
        raise WorkbenchError("redaction is not available in this build", f"{exc}; nothing was exported") from None
    return redact(text)


def known_user_ids(text: str, extra: Iterable[str] = ()) -> set[str]:
    """User ids named in ``text`` (``uid 12345``) plus ``extra`` (e.g. the bundle's uid)."""
    found = {m["value"] for m in _LABELLED_UID.finditer(text)}
    return found | {str(u).strip() for u in extra if str(u).strip()}


def mask_user_ids(text: str, user_ids: set[str]) -> str:
    """``text`` with labelled user ids and bare occurrences of known (long enough) ones masked."""
    text = _LABELLED_UID.sub(lambda m: f"{m['key']}{m['sep']}{MASK}", text)
    for uid in sorted(u for u in user_ids if len(u) >= _MIN_BARE_UID):
        text = re.sub(rf"(?<![\w.]){re.escape(uid)}(?![\w])", MASK, text)
    return text


def classify(original: str, user_ids: set[str]) -> str:
    """What kind of thing a masked span was, for the preview list."""
    value = original.strip().strip("\"'")
    if value in user_ids:
        return "user_id"
    if re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", value):
        return "email"
    if re.fullmatch(r"(?:\d{1,3}\.){3}\d{1,3}", value) or re.fullmatch(r"[0-9A-Fa-f:]*::?[0-9A-Fa-f:.]+", value):
        return "ip"
    if re.fullmatch(r"[0-9a-fA-F]{32}", value):
        return "app_id"
    if re.fullmatch(r"\+?[\d ()\-]{7,}", value):
        return "phone"
    if re.match(r"00[67]\w|eyJ", value) or len(value) >= 16:
        return "token"
    return "secret"


def masked_preview(original: str) -> str:
    """Enough of the original to recognise it, never enough to leak it (≤ a third is shown)."""
    value = original.strip()
    if len(value) <= 6:
        return value[:1] + MASK
    keep = max(1, len(value) // 6)
    return f"{value[:keep]}{MASK}{value[-keep:]}"


def redact_draft(text: str, *, keep_user_ids: bool = False, user_ids: Iterable[str] = ()
                 ) -> tuple[str, list[Redaction]]:
    """``text`` masked for sending, and the list of (kind, masked preview) of what was masked.

    ``keep_user_ids`` (a per-case override) leaves user ids readable even where ``redact`` would
    have taken them for something else (a long numeric uid looks like a phone number).
    """
    uids = known_user_ids(text, user_ids)
    masked = _core_redact(text if keep_user_ids else mask_user_ids(text, uids))
    before, after = _TOKENS.findall(text), _TOKENS.findall(masked)
    out: list[str] = []
    found: list[Redaction] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        original = "".join(before[i1:i2])
        if op == "equal" or not original.strip():
            out.extend(after[j1:j2])
            continue
        kind = classify(original, uids)
        if keep_user_ids and kind == "user_id":
            out.append(original)
            continue
        out.extend(after[j1:j2])
        item = (kind, masked_preview(original))
        if item not in found:
            found.append(item)
    return "".join(out), found
