"""Mask what a customer would not want passed on: addresses, accounts, secrets, app ids, phone numbers.

Used when log lines leave the workbench (copy, export, the reply). What stays is what support needs
to read the line: the first octet of an IP (``10.x.x.x`` is private, ``203.x.x.x`` is not), the
port, the mail domain, the first and last characters of an app id. :func:`redact` is idempotent:
masked text has nothing left that matches again.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

MASK = "***"

# `"token":"…"`, `password=…`, `credential: …`: the key stays, the value goes.
_SECRET_VALUE = re.compile(
    r"(?i)(?P<key>\b[A-Za-z_]*?(?:token|credential|password|passwd|pwd|secret|certificate|signature)\b)"
    r"(?P<sep>[\"']?[ \t]*[:=][ \t]*)(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\"'\s,;&})\]]+)")
_BEARER = re.compile(r"(?i)\b(?P<kind>Bearer|Basic)[ \t]+(?P<value>[\w\-.~+/=]{8,})")
_AGORA_TOKEN = re.compile(r"\b(?P<head>00[67][A-Za-z0-9])[A-Za-z0-9+/=]{20,}")
_JWT = re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*")
_EMAIL = re.compile(r"(?<![\w.+-])(?P<local>[\w.+-]+)@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_APP_ID = re.compile(r"\b[0-9a-fA-F]{32}\b")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?P<rest>(?:\.{_OCTET}){{3}})(?![\w]|\.\d)")
_HEX4 = r"[0-9A-Fa-f]{1,4}"
_IPV6 = re.compile(rf"(?<![\w:.])(?=[0-9A-Fa-f:]*::|(?:{_HEX4}:){{7}}{_HEX4})"
                   rf"(?:{_HEX4})?(?:::?{_HEX4}){{0,7}}(?:::)?(?:\.\d{{1,3}}){{0,3}}(?![\w:])")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ \-]?(?:\(\d{1,4}\)[ \-]?)?\d{2,4}(?:[ \-]?\d{2,4}){1,4}"
                    r"|1[3-9]\d{9})(?![\w])")


def _secret(found: re.Match[str]) -> str:
    value = found["value"]
    if MASK in value:  # already masked (an Agora token keeps its "007e" kind): leave it
        return found.group()
    quote = value[0] if value[0] in "\"'" else ""
    return f"{found['key']}{found['sep']}{quote}{MASK}{quote}"


def _bearer(found: re.Match[str]) -> str:
    return f"{found['kind']} {MASK}"


def _agora_token(found: re.Match[str]) -> str:
    return found["head"] + MASK


def _email(found: re.Match[str]) -> str:
    return f"{found['local'][0]}{MASK}@{found['domain']}"


def _app_id(found: re.Match[str]) -> str:
    text = found.group()
    return f"{text[:3]}{MASK}{text[-3:]}"


def _ipv4(found: re.Match[str]) -> str:
    text = found.group()
    return text[: len(text) - len(found["rest"])] + ".x.x.x"


def _ipv6(found: re.Match[str]) -> str:
    text = found.group()
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return text  # a C++ scope or a clock reading, not an address
    if address.is_loopback or address.is_unspecified:
        return text
    return address.exploded.split(":")[0].lstrip("0").lower().rjust(1, "0") + ":x:x:x:x:x:x:x"


def _phone(found: re.Match[str]) -> str:
    text = found.group()
    return f"{text[:3]}{MASK}{text[-2:]}"


# Order matters: secrets first (a token may hold digit runs that look like a phone or an app id);
# typed tokens before key=value secrets, so a masked token still says what kind it was.
_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_AGORA_TOKEN, _agora_token),
    (_JWT, lambda _found: "eyJ" + MASK),
    (_SECRET_VALUE, _secret),
    (_BEARER, _bearer),
    (_EMAIL, _email),
    (_APP_ID, _app_id),
    (_IPV6, _ipv6),
    (_IPV4, _ipv4),
    (_PHONE, _phone),
)


def redact(text: str) -> str:
    """``text`` with IPs, e-mail addresses, tokens and secrets, app ids and phone numbers masked."""
    for pattern, replace in _RULES:
        text = pattern.sub(replace, text)
    return text
