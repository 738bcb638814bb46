"""Settings pane: read a device's settings, edit them (or a file) offline, compare, write verified.

The forms come from the profile's setting groups, one tab per group as the
manual's screens show them; each field has its unit, allowed values, default
and help, is checked as typed and against the profile's cross-field rules,
and sits next to the device's value. Write sends only what differs, in a safe
order, and shows the per-setting report; templates write the edited settings
to several devices of the same model. Work runs on the GUI's event loop
(:mod:`app.config` is async); the pane has no timers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import (
    Change,
    ChangeLog,
    Configuration,
    WritePlan,
    apply_write,
    diff,
    load,
    prepare_write,
    read_configuration,
    save,
)
from app.config.files import SUFFIXES
from app.config.model import same_value
from app.config.rules import Problem, check_rules
from app.errors import MeterDeskError
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles import Profile, load_all
from app.profiles.model import Rule
from app.session import DeviceAddress, DeviceSession
from ui.device_tree import DeviceTree
from ui.language import session_state
from ui.panes.settings_form import GroupPage
from ui.panes.settings_views import DiffView, ReportView
from ui.sessions import Sessions
from ui.tasks import spawn
from ui.widgets.setting_calculators import CalculatorBox, calculator_box
from ui.widgets.setting_editor import BLANK, SettingEditor

FILE_FILTER = QT_TRANSLATE_NOOP("SettingsPane", "MeterDesk configuration (*.toml *.json)")


class SettingsPane(QWidget):
    """Read, edit, compare and write one device's settings; apply them to others."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Settings")

    def __init__(self, sessions: Sessions, tree: DeviceTree | None = None, data_dir: str | Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.tree = tree
        self.log = ChangeLog(data_dir)
        self.session: DeviceSession | None = None
        self.profile: Profile | None = None
        self.device_config: Configuration | None = None
        self.file_config: Configuration | None = None
        self.file_path: Path | None = None
        self.editors: dict[str, SettingEditor] = {}
        self.installed: dict[str, SettingEditor] = {}
        self.pages: list[GroupPage] = []
        self.calculators: list[CalculatorBox] = []
        self.problems: list[Problem] = []
        #: Asks the user to confirm a planned write; tests replace it.
        self.confirm: Callable[[WritePlan], bool] = self._confirm_dialog
        self._task = None
        self._profiles = {p.id: p for p in load_all().values() if p.settings()}
        self._build()
        self._show_device()
        sessions.sig_state_changed.connect(self._on_state_changed)

    # ---- layout

    def _build(self) -> None:
        self.device_label = QLabel()
        self.device_label.setWordWrap(True)
        self.device_label.setStyleSheet("font-weight: bold;")
        self.profile_combo = QComboBox()
        for p in self._profiles.values():
            self.profile_combo.addItem(f"{p.vendor} {p.model}", p.id)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setToolTip(self.tr("Start an offline configuration of this model from its defaults"))
        self.read_button = QPushButton(self.tr("Read from device"))
        self.revert_button = QPushButton(self.tr("Reset to device"))
        self.revert_button.setToolTip(self.tr("Put the device's values back into every field"))
        self.open_button = QPushButton(self.tr("Open…"))
        self.save_button = QPushButton(self.tr("Save as…"))
        self.write_button = QPushButton(self.tr("Write to device…"))
        self.write_button.setDefault(True)
        self.template_button = QPushButton(self.tr("Apply to devices…"))
        self.template_button.setToolTip(self.tr("Write these settings to several devices of the same model"))
        self.log_button = QPushButton(self.tr("Change log…"))

        top = QHBoxLayout()  # the device on its own line; the offline model's and the file's actions below it
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Offline model")))
        top.addWidget(self.profile_combo)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        top.addWidget(self.save_button)
        buttons = QHBoxLayout()
        for b in (self.read_button, self.revert_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.write_button, self.template_button, self.log_button):
            buttons.addWidget(b)

        self.tabs = QTabWidget()
        self.diff_view = DiffView()
        self.report_view = ReportView()
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.device_label)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.status)

        self.new_button.clicked.connect(lambda: self.new_configuration(self._profiles[self.profile_combo.currentData()]))
        self.read_button.clicked.connect(self.read_device)
        self.revert_button.clicked.connect(self.reset_to_device)
        self.open_button.clicked.connect(self._open_dialog)
        self.save_button.clicked.connect(self._save_dialog)
        self.write_button.clicked.connect(self.write_device)
        self.template_button.clicked.connect(self.open_template_dialog)
        self.log_button.clicked.connect(self.open_change_log)

    def _build_profile(self, profile: Profile) -> None:
        """One tab per setting group of ``profile``, then the comparison and report tabs."""
        self.profile = profile
        self.tabs.clear()
        for page in self.pages:
            page.deleteLater()
        self.editors, self.installed, self.pages, self.calculators = {}, {}, [], []
        installed = {r.registers[0]: r for r in profile.rules if r.kind == "installed"}
        with_settings = {r.group for r in profile.settings()}
        for group in profile.groups:
            if group.kind != "setting" or group.id not in with_settings:
                continue
            side = self._side_panel(profile, group.id, installed)
            page = GroupPage(profile, group, side)
            page.sig_edited.connect(self._on_edited)
            self.editors.update(page.editors)
            self.pages.append(page)
            self.tabs.addTab(page, group.label)  # the profile's label, already in the user's language
        self.tabs.addTab(self.diff_view, self.tr("Differences"))
        self.tabs.addTab(self.report_view, self.tr("Write report"))
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(profile.id)))
        self.diff_view.configs = dict.fromkeys(self.diff_view.configs)

    def _side_panel(self, profile: Profile, group_id: str, installed: dict[str, Rule]) -> QWidget | None:
        """Calculators of the group and "installed as" fields of its registers (``installed``: their rules)."""
        boxes: list[QWidget] = []
        for name, rule in sorted(installed.items()):
            reg = profile.register(name)
            if reg.group != group_id:
                continue
            box = QGroupBox(self.tr("Installation"))
            inner = QVBoxLayout(box)
            note = QLabel(self.tr("How is it really installed? %s must match it: %s.") % (reg.label, rule.message))
            note.setWordWrap(True)
            editor = SettingEditor(reg)
            editor.setToolTip(self.tr("Installed as (not a device register; saved in the configuration file)"))
            editor.sig_edited.connect(self._on_edited)
            inner.addWidget(QLabel(self.tr("%s as installed") % reg.label))
            inner.addWidget(editor)
            inner.addWidget(note)
            self.installed[name] = editor
            boxes.append(box)
        for calc in profile.calculators:
            if calc.group == group_id:
                box = calculator_box(calc, self)
                self.calculators.append(box)
                boxes.append(box)
        if not boxes:
            return None
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        for box in boxes:
            column.addWidget(box)
        column.addStretch(1)
        panel.setMinimumWidth(320)
        return panel

    def shutdown(self) -> None:
        """Stop work in flight (the window is closing)."""
        if self._task is not None:
            self._task.cancel()

    # ---- the device

    def set_session(self, session: DeviceSession | None) -> None:
        """Work on ``session``'s device (from the device tree); its settings are read if it is connected."""
        if session is self.session:
            return
        self.session = session
        self.device_config = None
        if session is not None:
            try:
                profile = session.address.profile
            except MeterDeskError:  # a device without a profile yet: nothing to set
                profile = None
            if profile is not None and profile.settings() and profile is not self.profile:
                self._build_profile(profile)
                self._fill({})
        self._show_device()
        self._refresh()
        if session is not None and session.device is not None:
            self.read_device()

    def _on_state_changed(self, session: DeviceSession) -> None:
        if session is self.session:
            self._show_device()
            self._refresh()

    def _show_device(self) -> None:
        session = self.session
        profile = self.profile
        if session is None:
            text = self.tr("No device selected: pick one in My devices, or work offline on a file.")
        else:
            a = session.address
            text = f"{a.name} — {a.label} — {session_state(session.state)}"
        if profile is not None:
            text += "\n" + self.tr("%s %s (profile %s, version %s)") % (profile.vendor, profile.model, profile.id,
                                                                       profile.version)
            if self.file_path is not None:
                text += self.tr(" — file %s") % self.file_path.name
        self.device_label.setText(text)

    def read_device(self) -> None:
        """Read the device's settings into the editors (connecting first if needed)."""
        if self.session is None:
            self._error(self.tr("Pick a device in My devices first."))
            return
        self._run(self._read(self.session, load_editors=True))

    async def _read(self, session: DeviceSession, load_editors: bool) -> None:
        self._say(self.tr("Reading the settings of %s…") % session.address.name)
        if session.device is None:
            await self.sessions.connect(session)
        assert session.device is not None
        config = await read_configuration(session.device)
        if session is not self.session:
            return
        if config.profile is not self.profile:
            self._build_profile(config.profile)
            load_editors = True
        self.device_config = config
        self.diff_view.set_configuration("Device", config)
        if load_editors:
            self._fill(config.values)
        self._show_device()
        self._refresh()
        notes = []
        if config.missing:
            notes.append(self.tr("%d setting(s) the device did not give") % len(config.missing))
        if config.unusable:
            notes.append(self.tr("%d value(s) the profile does not allow, shown but never written back")
                         % len(config.unusable))
        self._say(self.tr("Read %d settings from %s") % (len(config.values), session.address.name)
                  + (f" ({'; '.join(notes)})" if notes else "") + ".")

    def reset_to_device(self) -> None:
        if self.device_config is not None:
            self._fill(self.device_config.values)
            self._refresh()

    # ---- offline files

    def new_configuration(self, profile: Profile) -> None:
        """An offline configuration of ``profile``: its defaults where the manual gives them."""
        self._build_profile(profile)
        self.file_config, self.file_path = None, None
        if self.session is not None and self.session.address.profile_id != profile.id:
            self.session, self.device_config = None, None
        self._fill({r.name: r.default for r in profile.settings() if r.default is not None})
        self._show_device()
        self._refresh()
        self._say(self.tr("New %s configuration from the profile's defaults.") % profile.model)

    def open_file(self, path: str | Path) -> None:
        """Load a configuration file into the editors (the device, if any, stays for comparison)."""
        try:
            config = load(path)
        except MeterDeskError as exc:
            self._error(str(exc))
            return
        if config.profile is not self.profile:
            self._build_profile(config.profile)
            if self.device_config is not None and self.device_config.profile.id != config.profile.id:
                self.device_config = None
        self.file_config, self.file_path = config, Path(path)
        self.diff_view.set_configuration("File", config)
        self._fill(config.values, config.installation)
        self._show_device()
        self._refresh()
        self.diff_view.choose("Device" if self.device_config else "File", "File" if self.device_config else "Edited")
        self._say(self.tr("Opened %s: %d settings.") % (Path(path).name, len(config.values)))

    def save_file(self, path: str | Path) -> bool:
        """Save the edited settings; refused while a field holds a value its register does not allow."""
        config = self.edited_configuration()
        bad = [e.reg.label for e in self.editors.values() if e.problem()]
        if config is None or bad:
            self._error(self.tr("Fix the marked fields first: %s") % ", ".join(bad))
            return False
        try:
            saved = save(config, path)
        except MeterDeskError as exc:
            self._error(str(exc))
            return False
        self.file_config, self.file_path = load(saved), saved
        self.diff_view.set_configuration("File", self.file_config)
        self._show_device()
        self._say(self.tr("Saved %d settings to %s.") % (len(config.values), saved))
        return True

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open configuration"), "", self.tr(FILE_FILTER))
        if path:
            self.open_file(path)

    def _save_dialog(self) -> None:
        suggested = str(self.file_path or Path((self.session.address.name if self.session else "settings") + ".toml"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save configuration"), suggested, self.tr(FILE_FILTER))
        if path:
            if Path(path).suffix.lower() not in SUFFIXES:
                path += ".toml"
            self.save_file(path)

    # ---- editing

    def _fill(self, values: dict[str, Value], installation: dict[str, Value] | None = None) -> None:
        """Show ``values`` in the editors (settings not given are left blank)."""
        for name, editor in self.editors.items():
            editor.set_value(values.get(name))
        for name, editor in self.installed.items():
            editor.set_value((installation or {}).get(name))

    def current(self, name: str) -> Value | None:
        """The edited value of ``name`` if valid, else the device's (calculators read the form with it)."""
        editor = self.editors.get(name)
        if editor is not None and not editor.problem():
            value = editor.value()
            if value is not BLANK:
                return value
        if self.device_config is not None:
            return self.device_config.values.get(name)
        return None

    def put(self, name: str, value: Value) -> None:
        """Set a field as if typed (calculators' "Use")."""
        editor = self.editors[name]
        editor.set_value(value)
        self._on_edited(name)

    def edited_values(self) -> dict[str, Value]:
        """Every field holding a valid value."""
        return _valid_values(self.editors)

    def edited_configuration(self) -> Configuration | None:
        if self.profile is None:
            return None
        return Configuration(self.profile, self.edited_values(), _valid_values(self.installed),
                             device=self.session.address.name if self.session else "")

    def _on_edited(self, _name: str = "") -> None:
        self._refresh()

    def _refresh(self) -> None:
        """Re-check everything after a change: marks, device column, problems, calculators, buttons."""
        if self.profile is None:
            self._update_buttons([], [])
            return
        edited = self.edited_configuration()
        assert edited is not None
        device = self.device_config.values if self.device_config else {}
        merged = {**device, **edited.values}
        self.problems = check_rules(self.profile, merged, edited.installation)
        notes: dict[str, list[str]] = {}
        for p in self.problems:
            if p.is_error:
                for name in p.names:
                    notes.setdefault(name, []).append(str(p))
        for name, editor in (*self.editors.items(), *self.installed.items()):
            editor.set_note("\n".join(notes[name]) if name in notes else None)
        self._show_device_values(edited.values)
        for page in self.pages:
            page.update_derived(merged)
        for calc in self.calculators:
            calc.refresh()
        self.diff_view.set_configuration("Edited", edited)
        field_problems = [f"{e.reg.label}: {e.problem()}" for e in self.editors.values() if e.problem()]
        self._show_problems(field_problems)
        self._update_buttons(field_problems, diff(self.device_config, edited) if self.device_config else [])

    def _show_device_values(self, edited: dict[str, Value]) -> None:
        config = self.device_config
        for page in self.pages:
            for name, label in page.device_values.items():
                reg = self.profile.register(name)
                if config is None:
                    label.show_value("—", False)
                elif name in config.values:
                    value = config.values[name]
                    changed = name in edited and not same_value(reg, value, edited[name])
                    label.show_value(codec.format_value(reg, value, with_unit=False) or self.tr("(empty)"), changed)
                elif name in config.unusable:
                    text = codec.format_value(reg, config.unusable[name], with_unit=False)
                    label.show_value(f"{text} ⚠", False, self.tr("The device holds a value the profile does not "
                                                                "allow; it is never written back as is"))
                else:
                    label.show_value(self.tr("n/a"), False, self.tr("The device did not give this setting"))

    def _show_problems(self, field_problems: list[str]) -> None:
        errors = field_problems + [str(p) for p in self.problems if p.is_error]
        warnings = [str(p) for p in self.problems if not p.is_error]
        lines = [f"✖ {e}" for e in errors[:4]] + [f"⚠ {w}" for w in warnings[:2]]
        more = len(errors) + len(warnings) - len(lines)
        if more > 0:
            lines.append(self.tr("… and %d more") % more)
        self.problem_label.setText("\n".join(lines))
        self.problem_label.setStyleSheet("color: #c62828;" if errors else "color: #8d6e00;")

    def changes(self) -> list[Change]:
        """What writing the edited settings to the device would change."""
        edited = self.edited_configuration()
        if self.device_config is None or edited is None:
            return []
        return diff(self.device_config, edited)

    def _update_buttons(self, field_problems: list[str], pending: list[Change]) -> None:
        """Enable what can be done; ``pending`` is what a write would change (see :meth:`changes`)."""
        connected = self.session is not None and self.session.device is not None
        errors = bool(field_problems) or any(p.is_error for p in self.problems)
        busy = self._task is not None and not self._task.done()
        self.read_button.setEnabled(self.session is not None and not busy)
        self.revert_button.setEnabled(self.device_config is not None and not busy)
        self.save_button.setEnabled(self.profile is not None and not field_problems)
        can_write = connected and self.device_config is not None and not errors and bool(pending) and not busy
        self.write_button.setEnabled(can_write)
        if errors:
            why = self.tr("Fix the marked fields first")
        elif not connected or self.device_config is None:
            why = self.tr("Read the settings of a connected device first")
        elif not pending:
            why = self.tr("The device already holds these settings")
        else:
            why = self.tr("Write %d changed setting(s), each verified by read-back") % len(pending)
        self.write_button.setToolTip(why)
        self.template_button.setEnabled(self.profile is not None and not errors and not busy)

    # ---- writing

    def write_device(self) -> None:
        """Write what differs from the device, after confirmation; show the report."""
        if self.session is None or self.session.device is None:
            return
        self._run(self._write(self.session, self.changes()))

    async def _write(self, session: DeviceSession, changes) -> None:
        device = session.device
        assert device is not None
        plan = await prepare_write(device, changes)
        if plan.empty:
            self._say(self.tr("The device already holds these settings."))
            return
        if not self.confirm(plan):
            self._say(self.tr("Nothing was written."))
            return
        self._say(self.tr("Writing %d setting(s) to %s…") % (len(plan.changes), session.address.name))
        report = await apply_write(device, plan, self.log, session.address.label)
        self.report_view.show_report(report)
        self.tabs.setCurrentWidget(self.report_view)
        summary = report.summary()
        try:
            await self._read(session, load_editors=False)
        except MeterDeskError as exc:  # e.g. a link setting cut the link: the report says which
            summary += self.tr("; the settings could not be read again: %s") % exc
        self._say(summary, error=not report.ok)

    def _confirm_dialog(self, plan: WritePlan) -> bool:
        lines = [f"• {c.label}: {c.old_text} → {c.new_text}" for c in plan.changes[:20]]
        if len(plan.changes) > 20:
            lines.append(self.tr("… and %d more") % (len(plan.changes) - 20))
        text = self.tr("Write %d setting(s) to %s, in this order?") % (len(plan.changes), plan.device)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Write settings"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        details = "\n".join(lines)
        if plan.warnings:
            details += "\n\n" + "\n".join(f"⚠ {w}" for w in plan.warnings)
            box.setIcon(QMessageBox.Icon.Warning)
        box.setInformativeText(details)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ---- templates and the change log

    def known_devices(self) -> list[DeviceAddress]:
        """Every device in My devices."""
        return self.tree.addresses() if self.tree is not None else []

    def template_dialog(self):
        """The dialog that writes the edited settings to devices of the same model."""
        from ui.dialogs.template_apply import TemplateDialog

        config = self.edited_configuration()
        assert config is not None
        return TemplateDialog(config, self.known_devices(), self.sessions.pool, self.log, self)

    def open_template_dialog(self) -> None:
        if self.profile is not None:
            self.template_dialog().exec()

    def open_change_log(self) -> None:
        from ui.panes.settings_log import ChangeLogDialog

        ChangeLogDialog(self.log, self.session.address.name if self.session else None, self).exec()

    # ---- plumbing

    def _run(self, coro) -> None:
        self._task = spawn(coro, self._error)
        self._task.add_done_callback(lambda _t: self._refresh())
        self._refresh()

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "")

    def _error(self, text: str) -> None:
        self._say(text, error=True)


def _valid_values(editors: dict[str, SettingEditor]) -> dict[str, Value]:
    """The values of the editors that hold a valid one (blank and refused fields left out)."""
    values = {}
    for name, editor in editors.items():
        if not editor.problem() and (value := editor.value()) is not BLANK:
            values[name] = value
    return values
