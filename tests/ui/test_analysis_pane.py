"""Analysis pane (offscreen): open records, cursors and values, harmonics, phasors, exports, SFTP fetch."""

from __future__ import annotations

import csv
import math
import threading

import numpy as np
import pytest
from keyring.backends import fail
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QImage

from app.comtrade import read
from app.security.credentials import CredentialKey, CredentialStore
from app.session import DeviceSession, LinkPool
from app.sim.lab import LabThread, ion7400_spec
from tests.synthetic_records import Analog, sine, write_long_binary, write_record
from tests.ui.conftest import run_until
from ui.main import demo_addresses
from ui.panes.analysis import AnalysisPane

RATE, N = 3200.0, 3200  # 64 samples per 50 Hz cycle, one second


@pytest.fixture
def pane(qtbot, aloop, tmp_path):
    widget = AnalysisPane(
        settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
        data_dir=tmp_path / "data",
        credentials=CredentialStore(session_fallback=True, backend=fail.Keyring()),
    )
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture
def record_path(tmp_path):
    """Va with a 5th harmonic of 10 %, three currents (CT 200:5), a breaker contact; trigger at 0.5 s."""
    states = np.zeros(N, bool)
    states[1600:] = True
    return write_record(
        tmp_path / "fault.cfg",
        [
            Analog("Va", "A", "V", sine(N, RATE, 230.0, 0.0, harmonics={5: (23.0, 0.0)})),
            Analog("Vb", "B", "V", sine(N, RATE, 230.0, -120.0)),
            Analog("Vc", "C", "V", sine(N, RATE, 230.0, 120.0)),
            Analog("Ia", "A", "A", sine(N, RATE, 100.0, -30.0), primary=200.0, secondary=5.0),
            Analog("Ib", "B", "A", sine(N, RATE, 100.0, -150.0), primary=200.0, secondary=5.0),
            Analog("Ic", "C", "A", sine(N, RATE, 100.0, 90.0), primary=200.0, secondary=5.0),
        ],
        [("Breaker open", states), ("Never changes", np.zeros(N, bool))],
        trigger=0.5,
    )


def open_record(pane, aloop, path):
    task = pane.open_paths([path])
    run_until(aloop, task.done)
    return pane.current


def test_opening_shows_lanes_trigger_and_peak_downsampled_curves(pane, aloop, record_path):
    tab = open_record(pane, aloop, record_path)
    assert pane.tabs.count() == 1 and pane.tabs.tabText(0) == "fault.cfg"
    view = tab.view
    assert view.lane_titles == ["Voltage", "Current", "Digital"]
    assert view.lane_keys()[2] == ["d0"]  # the channel that never changes is hidden
    curve = view.curve("a0")
    assert curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == "peak" and curve.opts["clipToView"]
    x = curve.xData  # the samples handed to the curve (before pyqtgraph's own decimation)
    assert x[0] == pytest.approx(-0.5, abs=1e-3) and x[-1] == pytest.approx(0.5, abs=1e-3)  # trigger at 0
    assert all(lane.trigger_line.value() == 0.0 for lane in view._lanes)
    assert not pane.progress_row.isVisible()
    assert pane.recent_files() == [record_path.resolve()]
    assert "3200 samples, no warnings" in pane.status_label.text()
    assert set(np.unique(view.curve("d0").yData)) == {0.0, 1.0}


def test_moving_the_cursors_updates_the_values_table(pane, aloop, record_path):
    tab = open_record(pane, aloop, record_path)
    tab.view.set_cursors(-0.2, 0.1)
    table = pane.cursor_table
    i1 = round(0.3 * RATE)  # the sample at C1 on the record's axis (trigger at 0.5 s)
    va = math.sqrt(2) * (230 * math.cos(2 * math.pi * 50 * i1 / RATE) + 23 * math.cos(10 * math.pi * 50 * i1 / RATE))
    assert float(table.cell_text("Va", "C1").split()[0].replace("−", "-")) == pytest.approx(va, rel=1e-3)
    assert table.cell_text("Va", "RMS C1") == "231.1 V"  # sqrt(230² + 23²)
    assert table.cell_text("Ib", "RMS C2") == "100 A"
    assert table.cell_text("Breaker open", "C1") == "0" and table.cell_text("Breaker open", "C2") == "1"
    assert "Δt 300 ms" in pane.cursor_label.text()

    # Dragging C2 in the current lane moves it in every lane and updates the table.
    lane_line = tab.view._lanes[1].cursor_lines[1]
    lane_line.setValue(-0.1)
    assert tab.view.cursors() == (-0.2, -0.1)
    assert tab.view._lanes[0].cursor_lines[1].value() == -0.1
    assert table.cell_text("Breaker open", "C2") == "0"
    assert "Δt 100 ms" in pane.cursor_label.text()

    tab.view.set_cursors(-0.2, 0.7)  # C2 after the end of the record
    assert table.cell_text("Va", "C2") == "—" and table.cell_text("Va", "RMS C2") == "—"
    assert table.cell_text("Va", "RMS C1") == "231.1 V"


