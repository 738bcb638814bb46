"""Commissioning checklist of a Wireless Panel Server, following the guide.

:func:`procedure` gives the guide's steps as data; a :class:`Checklist` records
pass/fail/notes per step. The Factory Acceptance Test report itself is built by
:mod:`app.wps.fat_report`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from app.errors import MeterDeskError
from app.i18n import N_, TranslatedEnum, _


class ChecklistError(MeterDeskError):
    """Saved checklist data cannot be read back."""


class Section(TranslatedEnum):
    """Parts of the commissioning, in the order they are carried out (:attr:`label`: the title)."""

    PHYSICAL_SECURITY = N_("Physical security")
    CONFIGURATION_PREREQUISITES = N_("Before configuring the wireless devices")
    CONFIGURATION = N_("Configuration with wireless devices (EcoStruxure Power Commission)")
    PAIRING_REVIEW = N_("Review of the paired devices")
    CLOUD_PREREQUISITES = N_("Before activating the cloud service")
    CLOUD_ACTIVATION = N_("Cloud service activation (EcoStruxure Facility Expert)")


WIRELESS_ONLY = frozenset({
    Section.CONFIGURATION_PREREQUISITES,
    Section.CONFIGURATION,
    Section.PAIRING_REVIEW,
})
"""Sections needed only when the switchboard holds wireless devices (L1311-1313)."""


@dataclass(frozen=True)
class Step:
    """One step or prerequisite. ``expect`` says what to observe; ``note`` flags a gap
    or contradiction in the guide. :data:`STEPS` holds them in English;
    :func:`procedure` hands them out in the current language."""

    id: str
    section: Section
    number: int
    text: str
    source: str
    expect: str = ""
    note: str = ""


def _steps(
    section: Section, prefix: str, rows: tuple[tuple[str, ...], ...]
) -> list[Step]:
    return [Step(f"{prefix}.{n}", section, n, *row) for n, row in enumerate(rows, 1)]


_BLINKING_ORANGE_NOTE = (
    N_("Blinking orange means LoRa has not been activated for more than 15 minutes "
       "(L348); the guide does not say what the LED shows in the first 15 minutes after "
       "the switchboard is energised.")
)

STEPS: tuple[Step, ...] = (
    *_steps(Section.PHYSICAL_SECURITY, "security", (
        (N_("The tamper-indicating label is clean and shows no sign of tampering (rips, "
            "tears, scratches); do not use a unit that has visibly been tampered with."),
         "wps.md §6.6 / L1211, L417"),
        (N_("The switchboard can be locked (padlock or key), as suits the risk level of "
            "the installation."),
         "wps.md §6.6 / L1217"),
        (N_("The switchboard is in a secured room (locked door or camera)."),
         "wps.md §6.6 / L1218"),
        (N_("The QR code label shows no rips, tears, punctures or scratches, and it opens "
            "a Schneider Electric web site."),
         "wps.md §6.2 / L1039"),
    )),
    *_steps(Section.CONFIGURATION_PREREQUISITES, "config-pre", (
        (N_("A smartphone with a QR code reader that supports Bluetooth Low Energy "
            "(Android 8.0 or iOS 13 or later, Bluetooth 4.0 or later)."),
         "wps.md §8.2, §4.2 / L1356, L799"),
        (N_("EcoStruxure Power Commission is installed on the smartphone."),
         "wps.md §8.2 / L1357"),
        (N_("The switchboard is energised and the status LED blinks orange."),
         "wps.md §8.2 / L1358", "", _BLINKING_ORANGE_NOTE),
    )),
    *_steps(Section.CONFIGURATION, "config", (
        (N_("Scan the QR code on the front face of the Wireless Panel Server."),
         "wps.md §8.2 / L1364"),
        (N_("On the Go2SE landing page, open the EcoStruxure Power Commission section."),
         "wps.md §8.2 / L1365"),
        (N_("Register to EcoStruxure Power Commission."), "wps.md §8.2 / L1366"),
        (N_("Turn Bluetooth on at the smartphone."), "wps.md §8.2 / L1367"),
        (N_("Briefly press the Wireless Panel Server button (less than 5 s) to turn "
            "Bluetooth on."),
         "wps.md §8.2 / L1368-1370",
         N_("The status LED blinks blue while connecting, then turns steady blue once "
            "connected. Stay within 10 m in front of the switchboard."),
         N_("The Bluetooth procedure asks for a steady green status LED before the press "
            "(L808), but this procedure starts with the LED blinking orange (L1358).")),
        (N_("Set the Wireless Panel Server password (first connection)."),
         "wps.md §8.2, §6.3 / L1372, L1150-1154",
         N_("6 to 32 characters with at least one upper-case and one lower-case letter.")),
        (N_("Update the firmware if necessary."),
         "wps.md §8.2, §5.3 / L1373, L337, L566",
         N_("All three phase LEDs blink during the update; the unit reboots afterwards.")),
        (N_("Discover the wireless devices installed in the switchboard."),
         "wps.md §8.2 / L1374"),
        (N_("Associate the discovered wireless devices with the Wireless Panel Server."),
         "wps.md §8.2, §6.4 / L1375, L1110",
         N_("Use the locate feature to check that each pairing is the right device.")),
        (N_("Configure each associated wireless device (identification, electrical "
            "information, contextualisation data)."),
         "wps.md §8.2, §5.5 / L1376, L448-451"),
        (N_("Generate the setup report for Factory Acceptance Tests (FAT) in EcoStruxure "
            "Power Commission."),
         "wps.md §8.2 / L1377"),
        (N_("Activate the cloud service with EcoStruxure Facility Expert (the cloud "
            "activation steps below)."),
         "wps.md §8.2 / L1378"),
    )),
    *_steps(Section.PAIRING_REVIEW, "pairing", (
        (N_("The list of paired devices in EcoStruxure Power Commission holds only the "
            "planned devices, with no unexpected or rogue device."),
         "wps.md §6.2, §6.6 / L1038, L1207"),
    )),
    *_steps(Section.CLOUD_PREREQUISITES, "cloud-pre", (
        (N_("On site, with access to the QR code on the front face of the Wireless Panel "
            "Server."),
         "wps.md §8.1 / L1326"),
        (N_("A smartphone with a QR code reader."), "wps.md §8.1 / L1327"),
        (N_("EcoStruxure Facility Expert is installed on the smartphone."),
         "wps.md §8.1 / L1328"),
        (N_("The switchboard is energised and the status LED blinks orange."),
         "wps.md §8.1 / L1329", "", _BLINKING_ORANGE_NOTE),
    )),
    *_steps(Section.CLOUD_ACTIVATION, "cloud", (
        (N_("Scan the QR code on the front face of the Wireless Panel Server."),
         "wps.md §8.1 / L1335"),
        (N_("On the Go2SE landing page, open the EcoStruxure Facility Expert section."),
         "wps.md §8.1 / L1336"),
        (N_("Register to EcoStruxure Facility Expert."), "wps.md §8.1 / L1337"),
        (N_("Follow the PrismaSeT connection wizard, which opens by itself."),
         "wps.md §8.1 / L1338"),
        (N_("Wait for the Wireless Panel Server to connect to the LoRa network; this can "
            "take several minutes."),
         "wps.md §8.1 / L1339-1343",
         N_("The status LED blinks green, then turns steady green, and Facility Expert "
            "reports the LoRa connection. If it fails, see ESXP1G005EN.")),
        (N_("Activate the cloud service in EcoStruxure Facility Expert. Without internet, "
            "move to a place with a connection; the app updates by itself."),
         "wps.md §8.1 / L1344-1345"),
        (N_("The switchboard status can be monitored in EcoStruxure Facility Expert."),
         "wps.md §8.1 / L1346"),
    )),
)


def procedure(with_wireless_devices: bool) -> tuple[Step, ...]:
    """The steps that apply, in the current language: the configuration sections only
    when the switchboard holds wireless devices (wps.md §8 / L1311-1313)."""
    return tuple(
        _translated(s)
        for s in STEPS
        if with_wireless_devices or s.section not in WIRELESS_ONLY
    )


def _translated(step: Step) -> Step:
    return replace(
        step,
        text=_(step.text),
        expect=_(step.expect) if step.expect else "",
        note=_(step.note) if step.note else "",
    )


class Outcome(StrEnum):
    """What was recorded for a step."""

    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not applicable"  # untranslated: key saved in checklist files (see label)

    @property
    def label(self) -> str:
        """The outcome in words, in the current language (the value stays English)."""
        return _(_OUTCOME_WORDS[self])


_OUTCOME_WORDS = {
    Outcome.PENDING: N_("pending"),
    Outcome.PASSED: N_("passed"),
    Outcome.FAILED: N_("failed"),
    Outcome.NOT_APPLICABLE: N_("not applicable"),
}


@dataclass(frozen=True)
class StepResult:
    """The outcome of one step and the engineer's note."""

    outcome: Outcome = Outcome.PENDING
    note: str = ""


