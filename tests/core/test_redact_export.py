"""Redaction of what customers would not share, and export of rows as text, CSV and JSON lines."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.logs.export import COLUMNS, ExportRow, export_rows
from workbench.core.progress import CancelToken
from workbench.core.redact import redact

APP_ID = "0123456789abcdef0123456789abcdef"
AGORA_TOKEN = "007eJxTYJD4cqDvQ2ZyOlbW5qbmhnqGhkZGxkaWtqaGhpZmpuaWxkbAgADXnwlP"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"


@pytest.mark.parametrize(("raw", "shown", "hidden"), [
    ("connect to 203.0.113.7:4001 failed", "203.x.x.x:4001", "203.0.113.7"),
    ("local 10.0.0.12 remote 192.168.1.5", "10.x.x.x", "192.168.1.5"),
    ("peer 2001:db8::42 and [fe80::1ff:fe23:4567:890a]:3478", "2001:x:x:x:x:x:x:x", "db8::42"),
    ("user john.doe+rtc@example.com logged in", "j***@example.com", "john.doe"),
    (f"joinChannel(token:{AGORA_TOKEN}, channel:demo)", "007e***", AGORA_TOKEN[8:]),
    (f"Authorization: Bearer {JWT}", "Bearer eyJ***", JWT[:20]),
    ("Authorization: Bearer abcdefgh12345678", "Bearer ***", "abcdefgh"),
    (f"jwt {JWT} end", "eyJ***", JWT[10:]),
    ('{"token":"abc.def-123","channelId":"demo"}', '"token":"***"', "abc.def-123"),
    ("turn credential: s3cr3t! username=bob", "credential: ***", "s3cr3t"),
    ("password=hunter2&appCertificate='x y z'", "password=***", "hunter2"),
    (f"appId={APP_ID}", "appId=012***def", APP_ID),
    ("call +86 138 1234 5678 or 13812345678", "+86***78", "1234 5678"),
])
def test_redact_masks_what_a_customer_would_not_share(raw: str, shown: str, hidden: str) -> None:
    masked = redact(raw)
    assert shown in masked
    assert hidden not in masked
    assert redact(masked) == masked


def test_redact_keeps_what_support_needs() -> None:
    line = ("[12/12/23 14:02:06:837][33043][E]: RtcEngine::joinChannel failed err=17 uid=12345 channel demo "
            "at 14:02:06.933 rtt=120ms [::]:5222 ::1 +0800")
    assert redact(line) == line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789abcdef.:@+-_ =\"'tokenpasswrd{}x \n")), max_size=200))
def test_redact_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


ROWS: list[ExportRow] = [
    ("logs/agorasdk.log", 10, "2024-03-02T09:00:01.123", "error", "2100", "AGS",
     'join failed, err=17 "quoted", 203.0.113.7', '[03/02/24 09:00:01:123][2100][E]:[AGS]: join failed, err=17 '
     '"quoted", 203.0.113.7'),
    ("logs/agoraapi.log", 3, None, None, None, None, "no time\nsecond line 频道", "no time\nsecond line 频道"),
]


def test_text_export_writes_the_raw_lines() -> None:
    out = io.StringIO()
    assert export_rows(ROWS, "text", out) == 2
    assert out.getvalue() == ROWS[0][7] + "\n" + ROWS[1][7] + "\n"


def test_csv_export_quotes_properly_and_reads_back() -> None:
    out = io.StringIO()
    assert export_rows(ROWS, "csv", out) == 2
    records = list(csv.reader(io.StringIO(out.getvalue())))
    assert records[0] == list(COLUMNS) == ["file", "line", "time", "level", "thread", "tag", "message"]
    assert records[1] == ["logs/agorasdk.log", "10", "2024-03-02T09:00:01.123", "error", "2100", "AGS", ROWS[0][6]]
    assert records[2] == ["logs/agoraapi.log", "3", "", "", "", "", "no time\nsecond line 频道"]


def test_jsonl_export_has_one_object_per_row() -> None:
    out = io.StringIO()
    assert export_rows(ROWS, "jsonl", out) == 2
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert objects[0] == {"file": "logs/agorasdk.log", "line": 10, "time": "2024-03-02T09:00:01.123",
                          "level": "error", "thread": "2100", "tag": "AGS", "message": ROWS[0][6]}
    assert objects[1]["time"] is None and objects[1]["message"] == "no time\nsecond line 频道"


def test_redacted_export_masks_messages_and_lines() -> None:
    for fmt in ("text", "csv", "jsonl"):
        out = io.StringIO()
        export_rows(iter(ROWS), fmt, out, redacted=True)
        assert "203.0.113.7" not in out.getvalue()
        assert "203.x.x.x" in out.getvalue()


def test_export_rejects_unknown_formats_and_stops_when_cancelled() -> None:
    with pytest.raises(WorkbenchError, match="unknown export format"):
        export_rows(ROWS, "xml", io.StringIO())  # type: ignore[arg-type]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_rows(ROWS, "text", io.StringIO(), cancel=token)
    assert export_rows([], "csv", out := io.StringIO()) == 0
    assert out.getvalue() == ",".join(COLUMNS) + "\n"