def test_secondary_values_use_the_ct_ratio(pane, aloop, record_path):
    tab = open_record(pane, aloop, record_path)
    tab.view.set_cursors(0.1, 0.2)
    pane.set_side("secondary")
    assert pane.cursor_table.cell_text("Ia", "RMS C1") == "2.5 A"
    assert pane.cursor_table.cell_text("Va", "RMS C1") == "231.1 V"  # 1:1 voltage channel
    y = tab.view.curve("a3").yData
    assert np.max(np.abs(y)) == pytest.approx(2.5 * math.sqrt(2), rel=1e-3)
    pane.set_side("primary")
    assert pane.cursor_table.cell_text("Ia", "RMS C1") == "100 A"


def test_harmonics_of_a_known_signal(pane, aloop, record_path):
    tab = open_record(pane, aloop, record_path)
    tab.view.set_cursors(0.3, 0.4)
    pane.harmonic_channel.setCurrentIndex(pane.harmonic_channel.findText("Va"))
    pane.harmonic_window.setCurrentIndex(pane.harmonic_window.findData(10))
    chart = pane.harmonics
    heights = dict(zip(chart.orders.tolist(), chart.heights.tolist()))
    assert 1 not in heights and heights[5] == pytest.approx(10.0, rel=1e-4)
    assert max(v for order, v in heights.items() if order != 5) < 1e-3
    assert "THD 10.00 %" in pane.harmonic_label.text() and "10 cycle(s)" in pane.harmonic_label.text()
    pane.harmonic_channel.setCurrentIndex(pane.harmonic_channel.findText("Ib"))
    assert max(chart.heights) < 1e-3
    pane.harmonic_window.setCurrentIndex(pane.harmonic_window.findData(0))  # C1 to C2: 5 cycles
    assert "5 cycle(s)" in pane.harmonic_label.text()


def test_phasors_at_cursor_one_relative_to_va(pane, aloop, record_path):
    tab = open_record(pane, aloop, record_path)
    tab.view.set_cursors(0.25, 0.3)
    arrows = {a.label: a for a in pane.phasors.arrows}
    assert set(arrows) == {"Va", "Vb", "Vc", "Ia", "Ib", "Ic"}
    assert arrows["Va"].angle == pytest.approx(0.0, abs=1e-3)
    assert arrows["Vb"].angle == pytest.approx(-120.0, abs=1e-3)
    assert arrows["Ic"].angle == pytest.approx(90.0, abs=1e-3)
    assert arrows["Ia"].magnitude == pytest.approx(100.0, rel=1e-4)
    assert "relative to Va" in pane.phasor_label.text()


def test_export_visible_data_as_csv(pane, aloop, record_path, tmp_path):
    tab = open_record(pane, aloop, record_path)
    tab.view.set_x_range(-0.1, 0.1)
    pane.set_side("secondary")
    out = tmp_path / "view.csv"
    task = pane.export_csv(out)
    run_until(aloop, task.done)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["time_s", "Va [V]", "Vb [V]", "Vc [V]", "Ia [A]", "Ib [A]", "Ic [A]", "Breaker open"]
    times = np.array([float(r[0]) for r in rows[1:]])
    assert times[0] == pytest.approx(0.4, abs=1 / RATE) and times[-1] == pytest.approx(0.6, abs=1 / RATE)
    record = read(record_path)
    first = int(round(times[0] * RATE))
    assert float(rows[1][4]) == pytest.approx(record.analog("Ia")[first] * 5 / 200, rel=1e-5)
    assert {r[7] for r in rows[1:]} == {"0", "1"}
    assert f"Wrote {len(rows) - 1} samples" in pane.status_label.text()


def test_export_comtrade_and_pictures(pane, aloop, record_path, tmp_path):
    tab = open_record(pane, aloop, record_path)
    pane.set_channel_visible("a1", False)
    task = pane.export_comtrade(tmp_path / "extract.cff")
    run_until(aloop, task.done)
    extract = read(tmp_path / "extract.cff")
    assert [c.name for c in extract.analog_channels] == ["Va", "Vc", "Ia", "Ib", "Ic"]
    assert extract.sample_count == N
    pane.export_view(tmp_path / "view.png")
    assert not QImage(str(tmp_path / "view.png")).isNull()
    pane.export_view(tmp_path / "view.svg")
    assert "<svg" in (tmp_path / "view.svg").read_text(encoding="utf-8")[:400]