class Checklist:
    """Pass/fail/notes for each step of :func:`procedure`."""

    def __init__(self, with_wireless_devices: bool) -> None:
        self.with_wireless_devices = with_wireless_devices
        self.steps = procedure(with_wireless_devices)
        self._results = {s.id: StepResult() for s in self.steps}

    def record(self, step_id: str, outcome: Outcome, note: str = "") -> None:
        """Record the outcome of ``step_id``, replacing any earlier one."""
        if step_id not in self._results:
            raise KeyError(f"no step '{step_id}' in this checklist")  # untranslated: programming error
        self._results[step_id] = StepResult(Outcome(outcome), note)

    def result(self, step_id: str) -> StepResult:
        """What was recorded for ``step_id``."""
        return self._results[step_id]

    def with_outcome(self, outcome: Outcome) -> tuple[Step, ...]:
        """The steps whose recorded outcome is ``outcome``, in procedure order."""
        return tuple(s for s in self.steps if self._results[s.id].outcome is outcome)

    @property
    def verdict(self) -> Outcome:
        """FAILED if any step failed, else PENDING while any is open, else PASSED."""
        if self.with_outcome(Outcome.FAILED):
            return Outcome.FAILED
        if self.with_outcome(Outcome.PENDING):
            return Outcome.PENDING
        return Outcome.PASSED

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form; :meth:`from_dict` reads it back."""
        return {
            "with_wireless_devices": self.with_wireless_devices,
            "results": {
                step_id: {"outcome": r.outcome.value, "note": r.note}
                for step_id, r in self._results.items()
                if r != StepResult()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checklist:
        """Read what :meth:`to_dict` wrote; :class:`ChecklistError` says what is
        wrong."""
        wireless = data.get("with_wireless_devices")
        results = data.get("results", {})
        if not isinstance(wireless, bool) or not isinstance(results, Mapping):
            raise ChecklistError(_(
                "checklist data needs 'with_wireless_devices' (true or false) and "
                "'results' (a table of steps)"
            ))
        checklist = cls(wireless)
        for step_id, saved in results.items():
            if step_id not in checklist._results:
                raise ChecklistError(
                    _("checklist data has an unknown step '{step}'").format(step=step_id)
                )
            try:
                outcome = Outcome(saved["outcome"])
                note = saved.get("note", "")
            except (TypeError, KeyError, ValueError, AttributeError):
                raise ChecklistError(
                    _("step '{step}': expected an outcome ({outcomes}) and a note").format(
                        step=step_id, outcomes=", ".join(o.value for o in Outcome)
                    )
                ) from None
            if not isinstance(note, str):
                raise ChecklistError(
                    _("step '{step}': the note must be text").format(step=step_id)
                )
            checklist.record(step_id, outcome, note)
        return checklist
