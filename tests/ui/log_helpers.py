"""A small bundle whose every line is known, and helpers to open it and read the log view."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from workbench.ui.main_window import MainWindow
from workbench.ui.widgets.log_view import LogView

from .helpers import make_zip

TIMEOUT_MS = 15_000
LEVEL_LETTER = {"debug": "D", "info": "I", "warning": "W", "error": "E", "fatal": "F"}
# (seconds after 09:15:00, level, thread, message) of logs/agorasdk.log (agora-native-4)
SDK = [
    (0, "info", 2231, "[AGS]: Agora SDK ver 4.3.0 build 10021"),
    (1, "info", 2207, 'RtcEngine::initialize(this:0x7a11c2d000, {"appId":"3f1c****8e05", "channelProfile":1})'),
    (2, "debug", 2231, "heartbeat seq=1"),
    (3, "info", 2207, "RtcEngine::joinChannel(channel=demo-room, uid=1001)"),
    (4, "warning", 2240, "network quality poor rtt=900 loss=12%"),
    (5, "debug", 2231, "heartbeat seq=2"),
    (6, "error", 2240, "onError err=110 (ERR_OPEN_CHANNEL_TIMEOUT) channel=demo-room"),
    (7, "info", 2231, "reconnecting to 203.0.113.7:4001"),
    (8, "debug", 2231, "heartbeat seq=3"),
    (9, "warning", 2240, "audio device restarted"),
    (10, "info", 2207, "onJoinChannelSuccess channel=demo-room uid=1001 elapsed=812"),
    (11, "fatal", 2240, "crash in libagora-rtc-sdk.so"),
]
# (seconds after 09:15:00, level letter, tag, message) of logcat.txt (logcat-threadtime: year and zone assumed)
LOGCAT = [
    (0.5, "I", "ActivityManager", "Start proc 1702:com.demo/u0a123"),
    (2.5, "W", "AudioTrack", "underrun, framesReady 0"),
    (4.5, "E", "AudioRecord", "start failed with status -38"),
    (6.5, "I", "ActivityManager", "Process com.demo has died"),
]


def sdk_line(seconds: float, level: str, thread: int, message: str) -> str:
    stamp = f"03/02/24 09:15:{int(seconds):02d}:{int(seconds * 1000) % 1000:03d}"
    return f"[{stamp}][{thread}][{LEVEL_LETTER[level]}]:{message}"


def logcat_line(seconds: float, letter: str, tag: str, message: str) -> str:
    return f"03-02 09:15:{int(seconds):02d}.{int(seconds * 1000) % 1000:03d}  1702  1820 {letter} {tag}: {message}"


SDK_LINES = [sdk_line(*row) for row in SDK]
LOGCAT_LINES = [logcat_line(*row) for row in LOGCAT]


def write_log_bundle(path: Path) -> Path:
    return make_zip(path, {
        "logs/agorasdk.log": ("\n".join(SDK_LINES) + "\n").encode(),
        "logcat.txt": ("\n".join(LOGCAT_LINES) + "\n").encode(),
        "note.txt": b"Customer says: no audio after joining.\n",
    })


def open_parsed(qtbot: QtBot, window: MainWindow, path: Path) -> LogView:
    """Open ``path`` and wait until its first log is shown in columns."""
    with qtbot.waitSignal(window.logs.logs_ready, timeout=TIMEOUT_MS):
        window.open_path(path)
    assert window.viewer.showing_log
    return window.viewer.log


def shown(view: LogView) -> list[tuple[str, int]]:
    """(path, 1-based line) of every row the view shows."""
    rows = view.rows
    assert rows is not None
    return [(path, line + 1) for path, line in (rows.locate(i) for i in range(len(rows)))]


def shown_lines(view: LogView) -> list[int]:
    return [line for _path, line in shown(view)]


def wait_filter(qtbot: QtBot, view: LogView, action: object) -> None:
    """Run ``action`` (which changes the filter) and wait for the filtered rows."""
    with qtbot.waitSignal(view.filter_finished, timeout=TIMEOUT_MS):
        action()  # type: ignore[operator]
