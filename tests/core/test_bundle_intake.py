"""Safe bundle intake on every hostile or broken input a customer could send.

Each case: the intake either succeeds with a specific warning or refuses with a clear InputError;
nothing is written outside the private work folder, and the work folder is gone after close().
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from workbench.core.bundle import ENCRYPTED, Limits, open_bundle
from workbench.core.errors import Cancelled, InputError
from workbench.core.progress import CancelToken
from workbench.core.samples import FAULTS, SAMPLES, write_sample

AGORA_LINE = b"[03/02/24 09:15:02:118][2231][I]:[AGS]: Agora SDK ver 4.3.0 build 10021\n"


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fault input, generated once for the module by the project's own generator."""
    out = tmp_path_factory.mktemp("faults")
    return {name: write_sample(name, out) for name in FAULTS}


@pytest.fixture
def temp_root(tmp_path: Path) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    return root


def _open(path: Path, temp_root: Path, **kwargs):
    return open_bundle(path, temp_root=temp_root, **kwargs)


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_traversal_names_are_refused_and_nothing_escapes(faults: dict[str, Path], temp_root: Path) -> None:
    for name in ("traversal-zip", "traversal-tar"):
        before = _tree(faults[name].parent)
        with _open(faults[name], temp_root) as bundle:
            assert all(".." not in f.path.split("/") and not f.path.startswith("/") for f in bundle.files)
            assert any("path traversal" in w for w in bundle.warnings)
            assert any("absolute path" in w for w in bundle.warnings)
            assert [f for f in bundle.files if f.kind == "log"], "the harmless log is still listed"
        assert _tree(faults[name].parent) == before
        assert list(temp_root.iterdir()) == []


def test_links_pointing_outside_are_refused(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["symlink-escape"], temp_root) as bundle:
        refused = [w for w in bundle.warnings if "points outside the bundle" in w]
        assert any("/etc/passwd" in w for w in refused)
        assert any("symlink" in w for w in refused) and any("hardlink" in w for w in refused)
        assert not any(f.path.endswith("escaped.txt") and f.local and "root:" in f.local.read_text()
                       for f in bundle.files)
        assert all(not f.local.is_symlink() for f in bundle.files if f.local)


def test_device_files_are_never_extracted(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["device-files"], temp_root) as bundle:
        assert any("device" in w for w in bundle.warnings) and any("fifo" in w for w in bundle.warnings)
        assert [f.kind for f in bundle.files] == ["log"]


@pytest.mark.parametrize("name", ["bomb-zip", "bomb-gz"])
def test_bombs_are_stopped_early(faults: dict[str, Path], temp_root: Path, name: str) -> None:
    limits = Limits(ratio_floor_bytes=8 * 1024 * 1024)
    try:
        bundle = _open(faults[name], temp_root, limits=limits)
    except InputError as exc:  # a bomb that is the whole bundle leaves nothing to show
        assert "zip bomb" in str(exc)
        return
    with bundle:
        assert any("zip bomb" in w for w in bundle.warnings)
        assert sum(f.size for f in bundle.files) < 50 * 1024 * 1024


def test_total_size_limit_stops_extraction_with_a_warning(tmp_path: Path, temp_root: Path) -> None:
    path = tmp_path / "five.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(5):
            archive.writestr(f"f{n}.log", AGORA_LINE * 10)
    limit = len(AGORA_LINE) * 25  # room for two files and a half
    with _open(path, temp_root, limits=Limits(max_total_bytes=limit)) as bundle:
        assert [f.path for f in bundle.files] == ["f0.log", "f1.log"]
        assert any("expands beyond 1.8 KB" in w for w in bundle.warnings)


def test_nesting_is_opened_to_depth_three_only(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["nested-bomb"], temp_root) as bundle:
        depths = [f.path.count(".zip/") for f in bundle.files if f.kind == "log"]
        assert max(depths) == 2  # top archive + two nested levels are opened
        assert any("nested deeper than 3" in w for f in bundle.files for w in f.warnings)


