"""Missing-information questions agree with each training bundle's known answer, and the shipped
sample in resources/ is exactly what the generator writes today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle
from workbench.core.missing import ask_message, missing_info
from workbench.core.samples import SAMPLES, write_sample
from workbench.core.settings import resources_dir

# Known-answer keys that missing_info asks about under the same name.
SHARED_FIELDS = ("sdk_version", "device_model", "os", "network_type", "channel", "incident_time")


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_missing_info_matches_known_answer(tmp_path: Path, name: str) -> None:
    answer = SAMPLES[name].known_answer
    with open_bundle(write_sample(name, tmp_path)) as bundle:
        asked = {entry["field"] for entry in missing_info(bundle)}
    expected = {field for field in SHARED_FIELDS if field in answer["missing"]}
    assert asked & set(SHARED_FIELDS) == expected
    assert "logs" not in asked


def test_ask_message_is_one_numbered_message() -> None:
    message = ask_message([{"field": "os", "ask": "the operating system"}, {"field": "x", "ask": "the time"}])
    assert message.splitlines()[1:] == ["1. The operating system", "2. The time"]
    assert ask_message([]) == ""


def test_shipped_samples_match_the_generator(tmp_path: Path) -> None:
    shipped = sorted((resources_dir() / "samples").glob("*.zip"))
    assert shipped, "resources/samples must ship at least one training bundle"
    for path in shipped:
        name = next(n for n in SAMPLES if write_sample(n, tmp_path / n).name == path.name)
        assert (tmp_path / name / path.name).read_bytes() == path.read_bytes(), f"regenerate {path.name}"
        answer = json.loads(path.with_name(path.name + ".answer.json").read_text(encoding="utf-8"))
        assert answer == SAMPLES[name].known_answer


def test_a_server_only_bundle_asks_for_a_client_log_not_for_device_facts(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    folder.mkdir()
    (folder / "jvb.log").write_text(
        "JVB 2024-04-22 21:59:05.179 INFO: [1] Videobridge.start#120: Starting jitsi-videobridge version 2.3.92\n"
        "JVB 2024-04-22 21:59:07.659 WARNING: [20] MucClient.connect#640: Error connecting\n", encoding="utf-8")
    with open_bundle(folder) as bundle:
        fields = [entry["field"] for entry in missing_info(bundle)]
    assert fields[0] == "client_logs"
    assert not {"device_model", "os", "network_type"} & set(fields)
    assert "incident_time" in fields