def test_overlay_of_a_second_record_is_aligned_on_the_triggers(pane, aloop, record_path, tmp_path):
    other_path = write_record(tmp_path / "other.cfg", [Analog("Va2", "A", "V", sine(N, RATE, 115.0))], trigger=0.3)
    first = open_record(pane, aloop, record_path)
    second = open_record(pane, aloop, other_path)
    assert pane.tabs.count() == 2
    pane.tabs.setCurrentIndex(0)
    pane.add_overlay(second, 0)
    key = f"o{second.serial}:0"
    assert key in first.view.lane_keys()[0]  # in the voltage lane
    x = first.view.curve(key).xData
    assert x[0] == pytest.approx(-0.3, abs=1e-3) and x[-1] == pytest.approx(0.5, abs=1e-3)  # clipped to the view
    first.view.zoom_all()
    assert first.view.x_range() == pytest.approx((-0.5, 0.7), abs=1e-3)
    assert first.view.curve(key).xData[-1] == pytest.approx(0.7, abs=1e-3)
    first.view.set_cursors(0.0, 0.1)
    assert pane.cursor_table.cell_text("Va2 (other.cfg)", "RMS C2") == "115 V"
    pane.close_tab(1)
    assert all(not k.startswith("o") for lane in first.view.lane_keys() for k in lane)


def test_lanes_by_phase_and_a_channel_moved_by_hand(pane, aloop, record_path):
    tab = open_record(pane, aloop, record_path)
    pane.set_group_mode("phase")
    assert tab.view.lane_titles == ["Phase A", "Phase B", "Phase C", "Digital"]
    assert tab.view._lanes[0].right is not None  # currents on the right-hand axis
    pane.move_channel(3, 3)  # Ia into a lane of its own
    assert tab.view.lane_keys()[:4] == [["a0"], ["a1", "a4"], ["a2", "a5"], ["a3"]]


def test_cancelling_a_long_opening(pane, aloop, tmp_path):
    path = write_long_binary(tmp_path / "long.cfg", 3_000_000, 6)
    pane.progress_bar.valueChanged.connect(lambda value: value and pane.cancel())
    task = pane.open_paths([path])
    run_until(aloop, task.done, timeout=30)
    assert pane.status_label.text() == "Opening cancelled."
    assert pane.tabs.count() == 0 and not pane.progress_row.isVisible()


def test_records_opened_meanwhile_are_queued_and_remembered(pane, aloop, record_path, tmp_path):
    other = write_record(tmp_path / "other.cfg", [Analog("V", "A", "V", sine(N, RATE, 1.0))])
    first = pane.open_paths([record_path])
    assert pane.open_paths([other, record_path]) is first  # joins the opening in progress
    run_until(aloop, first.done)
    assert [pane.tabs.tabText(i) for i in range(pane.tabs.count())] == ["fault.cfg", "other.cfg"]
    pane._fill_recent_menu()
    texts = [a.text() for a in pane.recent_menu.actions()]
    assert texts == ["other.cfg", "fault.cfg", "", "Clear the list"]


def test_the_window_keeps_running_while_a_long_record_opens(pane, aloop, tmp_path):
    path = write_long_binary(tmp_path / "long.cfg", 4_000_000, 8)
    ticks = []
    timer = QTimer(interval=20, timeout=lambda: ticks.append(1))
    timer.start()
    task = pane.open_paths([path])
    took = run_until(aloop, task.done, timeout=30)
    timer.stop()
    assert pane.tabs.count() == 1 and pane.current.record.sample_count == 4_000_000
    assert len(ticks) >= 0.5 * took / 0.020  # the GUI's timer kept firing while the worker read


def test_a_broken_file_gives_a_message_not_a_traceback(pane, aloop, tmp_path):
    bad = tmp_path / "bad.cfg"
    bad.write_text("STATION,DEV,1999\r\n3,2A,0D\r\nnot a channel\r\n", encoding="ascii")
    (tmp_path / "bad.dat").write_bytes(b"\0" * 16)
    task = pane.open_paths([bad])
    run_until(aloop, task.done)
    assert pane.tabs.count() == 0
    assert pane.status_label.text().startswith("bad.cfg") and "Traceback" not in pane.status_label.text()


