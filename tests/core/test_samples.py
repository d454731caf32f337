"""The sample generator writes what it claims, checked with the stdlib readers (zipfile, tarfile, gzip)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from helpers.bundles import AGORA4_LINE, BIG_FAULTS, JVB_LINE, LOGCAT_LINE, check_png, make_fault, make_sample

from workbench.core import samples
from workbench.core.samples import FAULTS, SAMPLES, faults, faults_text, write_sample
from workbench.core.samples.zipcrypto import ZipCryptoCipher

# name=file pairs: the file each sample or fault writes into its out_dir.
_FILES = """
android-agora=android-agora-4x.zip browser-webrtc=browser-webrtc.zip minimal-log=agorasdk.log
traversal-zip=traversal.zip traversal-tar=traversal.tar symlink-escape=symlink.tar device-files=devices.tar
bomb-zip=bomb.zip bomb-gz=bomb.log.gz nested-bomb=nested.zip many-entries=many.zip
truncated-zip=truncated.zip truncated-targz=truncated.tar.gz truncated-gz=truncated.log.gz
corrupt-zip=corrupt.zip gbk-names=gbk.zip utf16=utf16.zip invalid-utf8=invalid-utf8.log
cr-only=cr-only.log long-line=long-line.log binary-log=binary.log encrypted-zip=encrypted.zip
nested-archives=nested.tar.gz empty-zip=empty.zip
"""
FILE_NAMES = dict(re.findall(r"(\S+)=(\S+)", _FILES))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every sample and fault, written once per test session."""
    root = tmp_path_factory.mktemp("samples")
    return {name: write_sample(name, root / name) for name in [*SAMPLES, *FAULTS]}


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_registry_names_files_and_descriptions(built: dict[str, Path]) -> None:
    assert set(built) == set(FILE_NAMES)
    for name, path in built.items():
        assert path.name == FILE_NAMES[name] and path.is_file()
        sample = SAMPLES.get(name) or FAULTS[name]
        assert sample.name == name and sample.description and "\n" not in sample.description
    assert all(f.known_answer == {} for f in FAULTS.values())
    assert all(s.known_answer["missing"] == sorted(s.known_answer["missing"]) for s in SAMPLES.values())


def test_unknown_name_lists_valid_names(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match=r"android-agora.*traversal-zip"):
        write_sample("no-such-sample", tmp_path)


def test_same_bytes_twice(built: dict[str, Path], tmp_path: Path) -> None:
    for name in set(built) - BIG_FAULTS:
        assert _sha(write_sample(name, tmp_path / name)) == _sha(built[name]), name


