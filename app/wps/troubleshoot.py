"""The guide's LED and troubleshooting tables as data, and a lookup over them.

Choose the status LED pattern, the phase LEDs and any symptoms; :func:`diagnose`
returns what the LEDs mean and every table row whose conditions all hold, each
with its cause, action and guide lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class StatusLed(StrEnum):
    """Patterns of the status LED (wps.md §2.2)."""

    OFF = "off"
    STEADY_GREEN = "steady green"
    BLINKING_GREEN = "blinking green"
    FAST_BLINKING_GREEN = "fast blinking green"
    STEADY_ORANGE = "steady orange"
    BLINKING_ORANGE = "blinking orange"
    FAST_BLINKING_ORANGE = "fast blinking orange"
    STEADY_RED = "steady red"
    BLINKING_RED = "blinking red"
    STEADY_BLUE = "steady blue"
    BLINKING_BLUE = "blinking blue"


class PhaseLeds(StrEnum):
    """What the voltage-presence LEDs L1, L2 and L3 show together (wps.md §2.1)."""

    ALL_LIT = "all three lit"
    TWO_LIT = "two lit"
    ONE_LIT = "one lit"
    NONE_LIT = "none lit"
    ALL_BLINKING = "all three blinking"


class Symptom(StrEnum):
    """Problems named in the guide's troubleshooting tables."""

    NO_LORA_AT_ACTIVATION = (
        "no LoRa connection when activating the switchboard in Facility Expert"
    )
    LORA_CONNECTION_LOSS = "the LoRa connection is regularly lost"
    METERING_DATA_MISSING = "metering data is regularly missing in Facility Expert"
    FIRMWARE_UPDATE_FAILED = "a firmware update did not succeed"
    WIRELESS_DEVICES_LOST = "communication with the wireless devices is lost"
    DEVICE_NOT_DISCOVERED = "a wireless device is not detected or discovered"
    DATA_WRONG_IN_FACILITY_EXPERT = "data is lost or wrongly shown in Facility Expert"
    BLUETOOTH_LOST = "the Bluetooth connection was established, then lost"
    PHONE_NOT_CONNECTED = "my phone is not connected to the Wireless Panel Server"


@dataclass(frozen=True)
class LedMeaning:
    """What an LED pattern means. ``inferred`` marks a colour the guide shows only as a
    picture; ``note`` gives a second meaning or a gap in the guide."""

    meaning: str
    source: str
    inferred: bool = False
    note: str | None = None


