"""RTC-aware syntax highlighting of one log line: ``(start, length, token)`` spans for a delegate to paint.

It runs only on the rows a view shows, so it is plain Python ``re``: one scanner regex whose
alternatives are tried left to right at each position (the first that matches wins), with a small
handler per alternative that splits a match into spans (``uid=12345`` → key + uid). JSON payloads
(``{"channelId":"demo","uid":0}``) get a tokenizer of their own that stops where the JSON does.

Tokens: ``json`` (JSON punctuation), ``key``, ``value``, ``ip``, ``port``, ``uid``, ``channel``,
``error_code``, ``url``, ``string``, ``api``, ``number``, ``path``, ``level_word``. Spans come back
sorted, non-overlapping and inside ``text[:max_chars]``; no input makes :func:`highlight` raise.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

TOKENS = ("json", "key", "value", "ip", "port", "uid", "channel", "error_code", "url", "string", "api", "number",
          "path", "level_word")

UID_KEYS = frozenset({"uid", "userid", "user_id", "uidstr", "remoteuid", "remote_uid", "localuid", "local_uid",
                      "peeruid", "owneruid", "user"})
CHANNEL_KEYS = frozenset({"channel", "channelid", "channel_id", "channelname", "channel_name", "cname", "room",
                          "roomid", "room_id", "roomname", "room_name"})
ERROR_KEYS = frozenset({"err", "error", "errno", "errcode", "err_code", "error_code", "errorcode", "code", "reason",
                        "reasoncode", "reason_code", "ec", "status_code", "statuscode", "error code", "err code"})
# "joined channel demo" names a channel; "the channel is closed" does not.
_NOT_NAMES = frozenset({"a", "an", "the", "is", "was", "are", "to", "of", "in", "on", "for", "and", "or", "with",
                        "by", "from", "at", "as", "be", "not", "no", "state", "status", "because", "failed",
                        "success", "successfully", "info", "name", "id", "mode", "profile", "type", "has", "had",
                        "will", "when", "if", "null", "none", "nil", "closed", "open", "opened", "joined", "left",
                        "leave", "join", "count", "list"})

_NUM = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_HEX4 = r"[0-9A-Fa-f]{1,4}"
_ALTERNATIVES = (
    ("json", r"\{(?=\s*[\"}])|\[(?=\s*[\[{\"\]])"),
    ("url", r"(?i:(?:https?|wss?|rtmps?|rtsp|ftp|file)://[^\s\"'<>]+|(?<![\w.])(?:stuns?|turns?):[^\s\"'<>,;]+)"),
    ("qkey", r"\"(?P<qk>[^\"\\\n]{1,80})\"\s*:"),
    ("string", r"\"(?:[^\"\\\n]|\\.)*\"|(?<![\w'])'[^'\n]*'(?!\w)"),
    ("ip6b", r"\[(?P<ip6b_addr>[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\](?::(?P<ip6b_port>\d{1,5})\b)?"),
    ("ip4", rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w.]|\.\d)(?::(?P<ip4_port>\d{{1,5}})\b)?"),
    ("ip6", rf"(?<![\w:.])(?=[0-9A-Fa-f:.]*\d)(?=[0-9A-Fa-f:]*::|(?:{_HEX4}:){{7}}{_HEX4})"
            rf"(?:{_HEX4})?(?:::?{_HEX4}){{0,7}}(?:::)?(?:\.\d{{1,3}}){{0,3}}(?![\w:])"),
    ("errname", r"(?<![\w$])[A-Z0-9_]*ERR(?:OR)?_[A-Z0-9_]+\b"),
    ("path", r"(?<![\w$/.\-])(?:[\w\-.]+/)*[\w\-.]+\.(?:cc|cpp|cxx|c|h|hh|hpp|mm|m|java|kt|py|js|ts|swift|go|rs|dart"
             r"|cs|scala):\d+\b|(?<![\w/:.~])(?:~|\.{1,2})?/(?:[\w.\-@+]+/)+[\w.\-@+]*|\b[A-Za-z]:\\[^\s\"'<>|:*?]+"),
    ("apiname", r"(?i:\bapi(?:[ _]name)?)[ \t:=]+(?P<apiname_n>[A-Za-z_][\w$]*)"),
    ("cpp", r"(?<![\w$])[A-Za-z_][\w$]*(?:::~?[A-Za-z_][\w$]*)+"),
    ("java", r"(?<![\w$.])[A-Za-z_][\w$]*(?:\.(?:<\w+>|[A-Za-z_$][\w$]*))+#\d+"),
    ("call", r"(?<![\w$.])[A-Za-z_][\w$]*(?:\.(?:<\w+>|[A-Za-z_$][\w$]*))*(?=\()"),
    ("callback", r"(?<![\w$.])on[A-Z][\w$]*"),
    ("word", r"(?<![\w$.\-])(?P<word_k>(?i:uid|user(?:id)?|err(?:or)?(?:[ _]?code)?|errno|code|reason))[ \t]+"
             r"(?P<word_v>-?\d+)\b"),
    ("chan", r"(?<![\w$.\-])(?P<chan_k>(?i:channel(?:id|name)?|room(?:id|name)?))[ \t]+"
             r"(?P<chan_v>[\"']?\w[\w\-.@#]*[\"']?)"),
    ("level", r"(?<![\w$.\-])(?i:trace|debug|info|notice|warn(?:ing)?|error|fatal|critical|verbose)"
              r"(?![\w=\-]|:\S|:[ \t]*-?\d)"),
    ("kv", r"(?<![\w$.\-])(?P<kv_k>[A-Za-z_][\w.\-]*)(?:[ \t]*=[ \t]*|:(?=[^\s:])|(?P<kv_blank>:[ \t]+))"),
    ("number", r"(?<![\w.\-])(?:-(?=\d))?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)*)(?:ms|us|s|kbps|bps|fps|Hz|KB|MB|GB|%)?"
               r"(?![\w.])"),
)
_SCANNER = re.compile("|".join(f"(?P<{name}>{regex})" for name, regex in _ALTERNATIVES))
_KV_VALUE = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|[^\s,;(){}\[\]<>|&\"']+")
_JSON_VALUE = re.compile(rf"\s*(?:(?P<s>\"(?:[^\"\\\n]|\\.)*\")|(?P<n>{_NUM})|(?P<w>true|false|null)\b)")
_JSON_TOKEN = re.compile(rf"(?P<sp>\s+)|(?P<s>\"(?:[^\"\\\n]|\\.)*\")|(?P<n>{_NUM})|(?P<w>true|false|null)\b"
                         r"|(?P<p>[{}\[\]:,])")
_URL = re.compile(r"(?i:(?:https?|wss?|rtmps?|rtsp|ftp|file)://\S+|(?:stuns?|turns?):\S+)")
_IP_PORT = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}(?::(?P<port>\d{{1,5}}))?")
_INTEGER = re.compile(r"[\"']?-?\d+[\"']?")
_PLAIN_VALUE = re.compile(r"[-+]?\d|[\"']|[A-Z_]{2,}\b|(?:true|false|null)\b")
_URL_TAIL = ".,;:)]}'\""


@dataclass(frozen=True)
class Span:
    """``length`` characters from ``start`` of the text are painted as ``token``."""

    start: int
    length: int
    token: str


Found = tuple[list[Span], int]  # the spans of one scanner match and where scanning goes on


def highlight(text: str, max_chars: int = 2000) -> list[Span]:
    """Spans of ``text[:max_chars]``, sorted and non-overlapping (cosmetic: a failure gives fewer spans)."""
    if not isinstance(text, str) or max_chars <= 0:
        return []
    text = text[:max_chars]
    spans: list[Span] = []
    pos = 0
    try:
        while (found := _SCANNER.search(text, pos)) is not None:
            more, end = _HANDLERS[found.lastgroup or "number"](text, found)
            spans.extend(more)
            pos = max(end, found.start() + 1)
    except Exception:  # a broken colour must never break the view: keep the spans found so far
        pass
    return _clean(spans, len(text))


def _clean(spans: list[Span], size: int) -> list[Span]:
    """Belt and braces: drop empty, out-of-range or overlapping spans (handlers should make none)."""
    kept: list[Span] = []
    end = 0
    for span in spans:
        if span.length > 0 and span.start >= end and span.start + span.length <= size:
            kept.append(span)
            end = span.start + span.length
    return kept


def _whole(token: str) -> Callable[[str, re.Match[str]], Found]:
    def handle(_text: str, found: re.Match[str]) -> Found:
        return [Span(found.start(), found.end() - found.start(), token)], found.end()

    return handle


def _span(found: re.Match[str], group: str, token: str) -> list[Span]:
    start, end = found.span(group)
    return [Span(start, end - start, token)] if start >= 0 and end > start else []


def _special(key: str) -> str | None:
    """The token that the value of ``key`` gets when the key names a uid, a channel or an error code."""
    key = key.lower()
    if key in UID_KEYS:
        return "uid"
    if key in CHANNEL_KEYS:
        return "channel"
    if key in ERROR_KEYS:
        return "error_code"
    return None


def _value_token(key: str, value: str, default: str) -> str:
    """What a value is painted as, given its key: integers under an error key are error codes."""
    special = _special(key)
    if special == "error_code":
        return special if _INTEGER.fullmatch(value) else default
    if special == "uid" and not (value[:1].isdigit() or value[:1] in "\"'-"):
        return default
    return special or default


def _on_url(text: str, found: re.Match[str]) -> Found:
    end = found.end()
    while end > found.start() + 1 and text[end - 1] in _URL_TAIL:
        end -= 1
    return [Span(found.start(), end - found.start(), "url")], end


def _ip_with_port(start: int, end: int, port: tuple[int, int]) -> list[Span]:
    if port[0] < 0:
        return [Span(start, end - start, "ip")]
    return [Span(start, port[0] - 1 - start, "ip"), Span(port[0], port[1] - port[0], "port")]


def _on_ip4(_text: str, found: re.Match[str]) -> Found:
    return _ip_with_port(found.start(), found.end(), found.span("ip4_port")), found.end()


def _valid_ip6(address: str) -> bool:
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _on_ip6(_text: str, found: re.Match[str]) -> Found:
    if not _valid_ip6(found.group()):
        return [], found.end()
    return [Span(found.start(), found.end() - found.start(), "ip")], found.end()


def _on_ip6b(_text: str, found: re.Match[str]) -> Found:
    start, end = found.span("ip6b_addr")
    if not _valid_ip6(found.group("ip6b_addr")):
        return [], found.start() + 1
    spans = [Span(start, end - start, "ip")]
    return spans + _span(found, "ip6b_port", "port"), found.end()


def _on_apiname(_text: str, found: re.Match[str]) -> Found:
    return _span(found, "apiname_n", "api"), found.end()


def _on_word(_text: str, found: re.Match[str]) -> Found:
    """``uid 1234``, ``err 109``, ``reason 2``: a key word, blanks, and its number."""
    token = _special(found.group("word_k").replace("_", " ")) or "error_code"
    return _span(found, "word_k", "key") + _span(found, "word_v", token), found.end()


def _on_chan(_text: str, found: re.Match[str]) -> Found:
    """``joined channel demo-room``: a name after the word, unless the word is plain English."""
    if found.group("chan_v").strip("\"'").lower() in _NOT_NAMES:
        return [], found.start("chan_v")
    return _span(found, "chan_k", "key") + _span(found, "chan_v", "channel"), found.end()


def _kv_value(text: str, at: int, key: str) -> Found:
    """The value after ``key=`` at ``at``: an IP, a URL, a quoted string or a plain value."""
    value = _KV_VALUE.match(text, at)
    if value is None:
        return [], at
    end = value.end()
    word = value.group()
    if (url := _URL.fullmatch(word)) is not None:
        return [Span(at, url.end(), "url")], end
    if (address := _IP_PORT.fullmatch(word)) is not None and _special(key) is None:
        port = address.span("port")
        return _ip_with_port(at, end, (port[0] + at, port[1] + at) if port[0] >= 0 else port), end
    default = "string" if word[0] in "\"'" else "value"
    return [Span(at, end - at, _value_token(key, word, default))], end


def _on_kv(text: str, found: re.Match[str]) -> Found:
    """``key=value``, ``key:value``; ``key: value`` only where the value looks like one (not prose)."""
    key = found.group("kv_k")
    if found.group("kv_blank") and _special(key) is None and not _PLAIN_VALUE.match(text, found.end()):
        return [], found.end("kv_k")
    spans, end = _kv_value(text, found.end(), key)
    return _span(found, "kv_k", "key") + spans, max(end, found.end())


def _on_qkey(text: str, found: re.Match[str]) -> Found:
    """``"key": value`` outside a braced payload (pretty-printed JSON keeps one pair a line)."""
    key_end = found.end("qk") + 1
    spans = [Span(found.start(), key_end - found.start(), "key")]
    value = _JSON_VALUE.match(text, found.end())
    if value is None:
        return spans, found.end()
    spans.extend(_json_value_span(value, found.group("qk")))
    return spans, value.end()


def _json_value_span(value: re.Match[str], key: str) -> list[Span]:
    kind = value.lastgroup or "w"
    start, end = value.span(kind)
    default = {"s": "string", "n": "number", "w": "value"}[kind]
    token = _value_token(key, value.group(kind), default)
    if token == "string" and _URL.fullmatch(value.group(kind).strip('"')):
        token = "url"
    return [Span(start, end - start, token)]


def _on_json(text: str, found: re.Match[str]) -> Found:
    """A JSON payload from its opening bracket to its closing one (or to where it stops being JSON)."""
    spans: list[Span] = []
    pos, depth, key = found.start(), 0, ""
    while (token := _JSON_TOKEN.match(text, pos)) is not None:
        kind, start, pos = token.lastgroup, token.start(), token.end()
        if kind == "p":
            depth += 1 if token.group() in "{[" else -1 if token.group() in "}]" else 0
            _add_punct(spans, start)
        elif kind == "s" and _JSON_KEY_AFTER.match(text, pos):
            key = token.group()[1:-1]
            spans.append(Span(start, pos - start, "key"))
        elif kind != "sp":
            spans.extend(_json_value_span(token, key))
            key = ""
        if depth <= 0:
            break
    return spans, pos


_JSON_KEY_AFTER = re.compile(r"\s*:")


def _add_punct(spans: list[Span], start: int) -> None:
    """Adjacent punctuation (``"},{"``) is one ``json`` span, not four."""
    if spans and spans[-1].token == "json" and spans[-1].start + spans[-1].length == start:
        spans[-1] = Span(spans[-1].start, spans[-1].length + 1, "json")
    else:
        spans.append(Span(start, 1, "json"))


_HANDLERS: dict[str, Callable[[str, re.Match[str]], Found]] = {
    "json": _on_json, "url": _on_url, "qkey": _on_qkey, "string": _whole("string"), "ip6b": _on_ip6b,
    "ip4": _on_ip4, "ip6": _on_ip6, "errname": _whole("error_code"), "path": _whole("path"),
    "apiname": _on_apiname, "cpp": _whole("api"), "java": _whole("api"), "call": _whole("api"),
    "callback": _whole("api"), "word": _on_word, "chan": _on_chan, "level": _whole("level_word"), "kv": _on_kv,
    "number": _whole("number"),
}