def test_big_faults_are_deterministic_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Same code paths at a small size, so the big files need not be written twice."""
    monkeypatch.setattr(faults, "BOMB_SIZE", 4 * faults.CHUNK)
    monkeypatch.setattr(faults, "MANY_ENTRIES", 500)
    monkeypatch.setattr(faults_text, "LONG_LINE_CHUNKS", 1)
    for name in BIG_FAULTS:
        assert _sha(make_fault(name, tmp_path / "a")) == _sha(make_fault(name, tmp_path / "b")), name


def test_helpers_wrap_the_registry(tmp_path: Path) -> None:
    assert make_sample("minimal-log", tmp_path).name == "agorasdk.log"
    assert make_fault("empty-zip", tmp_path).name == "empty.zip"
    with pytest.raises(KeyError):
        make_fault("android-agora", tmp_path)
    assert samples.Sample is SAMPLES["android-agora"].__class__


def test_android_agora_bundle(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["android-agora"]) as zf:
        assert zf.testzip() is None
        files = {name: zf.read(name) for name in zf.namelist()}
    names = "logs/agorasdk.log logs/agorasdk.1.log logs/agoraapi.log logcat.txt device_info.json note.txt"
    assert set(files) == {*names.split(), "screenshots/call.png"}
    assert 200_000 <= sum(map(len, files.values())) <= 600_000
    info = json.loads(files["device_info.json"])
    expected = (
        '{"device_model": "Pixel 7", "manufacturer": "Google", "os": "Android", "os_version": "14",'
        ' "uid": "12345", "sdk_vendor": "agora", "sdk_version": "4.3.0", "network_type": "4G",'
        ' "channel": "demo-room"}'
    )
    assert {k: v for k, v in info.items() if k != "app_id"} == json.loads(expected)
    assert re.fullmatch(r"[0-9a-f]{32}", info["app_id"])
    assert "2024-03-02 09:20 (UTC+8)" in files["note.txt"].decode()
    check_png(files["screenshots/call.png"], 64, 48)


def test_android_agora_sdk_log(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["android-agora"]) as zf:
        log, old = _lines(zf.read("logs/agorasdk.log")), _lines(zf.read("logs/agorasdk.1.log"))
    assert 2900 <= len(log) <= 3100 and 450 <= len(old) <= 550
    assert all(AGORA4_LINE.match(line) for line in log + old)
    levels = [line.split("][", 3)[2][0] for line in log]
    assert levels.count("I") > 0.85 * len(log) and 0 < levels.count("E") < 0.01 * len(log)
    assert {"W", "U", "A"} <= set(levels)
    text = "\n".join(log)
    assert "Agora SDK ver 4.3.0 build 10021" in text
    assert re.search(r'\[U\]:\(\d{8}\): RtcEngine::joinChannel\(.*"channelId":"demo-room", "uid":12345', text)
    assert "connection state changed from 1 to 2" in text and "audio playback device error" in text
    answer = SAMPLES["android-agora"].known_answer
    assert text.count("state 4 (RECONNECTING) reason 2") == answer["reconnects"]
    assert levels.count("E") == answer["error_lines"]
    assert re.search(r"\[log_stat_count\] .*lost: 0$", log[-1])
    assert old[-1].split("]")[0] < log[0].split("]")[0]  # the rotated file is older (same day, MM/DD/YY)


def test_android_agora_api_log_and_logcat(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["android-agora"]) as zf:
        api, logcat = _lines(zf.read("logs/agoraapi.log")), zf.read("logcat.txt")
    assert len(api) == 200 and all(re.match(AGORA4_LINE.pattern + r"\(\d{8}\): ", x) for x in api)
    assert {line.split("][", 3)[2][0] for line in api} == {"U", "A"}
    assert logcat.count(b"\r\n") == logcat.count(b"\n") == 1000
    lines = logcat.decode().split("\r\n")[:-1]
    assert all(LOGCAT_LINE.match(line) for line in lines)
    tags = {re.match(r"^\S+ \S+ +\d+ +\d+ [VDIWEF] ([^:]+): ", line).group(1) for line in lines}
    assert {"AudioTrack", "ActivityManager", "agora-jni"} <= tags


def test_android_agora_known_answer() -> None:
    answer = SAMPLES["android-agora"].known_answer
    assert answer["vendor"] == "agora" and answer["sdk_version"] == "4.3.0"
    assert answer["device_model"] == "Pixel 7" and answer["network_type"] == "4G"
    assert answer["missing"] == [] and answer["symptom"]


def test_browser_webrtc_dump(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["browser-webrtc"]) as zf:
        assert set(zf.namelist()) == {"webrtc_internals_dump.txt", "browser_info.txt", "console.log"}
        dump = json.loads(zf.read("webrtc_internals_dump.txt"))
    assert {"getUserMedia", "PeerConnections", "UserAgent", "UserAgentData"} <= set(dump)
    assert "Chrome/131" in dump["UserAgent"]
    ((pc_id, pc),) = dump["PeerConnections"].items()
    assert re.fullmatch(r"\d+-\d+", pc_id)
    assert {"pid", "rtcConfiguration", "url", "updateLog", "stats"} <= set(pc)
    config = json.loads(pc["rtcConfiguration"])
    assert any("credential" in server for server in config["iceServers"])
    states = [json.loads(e["value"]) for e in pc["updateLog"] if e["type"] == "oniceconnectionstatechange"]
    assert states == SAMPLES["browser-webrtc"].known_answer["ice_states"]
    for key, series in pc["stats"].items():
        assert re.fullmatch(r"[^-]+-.+", key)
        assert {"startTime", "endTime", "statsType", "values"} <= set(series)
        assert isinstance(json.loads(series["values"]), list)
    limits = [
        json.loads(s["values"])
        for k, s in pc["stats"].items()
        if s["statsType"] == "outbound-rtp" and k.endswith("-qualityLimitationReason")
    ]
    assert limits and "bandwidth" in limits[0]


def test_browser_webrtc_side_files_and_answer(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["browser-webrtc"]) as zf:
        info = zf.read("browser_info.txt")
        side_text = (zf.read("browser_info.txt") + zf.read("console.log")).decode()
    assert info == b"Browser: Chrome 131\nOS: Windows 11\nNetwork: Wi-Fi\nSDK: livekit-client 2.5.1\n"
    answer = SAMPLES["browser-webrtc"].known_answer
    assert {"incident_time", "channel"} <= set(answer["missing"])
    assert answer["vendor"] == "livekit" and answer["sdk_version"] == "2.5.1"
    assert not re.search(r"\d{4}-\d\d-\d\d|(?<!\d)\d{1,2}:\d\d(?!\d)", side_text)  # no incident time


def test_minimal_log(built: dict[str, Path]) -> None:
    lines = _lines(built["minimal-log"].read_bytes())
    assert 450 <= len(lines) <= 550 and all(AGORA4_LINE.match(line) for line in lines)
    text = "\n".join(lines)
    assert "Agora SDK ver 4.3.0" in text
    for leak in ("Android", "Pixel", "4G", "Wi-Fi", "WIFI"):
        assert leak not in text
    assert {"device_model", "os", "network_type"} <= set(SAMPLES["minimal-log"].known_answer["missing"])


def test_traversal_zip(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["traversal-zip"]) as zf:
        names = zf.namelist()
        assert AGORA4_LINE.match(zf.read("ok/agorasdk.log").decode())
    assert {"../../evil.txt", "/abs/evil.txt", "C:\\evil.txt"} <= set(names)


def test_traversal_tar(built: dict[str, Path]) -> None:
    with tarfile.open(built["traversal-tar"]) as tar:
        names = tar.getnames()
        assert AGORA4_LINE.match(tar.extractfile("ok/agorasdk.log").read().decode())
    assert {"../evil.txt", "/etc/evil"} <= set(names)


def test_symlink_escape(built: dict[str, Path]) -> None:
    with tarfile.open(built["symlink-escape"]) as tar:
        members = {m.name: m for m in tar.getmembers()}
    links = {name: (m.type, m.linkname) for name, m in members.items() if m.issym() or m.islnk()}
    assert links == {
        "latest.log": (tarfile.SYMTYPE, "logs/agorasdk.log"),
        "logs/link": (tarfile.SYMTYPE, "/etc/passwd"),
        "up": (tarfile.SYMTYPE, "../../.."),
        "shadow": (tarfile.LNKTYPE, "/etc/shadow"),
        "outside": (tarfile.LNKTYPE, "../outside"),
    }
    assert members["up/escaped.txt"].isfile() and members["logs/agorasdk.log"].isfile()


def test_device_files(built: dict[str, Path]) -> None:
    with tarfile.open(built["device-files"]) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members["dev/zero"].ischr() and (members["dev/zero"].devmajor, members["dev/zero"].devminor) == (
        1,
        5,
    )
    assert members["dev/fifo"].isfifo() and members["dev/sda"].isblk()
    assert members["logs/agorasdk.log"].isfile()


def test_bomb_zip(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["bomb-zip"]) as zf:
        huge = zf.getinfo("huge.log")
        assert AGORA4_LINE.match(zf.read("readme.log").decode())
    assert huge.file_size >= 200 * 1024 * 1024 and huge.file_size / huge.compress_size > 500
    assert built["bomb-zip"].stat().st_size < 400_000


def test_bomb_gz(built: dict[str, Path]) -> None:
    data = built["bomb-gz"].read_bytes()
    isize = struct.unpack("<I", data[-4:])[0]  # the declared size mod 2**32
    assert 200 * 1024 * 1024 <= isize < 210 * 1024 * 1024
    assert len(data) < 1_000_000
    with gzip.open(built["bomb-gz"]) as fh:
        assert AGORA4_LINE.match(fh.read(4096).decode())


def test_nested_bomb_is_five_levels(built: dict[str, Path]) -> None:
    data, depth = built["nested-bomb"].read_bytes(), 0
    while data:
        depth += 1
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert AGORA4_LINE.match(zf.read(f"level{depth}.log").decode())
            inner = [n for n in zf.namelist() if n.endswith(".zip")]
            data = zf.read(inner[0]) if inner else b""
    assert depth == 5


def test_many_entries(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["many-entries"]) as zf:
        infos = zf.infolist()
        assert zf.read("f/99999.txt") == b"99999\n"
    assert len(infos) == 100_000 and infos[0].filename == "f/00000.txt"
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)


def test_truncated_zip(built: dict[str, Path]) -> None:
    data = built["truncated-zip"].read_bytes()
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(built["truncated-zip"])
    assert b"PK\x01\x02" not in data and b"PK\x05\x06" not in data
    pos, whole = 0, 0
    while data[pos : pos + 4] == b"PK\x03\x04":
        csize, _, nlen, elen = struct.unpack("<IIHH", data[pos + 18 : pos + 30])
        end = pos + 30 + nlen + elen + csize
        if end > len(data):
            assert pos + 30 + nlen + elen < len(data)  # cut inside this entry's data
            break
        whole, pos = whole + 1, end
    assert whole == 1


def test_truncated_targz(built: dict[str, Path]) -> None:
    with pytest.raises((EOFError, tarfile.ReadError)), tarfile.open(built["truncated-targz"], "r:gz") as tar:
        for member in tar:
            tar.extractfile(member).read()


def test_truncated_gz(built: dict[str, Path]) -> None:
    with gzip.open(built["truncated-gz"]) as fh:
        assert AGORA4_LINE.match(fh.read(1000).decode())
    with pytest.raises(EOFError), gzip.open(built["truncated-gz"]) as fh:
        fh.read()


def test_corrupt_and_empty_zip(built: dict[str, Path]) -> None:
    assert not zipfile.is_zipfile(built["corrupt-zip"])
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(built["corrupt-zip"])
    with zipfile.ZipFile(built["empty-zip"]) as zf:
        assert zf.namelist() == []
    assert built["empty-zip"].stat().st_size == 22


def test_encrypted_zip(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["encrypted-zip"]) as zf:
        info = zf.getinfo("agorasdk.log")
        assert info.flag_bits & 0x1 and not zf.getinfo("device_info.json").flag_bits & 0x1
        with pytest.raises(RuntimeError, match="password required"):
            zf.read("agorasdk.log")
        plain = zf.open("agorasdk.log", pwd=b"secret").read()
        assert json.loads(zf.read("device_info.json"))["sdk_vendor"] == "agora"
    assert zlib.crc32(plain) == info.CRC and all(AGORA4_LINE.match(line) for line in _lines(plain))
    raw = built["encrypted-zip"].read_bytes()
    start = 30 + len("agorasdk.log")
    header = ZipCryptoCipher(b"secret").decrypt(raw[start : start + 12])
    assert header[11] == info.CRC >> 24


def test_zipcrypto_round_trip() -> None:
    text = b"[03/02/24 09:15:02:118][2231][I]:hello" * 50
    assert ZipCryptoCipher(b"pw").decrypt(ZipCryptoCipher(b"pw").encrypt(text)) == text
    assert ZipCryptoCipher(b"pw").encrypt(text) != text


def test_nested_archives(built: dict[str, Path]) -> None:
    with tarfile.open(built["nested-archives"], "r:gz") as tar:
        assert tar.getnames() == ["client.zip", "server/logs.tar", "server/extra.log.gz"]
        client, server, extra = (tar.extractfile(n).read() for n in tar.getnames())
    with zipfile.ZipFile(io.BytesIO(client)) as zf:
        assert set(zf.namelist()) == {"agorasdk.log", "device_info.json"}
    with tarfile.open(fileobj=io.BytesIO(server)) as inner:
        jvb = _lines(inner.extractfile("jvb.log").read())
    headers = [line for line in jvb if JVB_LINE.match(line)]
    trace = [line for line in jvb if not JVB_LINE.match(line)]
    assert len(headers) >= 30 and len(trace) == 3 and trace[1].startswith("\tat ")
    assert AGORA4_LINE.match(gzip.decompress(extra).decode())


def test_gbk_names(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["gbk-names"]) as zf:
        infos = zf.infolist()
        assert "Müller/bericht.log" in zf.namelist()
    assert all(not i.flag_bits & 0x800 for i in infos)
    raw = [i.filename.encode("cp437") for i in infos]
    assert "日志/声网.log".encode("gbk") in raw
    with zipfile.ZipFile(built["gbk-names"], metadata_encoding="gbk") as zf:
        content = zf.read("日志/声网.log").decode("gbk")
    assert re.search(AGORA4_LINE.pattern[1:].replace("[IWEUAD]", "W") + "音频设备启动失败", content, re.M)


def test_utf16(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["utf16"]) as zf:
        le, be, nobom = (zf.read(n) for n in ("utf16le.log", "utf16be.log", "utf16le-nobom.log"))
    assert le[:2] == b"\xff\xfe" and be[:2] == b"\xfe\xff" and nobom[:2] == b"[\x00"
    for text in (le[2:].decode("utf-16-le"), be[2:].decode("utf-16-be"), nobom.decode("utf-16-le")):
        lines = text.splitlines()
        assert len(lines) >= 200 and all(AGORA4_LINE.match(line) for line in lines)


def test_invalid_utf8(built: dict[str, Path]) -> None:
    data = built["invalid-utf8"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xff\xfe" in data and b"\xe9\x9f " in data and data.count(b"\x00") == 1
    lines = data.decode("utf-8", "replace").split("\n")[:-1]
    assert all(AGORA4_LINE.match(line) for line in lines)


def test_cr_only(built: dict[str, Path]) -> None:
    data = built["cr-only"].read_bytes()
    assert b"\n" not in data and data.count(b"\r") >= 200
    assert all(AGORA4_LINE.match(line) for line in data.decode().split("\r")[:-1])


def test_long_line(built: dict[str, Path]) -> None:
    with built["long-line"].open("rb") as fh:
        lengths = [len(line) for line in fh]
    assert sum(n > 60_000_000 for n in lengths) == 1 and len(lengths) >= 9
    assert all(n < 1000 for n in lengths if n < 60_000_000)


def test_binary_log(built: dict[str, Path]) -> None:
    data = built["binary-log"].read_bytes()
    assert len(data) == 300 * 1024
    counts = np.bincount(np.frombuffer(data, dtype=np.uint8), minlength=256) / len(data)
    assert -(counts * np.log2(counts)).sum() > 7.9
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
