"""`workbench filter` as a user runs it: counts, merged output, overrides, clean errors."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PHONE = ("[03/02/24 17:00:00:000][1][I]:phone joined channel demo\n"
         "[03/02/24 17:00:02:000][1][E]:phone audio device error\n")
SERVER = ("2024-03-02 09:00:01.000 INFO: [7] Conference.join#12: participant joined\n"
          "2024-03-02 09:00:03.000 WARNING: [7] Transport.ice#88: ICE failed for endpoint 12345\n"
          "java.io.IOException: timeout\n"
          "\tat org.jitsi.Transport.ice(Transport.java:88)\n")


def run_cli(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, WORKBENCH_HOME=str(tmp / "home"))
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120, check=False)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "case.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("phone/agorasdk.log", PHONE)
        archive.writestr("server/jvb.log", SERVER)
    return path


def test_merged_output_in_time_order_with_tz_override(bundle: Path, tmp_path: Path) -> None:
    plain = run_cli("filter", str(bundle), tmp=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines()[0].startswith("server/jvb.log:1: ")  # 09:00 before 17:00 as written
    shifted = run_cli("filter", str(bundle), "--tz", "agorasdk.log=+08:00", tmp=tmp_path)
    order = [line.split(": ", 1)[0] for line in shifted.stdout.splitlines()]
    assert order == ["phone/agorasdk.log:1", "server/jvb.log:1", "phone/agorasdk.log:2", "server/jvb.log:2",
                     "server/jvb.log:3", "server/jvb.log:4"]


def test_level_filter_keeps_stack_traces_with_their_record(bundle: Path, tmp_path: Path) -> None:
    result = run_cli("filter", str(bundle), "--level", "warning", tmp=tmp_path)
    lines = [line.split(": ", 1)[0] for line in result.stdout.splitlines()]
    assert lines == ["server/jvb.log:2", "server/jvb.log:3", "server/jvb.log:4", "phone/agorasdk.log:2"]


def test_count_match_exclude_and_file_glob(bundle: Path, tmp_path: Path) -> None:
    assert run_cli("filter", str(bundle), "--match", "joined", "--count", tmp=tmp_path).stdout.strip() == "2"
    assert run_cli("filter", str(bundle), "--match", "joined", "--exclude", "phone", "--count",
                   tmp=tmp_path).stdout.strip() == "1"
    assert run_cli("filter", str(bundle), "--file", "server/*", "--count", tmp=tmp_path).stdout.strip() == "4"
    since = run_cli("filter", str(bundle), "--since", "2024-03-02 09:00:02", "--until", "2024-03-02 12:00",
                    "--count", tmp=tmp_path)
    assert since.stdout.strip() == "3"


def test_forced_format(bundle: Path, tmp_path: Path) -> None:
    forced = run_cli("filter", str(bundle), "--format", "jvb.log=text", "--level", "warning", tmp=tmp_path)
    assert forced.returncode == 0
    assert forced.stdout.splitlines()[0].startswith("server/jvb.log:2: ")
    unknown = run_cli("filter", str(bundle), "--format", "nope", tmp=tmp_path)
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: unknown format 'nope'")


@pytest.mark.parametrize(("args", "message"), [
    (("--match", "(?<=x)y"), "error: invalid regular expression"),
    (("--since", "yesterday"), "error: cannot read the time 'yesterday'"),
    (("--file", "*.nothing"), "error: no log file matches '*.nothing'"),
    (("--tz", "+25:99x"), "error: cannot read the UTC offset"),
])
def test_bad_options_are_clear_errors(bundle: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("filter", str(bundle), *args, tmp=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