STATUS_TABLE_NOTE = (
    "The guide's status-LED table (L343-352) shows each pattern only as a picture; the "
    "colours are matched from the procedures and troubleshooting text cited with each "
    "meaning."
)
_LORA_LED_NOTE = (
    "When LoRaWAN is disabled in EcoStruxure Power Commission, the LoRa-related LED "
    "patterns are disabled too; the guide does not list which ones (L894)."
)
STATUS_LED: Mapping[StatusLed, LedMeaning] = MappingProxyType({
    StatusLed.OFF: LedMeaning(
        "No power supply, or the supply is not working.",
        "wps.md §2.2 / L344, L1392",
    ),
    StatusLed.STEADY_GREEN: LedMeaning(
        "Powered and connected to a LoRa network: normal operation.",
        "wps.md §2.2 / L345, L370, L808",
        note=_LORA_LED_NOTE,
    ),
    StatusLed.BLINKING_GREEN: LedMeaning(
        "Trying to connect to a LoRa network; this can take several minutes, and "
        "up to 15 minutes after a reset.",
        "wps.md §2.2 / L346, L369, L1339, L1269",
        note=_LORA_LED_NOTE,
    ),
    StatusLed.FAST_BLINKING_GREEN: LedMeaning(
        "Factory reset confirmed; the unit reboots next.",
        "wps.md §2.3 / L388, L1267",
    ),
    StatusLed.STEADY_ORANGE: LedMeaning(
        "Booting or rebooting.",
        "wps.md §2.2 / L347, L368",
    ),
    StatusLed.BLINKING_ORANGE: LedMeaning(
        "During commissioning: powered, but LoRa communication has not been activated "
        "for more than 15 minutes. During operation: a malfunction was detected; "
        "connect EcoStruxure Power Commission to diagnose it.",
        "wps.md §2.2 / L348, L372, L1329, L1396",
        inferred=True,
        note=_LORA_LED_NOTE,
    ),
    StatusLed.FAST_BLINKING_ORANGE: LedMeaning(
        "Factory-reset confirmation window: release the button and press it again "
        "within 5 seconds to reset the unit.",
        "wps.md §2.3 / L380-384, L1265-1266",
    ),
    StatusLed.STEADY_RED: LedMeaning(
        "Major malfunction that EcoStruxure Power Commission cannot diagnose; the "
        "Wireless Panel Server must be replaced.",
        "wps.md §2.2 / L349, L1394",
        inferred=True,
        note="Right after a factory-reset attempt, steady red only means the reset was "
        "cancelled (L397).",
    ),
    StatusLed.BLINKING_RED: LedMeaning(
        "Firmware discrepancy or major malfunction; connect EcoStruxure Power "
        "Commission to diagnose it. The unit may need to be replaced.",
        "wps.md §2.2 / L350, L1393",
        inferred=True,
        note="Right after a factory-reset attempt that was not confirmed, blinking red "
        "means: reboot the unit, it was not reset (L398).",
    ),
    StatusLed.STEADY_BLUE: LedMeaning(
        "Bluetooth is on and EcoStruxure Power Commission is connected.",
        "wps.md §2.2 / L351, L814, L826",
    ),
    StatusLed.BLINKING_BLUE: LedMeaning(
        "Bluetooth is on and waiting for EcoStruxure Power Commission to connect.",
        "wps.md §2.2 / L352, L813, L825",
    ),
})

PHASE_LEDS: Mapping[PhaseLeds, LedMeaning] = MappingProxyType({
    PhaseLeds.ALL_LIT: LedMeaning(
        "Voltage detected on all three phases.",
        "wps.md §2.1 / L335",
        note="Wired 3 phases without neutral, a single lost phase keeps its LED lit "
        "and sends no alert, because loads may feed residual voltage back (L731-733).",
    ),
    PhaseLeds.TWO_LIT: LedMeaning(
        "Voltage detected on two phases; the third has none.",
        "wps.md §2.1 / L335-336",
    ),
    PhaseLeds.ONE_LIT: LedMeaning(
        "Voltage detected on one phase only; normal in a single-phase installation.",
        "wps.md §2.1, §5.1 / L335-336, L746",
    ),
    PhaseLeds.NONE_LIT: LedMeaning(
        "No voltage detected on any phase.",
        "wps.md §2.1 / L336",
        note="This is only an indication: confirm absence of voltage with a properly "
        "rated tester (L718). In a single-phase network a disconnected neutral also "
        "puts the LED out and stops LoRa (L740).",
    ),
    PhaseLeds.ALL_BLINKING: LedMeaning(
        "Firmware update in progress.",
        "wps.md §2.1 / L337",
    ),
})


@dataclass(frozen=True)
class Remedy:
    """A troubleshooting-table row: it applies when every condition it sets holds."""

    problem: str
    cause: str
    action: str
    source: str
    status: StatusLed | None = None
    phases: PhaseLeds | None = None
    symptom: Symptom | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.status is None and self.phases is None and self.symptom is None:
            raise ValueError(f"remedy '{self.problem}' has no condition")

    def applies(
        self,
        status: StatusLed | None,
        phases: PhaseLeds | None,
        symptoms: frozenset[Symptom],
    ) -> bool:
        """Whether every condition of this row holds for the chosen observations."""
        return (
            (self.status is None or self.status is status)
            and (self.phases is None or self.phases is phases)
            and (self.symptom is None or self.symptom in symptoms)
        )


