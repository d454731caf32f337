"""The ICE view: candidate and pair tables, the plain-words verdict, benign errors, Copy (redacted)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.core.stats import load_dump
from workbench.core.stats.ice import ice_summary
from workbench.core.stats.synthetic import Scenario
from workbench.core.stats.writers import internals_json
from workbench.ui.stats.colors import candidate_color
from workbench.ui.stats.ice_text import BAD, OK, WARN, ice_verdict
from workbench.ui.stats.ice_view import IceView
from workbench.ui.stats.view_data import PcView, build_view
from workbench.ui.theme import palette, theme_of

FULL_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
ERROR_701 = {"url": "stun:stun.example.net:3478", "address": "[0:0:0:x:x:x:x:x]", "port": 54401,
             "error_text": "STUN host lookup received error.", "error_code": 701}


def _pc_view(tmp_path: Path, scenario: Scenario) -> PcView:
    path = tmp_path / "webrtc_internals_dump.txt"
    path.write_text(internals_json(scenario), encoding="utf-8")
    view = build_view(str(path), load_dump(path))
    return view.pcs[scenario.pc_id]


@pytest.fixture
def ice_view(qtbot: QtBot) -> Iterator[IceView]:
    widget = IceView()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def _show(view: IceView, pc: PcView) -> None:
    view.set_ice(pc.pc_id, pc.ice, pc.benign_codes)


def _column(model: object, header: str) -> list[str]:
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_tables_show_candidate_types_and_the_selected_pair(ice_view: IceView, tmp_path: Path) -> None:
    pc = _pc_view(tmp_path, Scenario())
    _show(ice_view, pc)
    assert sorted(_column(ice_view.local_model, "Type")) == ["host", "relay", "srflx"]
    assert "192.168.1.23" in _column(ice_view.local_model, "Address")
    assert _column(ice_view.remote_model, "Type") == ["host"]
    assert _column(ice_view.local_model, "Network").count("wifi") == 1  # from the candidate stats
    pairs = ice_view.pair_model
    assert _column(pairs, "Selected") == ["★ selected"] and _column(pairs, "State") == ["succeeded"]
    assert _column(pairs, "Requests sent") == ["30"] and _column(pairs, "Responses") == ["30"]
    assert _column(pairs, "Local")[0].startswith("relay udp 198.51.100.9:")
    assert pairs.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert ice_view.level == OK and "Selected pair: relay/udp ↔ host/udp" in ice_view.verdict
    assert ice_view.local_box.title() == "Local candidates (3)"


def test_rows_are_tinted_by_candidate_type(ice_view: IceView, tmp_path: Path) -> None:
    _show(ice_view, _pc_view(tmp_path, Scenario()))
    theme = theme_of(ice_view.palette())
    model = ice_view.local_model
    for row, candidate in enumerate(model.rows):
        assert model.index(row, 2).data(Qt.ItemDataRole.BackgroundRole) == candidate_color(theme, candidate.type)
    colours = {model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole).name() for r in range(model.rowCount())}
    assert len(colours) == 3
    ice_view.setPalette(palette("dark"))
    dark = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert dark == candidate_color("dark", model.rows[0].type)
    assert dark.lightness() < palette("dark").color(QPalette.ColorRole.Text).lightness()


def test_host_only_verdict_names_the_configured_servers(ice_view: IceView, tmp_path: Path) -> None:
    _show(ice_view, _pc_view(tmp_path, Scenario(local_types=("host",))))
    assert ice_view.verdict.startswith("Only host candidates gathered although STUN/TURN servers are configured")
    assert ice_view.level == WARN


def test_no_relay_verdict_when_turn_is_configured(tmp_path: Path) -> None:
    pc = _pc_view(tmp_path, Scenario(local_types=("host", "srflx")))
    level, text = ice_verdict(pc.ice, pc.benign_codes)
    assert "No relay candidate although a TURN server is configured" in text and level == WARN
    assert "Selected pair: srflx/udp ↔ host/udp" in text


def test_failed_verdict_says_when(ice_view: IceView, tmp_path: Path) -> None:
    failing = Scenario(states=[(0.40, "checking"), (10.2, "failed")], local_types=("host",), media_stop=0)
    _show(ice_view, _pc_view(tmp_path, failing))
    assert ice_view.verdict.startswith("ICE failed at 10:41:17")
    assert "Only host candidates gathered" in ice_view.verdict and ice_view.level == BAD
    assert _column(ice_view.pair_model, "Selected") == [""]


def test_benign_errors_are_flagged_from_the_findings(ice_view: IceView, tmp_path: Path) -> None:
    _show(ice_view, _pc_view(tmp_path, Scenario(ice_errors=[ERROR_701])))
    assert _column(ice_view.error_model, "Code") == ["701"]
    assert _column(ice_view.error_model, "Benign") == ["benign"]
    assert "1 ICE server error (benign: the call connected)" in ice_view.verdict
    failing = Scenario(states=[(0.4, "checking"), (9.0, "failed")], ice_errors=[ERROR_701], media_stop=0)
    _show(ice_view, _pc_view(tmp_path, failing))
    assert _column(ice_view.error_model, "Benign") == [""]  # not benign when the call never connected


def test_copy_redacted_puts_no_full_address_on_the_clipboard(qtbot: QtBot, ice_view: IceView,
                                                             tmp_path: Path) -> None:
    pc = _pc_view(tmp_path, Scenario(ice_errors=[ERROR_701]))
    _show(ice_view, pc)
    qtbot.mouseClick(ice_view.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == ice_view.redacted_text()
    assert not FULL_IPV4.findall(copied), FULL_IPV4.findall(copied)
    assert "192.x.x.x" in copied and "198.x.x.x" in copied and "10.x.x.x" in copied
    for title in ("Local candidates (3)", "Remote candidates (1)", "Candidate pairs (1)", "ICE server errors (1)"):
        assert title in copied
    assert "relay\tudp" in copied and "benign" in copied and "turn:turn.example.net:3478" in copied


def test_every_table_model_passes_the_modeltester(qtmodeltester: ModelTester, ice_view: IceView,
                                                  tmp_path: Path) -> None:
    _show(ice_view, _pc_view(tmp_path, Scenario(ice_errors=[ERROR_701])))
    for model in (ice_view.local_model, ice_view.remote_model, ice_view.pair_model, ice_view.error_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    ice_view.set_ice("", None)
    assert ice_view.verdict == "No PeerConnection selected" and not ice_view.copy_button.isEnabled()
    qtmodeltester.check(ice_view.pair_model)


# -- corpus --------------------------------------------------------------------------------------


def test_corpus_xuyu130_only_host_candidates_and_benign_701(ice_view: IceView, corpus: Path) -> None:
    path = corpus / "internals-xuyu130-p2p" / "webrtc_internals_dump.txt"
    view = build_view(str(path), load_dump(path))
    for pc_id in ("11-1", "12-2"):
        _show(ice_view, view.pcs[pc_id])
        assert ice_view.verdict.startswith("Only host candidates gathered although a STUN server is configured")
        assert set(_column(ice_view.local_model, "Type")) == {"host"}
        assert _column(ice_view.error_model, "Code") == ["701"]
        assert _column(ice_view.error_model, "Benign") == ["benign"]
        assert "★ selected" in _column(ice_view.pair_model, "Selected")


def test_corpus_guilospanck_copy_masks_the_lan_address(ice_view: IceView, corpus: Path) -> None:
    path = corpus / "internals-guilospanck" / "webrtc_internals_dump.txt"
    dump = load_dump(path)
    pc = dump.peer_connections["94-1"]
    ice_view.set_ice(pc.id, ice_summary(pc))
    assert "192.168.1.217" in _column(ice_view.local_model, "Address")
    text = ice_view.redacted_text()
    assert "192.168.1.217" not in text and not FULL_IPV4.findall(text)
    assert "turn:192.x.x.x:3478" in text
    assert "Only host candidates gathered although a TURN server is configured" in text