def test_nested_archives_of_mixed_types_are_listed_as_folders(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["nested-archives"], temp_root) as bundle:
        paths = {f.path for f in bundle.files}
        assert any(p.startswith("client.zip/") and p.endswith("agorasdk.log") for p in paths)
        assert any(p.startswith("server/logs.tar/") for p in paths)
        assert "server/extra.log" in paths  # the .gz is unpacked and named without its suffix
        assert all(f.kind != "archive" for f in bundle.files)


def test_entry_count_limit(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["many-entries"], temp_root) as bundle:
        assert len(bundle.files) == Limits().max_entries
        assert any("more than 20,000 files" in w for w in bundle.warnings)


@pytest.mark.parametrize("name", ["truncated-zip", "truncated-targz", "truncated-gz"])
def test_truncated_archives_yield_what_is_readable(faults: dict[str, Path], temp_root: Path, name: str) -> None:
    with _open(faults[name], temp_root) as bundle:
        assert bundle.files and all(f.lines for f in bundle.files)
        cut = [w for f in bundle.files for w in f.warnings if "cut short" in w]
        assert cut or any("damaged" in w for w in bundle.warnings)
        if name == "truncated-zip":
            assert any("no central directory" in w for w in bundle.warnings)


def test_corrupt_archive_with_nothing_readable_is_an_input_error(faults: dict[str, Path], temp_root: Path) -> None:
    with pytest.raises(InputError, match=r"corrupt\.zip is not a readable archive"):
        _open(faults["corrupt-zip"], temp_root)
    assert list(temp_root.iterdir()) == []


def test_corrupt_archive_inside_a_bundle_is_listed_with_a_warning(faults: dict[str, Path], tmp_path: Path,
                                                                   temp_root: Path) -> None:
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(faults["corrupt-zip"], "inner/corrupt.zip")
        archive.writestr("a.log", AGORA_LINE)
    with _open(path, temp_root) as bundle:
        inner = bundle.file("inner/corrupt.zip")
        assert inner.kind == "binary" and any("not one" in w for w in inner.warnings)


def test_empty_archive_is_an_input_error(faults: dict[str, Path], temp_root: Path) -> None:
    with pytest.raises(InputError, match="nothing readable"):
        _open(faults["empty-zip"], temp_root)
    assert list(temp_root.iterdir()) == []


def test_gbk_and_cp437_names_decode(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["gbk-names"], temp_root) as bundle:
        paths = [f.path for f in bundle.files]
        assert "日志/声网.log" in paths
        assert any("ü" in p for p in paths)
        log = bundle.file("日志/声网.log")
        assert log.encoding == "GB18030"
        with bundle.open_index(log) as index:
            assert any("音频设备启动失败" in index.text(i) for i in range(len(index)))


def test_utf16_logs_are_read(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["utf16"], temp_root) as bundle:
        for item in bundle.files:
            assert item.encoding.startswith("UTF-16"), item.path
            with bundle.open_index(item) as index:
                assert index.text(0).startswith("[")
                assert len(index) == item.lines


def test_invalid_utf8_warns_and_keeps_lines(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["invalid-utf8"], temp_root) as bundle:
        (item,) = bundle.files
        assert item.kind == "log" and item.lines and any("�" in w for w in item.warnings)


def test_cr_only_log_is_split_into_lines(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["cr-only"], temp_root) as bundle:
        (item,) = bundle.files
        assert item.line_ending == "CR" and item.lines > 10


def test_sixty_megabyte_line_is_kept_and_flagged(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["long-line"], temp_root) as bundle:
        (item,) = bundle.files
        assert any("MB: shown cut, kept whole" in w for w in item.warnings)
        with bundle.open_index(item) as index:
            longest = max(range(len(index)), key=index.length)
            assert index.length(longest) >= 60 * 1000 * 1000
            assert len(index.display(longest)) < 600


def test_binary_named_log_is_listed_not_parsed(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["binary-log"], temp_root) as bundle:
        (item,) = bundle.files
        assert item.kind == "binary" and item.lines is None
        assert any("not readable text" in w for w in item.warnings)


def test_encrypted_entries_are_reported(faults: dict[str, Path], temp_root: Path) -> None:
    with _open(faults["encrypted-zip"], temp_root) as bundle:
        encrypted = [f for f in bundle.files if f.kind == "encrypted"]
        assert [f.path for f in encrypted] == ["agorasdk.log"]
        assert encrypted[0].warnings == [ENCRYPTED]
        assert "device_model" in bundle.environment  # the readable device_info.json still counts