def test_dropping_records_opens_them(pane, aloop, record_path, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a record", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(record_path.with_suffix(".dat"))), QUrl.fromLocalFile(str(notes))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    pane.dropEvent(event)
    run_until(aloop, lambda: pane.tabs.count() == 1)
    assert pane.current.record.path == record_path


@pytest.fixture
def sftp_meter():
    spec = ion7400_spec("ION7400 main incomer")
    spec.system.noise = 0.0
    lab = LabThread([spec])
    lab.start()
    yield lab
    lab.stop()


def test_download_from_the_simulated_meter_over_sftp(pane, aloop, sftp_meter, tmp_path):
    address = demo_addresses(sftp_meter.lab.served)[0]
    assert address.sftp_port != 22
    pane.set_session(DeviceSession(address, LinkPool()))
    dialog = pane.open_fetch_dialog()
    run_until(aloop, lambda: dialog.password_task is None)  # the keyring is read in a worker thread
    assert dialog.host_edit.text() == "127.0.0.1" and dialog.port_spin.value() == address.sftp_port
    assert "this session only" in dialog.remember_box.text()  # no system keyring in this test

    dialog.password_edit.setText("wrong")
    dialog.list_button.click()
    run_until(aloop, lambda: "wrong user name or password" in dialog.status_label.text())

    dialog.password_edit.setText("0")
    dialog.remember_box.setChecked(True)
    dialog.list_button.click()
    run_until(aloop, lambda: dialog.table.rowCount() == 3)
    assert "3 record(s) on the meter, 3 new" in dialog.status_label.text()
    assert pane.credentials.get(CredentialKey("default", "ION7400 main incomer", "USER1")) == "0"

    dialog.new_button.click()
    run_until(aloop, lambda: pane.tabs.count() == 3, timeout=15)
    folder = tmp_path / "data" / "records" / "ION7400 main incomer" / "COMTRADE_1"
    assert sorted(p.name for p in folder.iterdir()) == [f"cmt0_0000{k}.{ext}" for k in range(3) for ext in ("cfg", "dat")]
    assert [pane.tabs.tabText(i) for i in range(3)] == [f"cmt0_0000{k}.cfg" for k in range(3)]
    assert dialog.table.item(0, 3).text() == "downloaded"
    pane.tabs.setCurrentIndex(1)
    sag = pane.current
    sag.view.set_cursors(-0.001, 0.08)  # C2 is 4 cycles into the sag, which starts at the trigger
    assert pane.cursor_table.cell_text("V1", "RMS C1") == "230.1 V"  # with 1.2 % 3rd, 2 % 5th, 1 % 7th
    assert pane.cursor_table.cell_text("V1", "RMS C2") == "126.5 V"  # 55 % of 230 V

    dialog.close()
    again = pane.open_fetch_dialog()
    run_until(aloop, lambda: again.password_task is None)
    assert again.password_edit.text() == "0" and again.remember_box.isChecked()
    again.list_button.click()
    run_until(aloop, lambda: again.table.rowCount() == 3)
    again.new_button.click()
    assert "No new records" in again.status_label.text()


class _ThreadRecordingStore(CredentialStore):
    """A session-only store that notes the thread of every keyring call."""

    def __init__(self) -> None:
        super().__init__(session_fallback=True, backend=fail.Keyring())
        self.threads: list[int] = []

    def status(self):
        self.threads.append(threading.get_ident())
        return super().status()

    def get(self, key):
        self.threads.append(threading.get_ident())
        return super().get(key)


def test_the_fetch_dialog_reads_the_keyring_off_the_gui_thread(pane, aloop):
    pane.credentials = store = _ThreadRecordingStore()
    store.set(CredentialKey("default", "meter", "USER1"), "secret")
    dialog = pane.open_fetch_dialog()
    assert not dialog.list_button.isEnabled()  # until the password is known
    run_until(aloop, lambda: dialog.password_task is None)
    assert dialog.password_edit.text() == "secret" and dialog.remember_box.isChecked()
    assert dialog.list_button.isEnabled()
    assert store.threads and threading.get_ident() not in store.threads


def test_exports_keep_channels_that_share_a_name_apart(pane, aloop, tmp_path):
    path = write_record(
        tmp_path / "spares.cfg",
        [Analog("Spare", "", "V", sine(N, RATE, 10.0)), Analog("Spare", "", "V", sine(N, RATE, 20.0, 90.0))],
    )
    open_record(pane, aloop, path)
    pane.set_channel_visible("a0", False)
    task = pane.export_csv(tmp_path / "spare.csv")
    run_until(aloop, task.done)
    rows = list(csv.reader((tmp_path / "spare.csv").open(encoding="utf-8")))
    assert rows[0] == ["time_s", "Spare [V]"]
    second = read(path).analog(1)
    assert [float(r[1]) for r in rows[1:4]] == pytest.approx(second[:3], rel=1e-5)
    task = pane.export_comtrade(tmp_path / "spare_extract.cfg")
    run_until(aloop, task.done)
    np.testing.assert_allclose(read(tmp_path / "spare_extract.cfg").analog(0), second, rtol=1e-5, atol=1e-3)