_DEVICES_LOST_NOTE = (
    "The guide lists lost communication with the wireless devices twice, with "
    "different causes (L1409: radio channel pollution; L1413: WPS malfunction), and "
    "does not say how to tell them apart."
)
_ANTENNA_NOTE = (
    "Where there is no operator LoRa network, or the signal stays low within 10 m of "
    "the switchboard, the LoRa/4G router SMT10014 can carry LoRa over 4G (L914-917)."
)

REMEDIES: tuple[Remedy, ...] = (
    Remedy(
        "Status LED not lit.",
        "Source power is not applied or is not stable.",
        "Apply power or check the power source.",
        "wps.md §9.1 / L1392",
        status=StatusLed.OFF,
    ),
    Remedy(
        "Status LED blinking red.",
        "Firmware discrepancy, or a Wireless Panel Server malfunction was detected.",
        "Connect EcoStruxure Power Commission to diagnose the issue; depending on "
        "the issue, the Wireless Panel Server must be replaced.",
        "wps.md §9.1 / L1393",
        status=StatusLed.BLINKING_RED,
        note="The LED table says the unit 'may need to be replaced' (L350), this "
        "table says it 'must be replaced' (L1393).",
    ),
    Remedy(
        "Status LED steady red.",
        "Major malfunction of the Wireless Panel Server.",
        "Call your local service representative; the Wireless Panel Server must be "
        "replaced.",
        "wps.md §9.1 / L1394",
        status=StatusLed.STEADY_RED,
        note="Right after a factory-reset attempt, steady red only means the reset "
        "was cancelled (L397).",
    ),
    Remedy(
        "During commissioning, no LoRa connection when activating the switchboard in "
        "Facility Expert; the status LED stays blinking green.",
        "The pushbutton was pressed too briefly.",
        "Press the pushbutton for more than 5 s and do the activation procedure again.",
        "wps.md §9.1 / L1395",
        status=StatusLed.BLINKING_GREEN,
        symptom=Symptom.NO_LORA_AT_ACTIVATION,
        note="The guide does not explain this: a press of more than 5 s is its reboot "
        "action (L366), a short press toggles Bluetooth (L809), and the activation "
        "procedure has no button press at all (L1333-1346).",
    ),
    Remedy(
        "During commissioning, no LoRa connection when activating the switchboard in "
        "Facility Expert; the status LED does not turn from blinking orange to steady "
        "green.",
        "LoRa communication has not been activated for more than 15 minutes.",
        "Try to connect to the LoRa network again (see ESXP1G005EN).",
        "wps.md §9.1 / L1396",
        status=StatusLed.BLINKING_ORANGE,
        symptom=Symptom.NO_LORA_AT_ACTIVATION,
    ),
    Remedy(
        "Firmware update not successful.",
        "The phone is not connected to the Wireless Panel Server over Bluetooth.",
        "Check that Bluetooth is activated on the Wireless Panel Server and that the "
        "phone is connected (status LED steady blue).",
        "wps.md §9.1 / L1397",
        symptom=Symptom.FIRMWARE_UPDATE_FAILED,
    ),
    *(
        Remedy(
            problem,
            "The LoRa antenna signal is not sufficient.",
            "Move the antenna to a place where the signal is good enough to transfer "
            "data (see DOCA0203EN).",
            f"wps.md §9.2 / {line}",
            symptom=symptom,
            note=_ANTENNA_NOTE,
        )
        for problem, symptom, line in (
            (
                "No LoRa connection when activating the switchboard in Facility "
                "Expert.",
                Symptom.NO_LORA_AT_ACTIVATION,
                "L1402",
            ),
            (
                "Regular loss of the LoRa connection.",
                Symptom.LORA_CONNECTION_LOSS,
                "L1402-1403",
            ),
            (
                "Metering data regularly missing in Facility Expert.",
                Symptom.METERING_DATA_MISSING,
                "L1402, L1404",
            ),
        )
    ),
    Remedy(
        "The Wireless Panel Server has lost communication with the wireless devices.",
        "Pollution on the radio-frequency channel.",
        "Change the IEEE 802.15.4 channel used with the wireless devices (channels 11 "
        "to 26).",
        "wps.md §9.3 / L1409, L591",
        symptom=Symptom.WIRELESS_DEVICES_LOST,
        note=_DEVICES_LOST_NOTE,
    ),
    Remedy(
        "A wireless device is not detected or discovered.",
        "The Wireless Panel Server firmware does not recognise this type of device.",
        "Update the Wireless Panel Server firmware with EcoStruxure Power Commission.",
        "wps.md §9.3 / L1410",
        symptom=Symptom.DEVICE_NOT_DISCOVERED,
    ),
    Remedy(
        "A wireless device is not detected or discovered.",
        "The limit of 15 wireless devices detected has been reached.",
        "Check the number of wireless devices detected.",
        "wps.md §9.3 / L1411",
        symptom=Symptom.DEVICE_NOT_DISCOVERED,
        note="The guide's per-type limits (L848-854) allow more than 15 devices "
        "together; it does not say whether 15 caps all types.",
    ),
    Remedy(
        "Data lost or wrongly shown in Facility Expert.",
        "Wireless Panel Server malfunction.",
        "Call your Schneider Electric Customer Care Center.",
        "wps.md §9.3 / L1412",
        symptom=Symptom.DATA_WRONG_IN_FACILITY_EXPERT,
    ),
    Remedy(
        "Connection of the Wireless Panel Server with the wireless devices is lost.",
        "Wireless Panel Server malfunction.",
        "Call your Schneider Electric Customer Care Center.",
        "wps.md §9.3 / L1413",
        symptom=Symptom.WIRELESS_DEVICES_LOST,
        note=_DEVICES_LOST_NOTE,
    ),
    Remedy(
        "The Bluetooth connection was established but the signal is lost.",
        "The phone was moved out of range.",
        "Bring the phone back within range (up to 10 m in open field, in front of the "
        "switchboard) and connect again.",
        "wps.md §9.4 / L835, L800",
        symptom=Symptom.BLUETOOTH_LOST,
    ),
    Remedy(
        "The status LED is steady blue but your phone is not connected.",
        "Another phone is already connected to the Wireless Panel Server.",
        "Check whether another phone within range is connected. If it is not one of "
        "yours, press the button to end that connection, then press it again to open "
        "a new pairing session.",
        "wps.md §9.4, §6.2 / L836, L1037",
        status=StatusLed.STEADY_BLUE,
        symptom=Symptom.PHONE_NOT_CONNECTED,
    ),
    Remedy(
        "None of the voltage-presence LEDs is lit.",
        "Source power is not applied or is not stable.",
        "Apply power or check the power source.",
        "wps.md §5.1 / L745",
        phases=PhaseLeds.NONE_LIT,
    ),
    Remedy(
        "Only one voltage-presence LED is lit.",
        "Check the installation: single-phase or 3-phase.",
        "Single-phase: the installation is correct, no action. 3-phase: correct the "
        "cable connection of the other two phases.",
        "wps.md §5.1 / L746",
        phases=PhaseLeds.ONE_LIT,
    ),
    Remedy(
        "During commissioning, before connecting to Facility Expert, one "
        "voltage-presence LED is not lit.",
        "The phase is lost, or not correctly connected.",
        "Check the cable connection of that phase.",
        "wps.md §5.1 / L747-748",
        phases=PhaseLeds.TWO_LIT,
    ),
)


@dataclass(frozen=True)
class Diagnosis:
    """The meaning of the chosen LED states and the table rows that apply."""

    status: LedMeaning | None
    phases: LedMeaning | None
    remedies: tuple[Remedy, ...]


def diagnose(
    status: StatusLed | None = None,
    phases: PhaseLeds | None = None,
    symptoms: Iterable[Symptom] = (),
) -> Diagnosis:
    """Look the observations up in the guide's tables (rows in the guide's order)."""
    chosen = frozenset(symptoms)
    return Diagnosis(
        status=STATUS_LED[status] if status is not None else None,
        phases=PHASE_LEDS[phases] if phases is not None else None,
        remedies=tuple(r for r in REMEDIES if r.applies(status, phases, chosen)),
    )