def test_realistic_android_bundle(tmp_path: Path, temp_root: Path) -> None:
    path = write_sample("android-agora", tmp_path)
    with _open(path, temp_root) as bundle:
        kinds = {f.path: f.kind for f in bundle.files}
        assert kinds["device_info.json"] == "device_info"
        assert kinds["note.txt"] == "note"
        assert kinds["screenshots/call.png"] == "screenshot"
        assert kinds["logs/agorasdk.log"] == "log"
        assert bundle.environment["device_model"].value == SAMPLES["android-agora"].known_answer["device_model"]
        assert bundle.environment["device_model"].source.startswith("device_info.json:")
        assert bundle.first_log().path == "logs/agorasdk.log"
        assert all(len(f.sha256) == 64 for f in bundle.files)
    assert list(temp_root.iterdir()) == []


def test_folder_input_refuses_links_out_and_fifos(tmp_path: Path, temp_root: Path) -> None:
    folder = tmp_path / "bundle"
    (folder / "logs").mkdir(parents=True)
    (folder / "logs" / "agorasdk.log").write_bytes(AGORA_LINE * 10)
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "latest.log").symlink_to("logs/agorasdk.log")
    os.mkfifo(folder / "pipe")
    with _open(folder, temp_root) as bundle:
        assert [f.path for f in bundle.files] == ["logs/agorasdk.log"]
        assert any("passwd" in w and "outside" in w for w in bundle.warnings)
        assert any("pipe" in w and "FIFO" in w for w in bundle.warnings)
        assert bundle.input_kind == "dir"


def test_single_gz_log_and_plain_log(tmp_path: Path, temp_root: Path) -> None:
    gz = tmp_path / "agorasdk.log.gz"
    gz.write_bytes(gzip.compress(AGORA_LINE * 100, mtime=0))
    with _open(gz, temp_root) as bundle:
        assert [(f.path, f.lines) for f in bundle.files] == [("agorasdk.log", 100)]
        assert bundle.input_kind == "file"
    plain = tmp_path / "x.log"
    plain.write_bytes(AGORA_LINE * 3)
    with _open(plain, temp_root) as bundle:
        assert bundle.files[0].local == plain  # read in place, never copied or modified
        assert bundle.environment["sdk_version"].value == "4.3.0"


def test_tar_gz_input_kind(tmp_path: Path, temp_root: Path) -> None:
    path = tmp_path / "b.tgz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("logs/a.log")
        info.size = len(AGORA_LINE)
        archive.addfile(info, io.BytesIO(AGORA_LINE))
    with _open(path, temp_root) as bundle:
        assert bundle.input_kind == "tar" and bundle.files[0].path == "logs/a.log"


def test_missing_path_is_a_clear_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        open_bundle(tmp_path / "nope.zip")


def test_cancel_stops_intake_and_cleans_up(tmp_path: Path, temp_root: Path) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(50):
            archive.writestr(f"f{n}.log", AGORA_LINE * 50)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        _open(path, temp_root, cancel=token)
    assert list(temp_root.iterdir()) == []


def test_xlog_in_a_bundle_is_listed_as_its_decoded_text(tmp_path: Path, temp_root: Path) -> None:
    from workbench.core.samples.xlog import trtc_lines, write_xlog

    lines = trtc_lines(300, seed=3)
    xlog = write_xlog(tmp_path / "LiteAV_20240302.xlog", lines, magic=0x09, encrypted_blocks={2})
    bundle_path = tmp_path / "trtc.zip"
    with zipfile.ZipFile(bundle_path, "w") as archive:
        archive.write(xlog, "log/LiteAV_20240302.xlog")
    with _open(bundle_path, temp_root) as bundle:
        item = bundle.file("log/LiteAV_20240302.xlog")
        assert item.kind == "log" and item.format == "mars-xlog"
        assert any("encrypted" in w and "key" in w for w in item.warnings)
        with bundle.open_index(item) as index:
            text = [index.text(i) for i in range(len(index))]
        assert lines[0].rstrip("\n") in text and any("is encrypted" in t for t in text)
