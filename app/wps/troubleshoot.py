"""The guide's LED and troubleshooting tables as data, and a lookup over them.

Choose the status LED pattern, the phase LEDs and any symptoms; :func:`diagnose`
returns what the LEDs mean and every table row whose conditions all hold, each
with its cause, action and guide lines. The tables hold English texts; :func:`diagnose`
hands them out in the current language, and the enums' ``label`` names their members
in it (their values stay English).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from app.i18n import N_, TranslatedEnum, _


class StatusLed(TranslatedEnum):
    """Patterns of the status LED (wps.md §2.2)."""

    OFF = N_("off")
    STEADY_GREEN = N_("steady green")
    BLINKING_GREEN = N_("blinking green")
    FAST_BLINKING_GREEN = N_("fast blinking green")
    STEADY_ORANGE = N_("steady orange")
    BLINKING_ORANGE = N_("blinking orange")
    FAST_BLINKING_ORANGE = N_("fast blinking orange")
    STEADY_RED = N_("steady red")
    BLINKING_RED = N_("blinking red")
    STEADY_BLUE = N_("steady blue")
    BLINKING_BLUE = N_("blinking blue")


class PhaseLeds(TranslatedEnum):
    """What the voltage-presence LEDs L1, L2 and L3 show together (wps.md §2.1)."""

    ALL_LIT = N_("all three lit")
    TWO_LIT = N_("two lit")
    ONE_LIT = N_("one lit")
    NONE_LIT = N_("none lit")
    ALL_BLINKING = N_("all three blinking")


class Symptom(TranslatedEnum):
    """Problems named in the guide's troubleshooting tables."""

    NO_LORA_AT_ACTIVATION = (
        N_("no LoRa connection when activating the switchboard in Facility Expert")
    )
    LORA_CONNECTION_LOSS = N_("the LoRa connection is regularly lost")
    METERING_DATA_MISSING = N_("metering data is regularly missing in Facility Expert")
    FIRMWARE_UPDATE_FAILED = N_("a firmware update did not succeed")
    WIRELESS_DEVICES_LOST = N_("communication with the wireless devices is lost")
    DEVICE_NOT_DISCOVERED = N_("a wireless device is not detected or discovered")
    DATA_WRONG_IN_FACILITY_EXPERT = N_("data is lost or wrongly shown in Facility Expert")
    BLUETOOTH_LOST = N_("the Bluetooth connection was established, then lost")
    PHONE_NOT_CONNECTED = N_("my phone is not connected to the Wireless Panel Server")


@dataclass(frozen=True)
class LedMeaning:
    """What an LED pattern means. ``inferred`` marks a colour the guide shows only as a
    picture; ``note`` gives a second meaning or a gap in the guide."""

    meaning: str
    source: str
    inferred: bool = False
    note: str | None = None


STATUS_TABLE_NOTE = (
    N_("The guide's status-LED table (L343-352) shows each pattern only as a picture; the "
       "colours are matched from the procedures and troubleshooting text cited with each "
       "meaning.")
)
_LORA_LED_NOTE = (
    N_("When LoRaWAN is disabled in EcoStruxure Power Commission, the LoRa-related LED "
       "patterns are disabled too; the guide does not list which ones (L894).")
)
STATUS_LED: Mapping[StatusLed, LedMeaning] = MappingProxyType({
    StatusLed.OFF: LedMeaning(
        N_("No power supply, or the supply is not working."),
        "wps.md §2.2 / L344, L1392",
    ),
    StatusLed.STEADY_GREEN: LedMeaning(
        N_("Powered and connected to a LoRa network: normal operation."),
        "wps.md §2.2 / L345, L370, L808",
        note=_LORA_LED_NOTE,
    ),
    StatusLed.BLINKING_GREEN: LedMeaning(
        N_("Trying to connect to a LoRa network; this can take several minutes, and "
           "up to 15 minutes after a reset."),
        "wps.md §2.2 / L346, L369, L1339, L1269",
        note=_LORA_LED_NOTE,
    ),
    StatusLed.FAST_BLINKING_GREEN: LedMeaning(
        N_("Factory reset confirmed; the unit reboots next."),
        "wps.md §2.3 / L388, L1267",
    ),
    StatusLed.STEADY_ORANGE: LedMeaning(
        N_("Booting or rebooting."),
        "wps.md §2.2 / L347, L368",
    ),
    StatusLed.BLINKING_ORANGE: LedMeaning(
        N_("During commissioning: powered, but LoRa communication has not been activated "
           "for more than 15 minutes. During operation: a malfunction was detected; "
           "connect EcoStruxure Power Commission to diagnose it."),
        "wps.md §2.2 / L348, L372, L1329, L1396",
        inferred=True,
        note=_LORA_LED_NOTE,
    ),
    StatusLed.FAST_BLINKING_ORANGE: LedMeaning(
        N_("Factory-reset confirmation window: release the button and press it again "
           "within 5 seconds to reset the unit."),
        "wps.md §2.3 / L380-384, L1265-1266",
    ),
    StatusLed.STEADY_RED: LedMeaning(
        N_("Major malfunction that EcoStruxure Power Commission cannot diagnose; the "
           "Wireless Panel Server must be replaced."),
        "wps.md §2.2 / L349, L1394",
        inferred=True,
        note=N_("Right after a factory-reset attempt, steady red only means the reset was "
                "cancelled (L397)."),
    ),
    StatusLed.BLINKING_RED: LedMeaning(
        N_("Firmware discrepancy or major malfunction; connect EcoStruxure Power "
           "Commission to diagnose it. The unit may need to be replaced."),
        "wps.md §2.2 / L350, L1393",
        inferred=True,
        note=N_("Right after a factory-reset attempt that was not confirmed, blinking red "
                "means: reboot the unit, it was not reset (L398)."),
    ),
    StatusLed.STEADY_BLUE: LedMeaning(
        N_("Bluetooth is on and EcoStruxure Power Commission is connected."),
        "wps.md §2.2 / L351, L814, L826",
    ),
    StatusLed.BLINKING_BLUE: LedMeaning(
        N_("Bluetooth is on and waiting for EcoStruxure Power Commission to connect."),
        "wps.md §2.2 / L352, L813, L825",
    ),
})

PHASE_LEDS: Mapping[PhaseLeds, LedMeaning] = MappingProxyType({
    PhaseLeds.ALL_LIT: LedMeaning(
        N_("Voltage detected on all three phases."),
        "wps.md §2.1 / L335",
        note=N_("Wired 3 phases without neutral, a single lost phase keeps its LED lit "
                "and sends no alert, because loads may feed residual voltage back (L731-733)."),
    ),
    PhaseLeds.TWO_LIT: LedMeaning(
        N_("Voltage detected on two phases; the third has none."),
        "wps.md §2.1 / L335-336",
    ),
    PhaseLeds.ONE_LIT: LedMeaning(
        N_("Voltage detected on one phase only; normal in a single-phase installation."),
        "wps.md §2.1, §5.1 / L335-336, L746",
    ),
    PhaseLeds.NONE_LIT: LedMeaning(
        N_("No voltage detected on any phase."),
        "wps.md §2.1 / L336",
        note=N_("This is only an indication: confirm absence of voltage with a properly "
                "rated tester (L718). In a single-phase network a disconnected neutral also "
                "puts the LED out and stops LoRa (L740)."),
    ),
    PhaseLeds.ALL_BLINKING: LedMeaning(
        N_("Firmware update in progress."),
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
            raise ValueError(f"remedy '{self.problem}' has no condition")  # untranslated: programming error

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
    N_("The guide lists lost communication with the wireless devices twice, with "
       "different causes (L1409: radio channel pollution; L1413: WPS malfunction), and "
       "does not say how to tell them apart.")
)
_ANTENNA_NOTE = (
    N_("Where there is no operator LoRa network, or the signal stays low within 10 m of "
       "the switchboard, the LoRa/4G router SMT10014 can carry LoRa over 4G (L914-917).")
)

REMEDIES: tuple[Remedy, ...] = (
    Remedy(
        N_("Status LED not lit."),
        N_("Source power is not applied or is not stable."),
        N_("Apply power or check the power source."),
        "wps.md §9.1 / L1392",
        status=StatusLed.OFF,
    ),
    Remedy(
        N_("Status LED blinking red."),
        N_("Firmware discrepancy, or a Wireless Panel Server malfunction was detected."),
        N_("Connect EcoStruxure Power Commission to diagnose the issue; depending on "
           "the issue, the Wireless Panel Server must be replaced."),
        "wps.md §9.1 / L1393",
        status=StatusLed.BLINKING_RED,
        note=N_("The LED table says the unit 'may need to be replaced' (L350), this "
                "table says it 'must be replaced' (L1393)."),
    ),
    Remedy(
        N_("Status LED steady red."),
        N_("Major malfunction of the Wireless Panel Server."),
        N_("Call your local service representative; the Wireless Panel Server must be "
           "replaced."),
        "wps.md §9.1 / L1394",
        status=StatusLed.STEADY_RED,
        note=N_("Right after a factory-reset attempt, steady red only means the reset "
                "was cancelled (L397)."),
    ),
    Remedy(
        N_("During commissioning, no LoRa connection when activating the switchboard in "
           "Facility Expert; the status LED stays blinking green."),
        N_("The pushbutton was pressed too briefly."),
        N_("Press the pushbutton for more than 5 s and do the activation procedure again."),
        "wps.md §9.1 / L1395",
        status=StatusLed.BLINKING_GREEN,
        symptom=Symptom.NO_LORA_AT_ACTIVATION,
        note=N_("The guide does not explain this: a press of more than 5 s is its reboot "
                "action (L366), a short press toggles Bluetooth (L809), and the activation "
                "procedure has no button press at all (L1333-1346)."),
    ),
    Remedy(
        N_("During commissioning, no LoRa connection when activating the switchboard in "
           "Facility Expert; the status LED does not turn from blinking orange to steady "
           "green."),
        N_("LoRa communication has not been activated for more than 15 minutes."),
        N_("Try to connect to the LoRa network again (see ESXP1G005EN)."),
        "wps.md §9.1 / L1396",
        status=StatusLed.BLINKING_ORANGE,
        symptom=Symptom.NO_LORA_AT_ACTIVATION,
    ),
    Remedy(
        N_("Firmware update not successful."),
        N_("The phone is not connected to the Wireless Panel Server over Bluetooth."),
        N_("Check that Bluetooth is activated on the Wireless Panel Server and that the "
           "phone is connected (status LED steady blue)."),
        "wps.md §9.1 / L1397",
        symptom=Symptom.FIRMWARE_UPDATE_FAILED,
    ),
    *(
        Remedy(
            problem,
            N_("The LoRa antenna signal is not sufficient."),
            N_("Move the antenna to a place where the signal is good enough to transfer "
               "data (see DOCA0203EN)."),
            f"wps.md §9.2 / {line}",
            symptom=symptom,
            note=_ANTENNA_NOTE,
        )
        for problem, symptom, line in (
            (
                N_("No LoRa connection when activating the switchboard in Facility "
                   "Expert."),
                Symptom.NO_LORA_AT_ACTIVATION,
                "L1402",
            ),
            (
                N_("Regular loss of the LoRa connection."),
                Symptom.LORA_CONNECTION_LOSS,
                "L1402-1403",
            ),
            (
                N_("Metering data regularly missing in Facility Expert."),
                Symptom.METERING_DATA_MISSING,
                "L1402, L1404",
            ),
        )
    ),
    Remedy(
        N_("The Wireless Panel Server has lost communication with the wireless devices."),
        N_("Pollution on the radio-frequency channel."),
        N_("Change the IEEE 802.15.4 channel used with the wireless devices (channels 11 "
           "to 26)."),
        "wps.md §9.3 / L1409, L591",
        symptom=Symptom.WIRELESS_DEVICES_LOST,
        note=_DEVICES_LOST_NOTE,
    ),
    Remedy(
        N_("A wireless device is not detected or discovered."),
        N_("The Wireless Panel Server firmware does not recognise this type of device."),
        N_("Update the Wireless Panel Server firmware with EcoStruxure Power Commission."),
        "wps.md §9.3 / L1410",
        symptom=Symptom.DEVICE_NOT_DISCOVERED,
    ),
    Remedy(
        N_("A wireless device is not detected or discovered."),
        N_("The limit of 15 wireless devices detected has been reached."),
        N_("Check the number of wireless devices detected."),
        "wps.md §9.3 / L1411",
        symptom=Symptom.DEVICE_NOT_DISCOVERED,
        note=N_("The guide's per-type limits (L848-854) allow more than 15 devices "
                "together; it does not say whether 15 caps all types."),
    ),
    Remedy(
        N_("Data lost or wrongly shown in Facility Expert."),
        N_("Wireless Panel Server malfunction."),
        N_("Call your Schneider Electric Customer Care Center."),
        "wps.md §9.3 / L1412",
        symptom=Symptom.DATA_WRONG_IN_FACILITY_EXPERT,
    ),
    Remedy(
        N_("Connection of the Wireless Panel Server with the wireless devices is lost."),
        N_("Wireless Panel Server malfunction."),
        N_("Call your Schneider Electric Customer Care Center."),
        "wps.md §9.3 / L1413",
        symptom=Symptom.WIRELESS_DEVICES_LOST,
        note=_DEVICES_LOST_NOTE,
    ),
    Remedy(
        N_("The Bluetooth connection was established but the signal is lost."),
        N_("The phone was moved out of range."),
        N_("Bring the phone back within range (up to 10 m in open field, in front of the "
           "switchboard) and connect again."),
        "wps.md §9.4 / L835, L800",
        symptom=Symptom.BLUETOOTH_LOST,
    ),
    Remedy(
        N_("The status LED is steady blue but your phone is not connected."),
        N_("Another phone is already connected to the Wireless Panel Server."),
        N_("Check whether another phone within range is connected. If it is not one of "
           "yours, press the button to end that connection, then press it again to open "
           "a new pairing session."),
        "wps.md §9.4, §6.2 / L836, L1037",
        status=StatusLed.STEADY_BLUE,
        symptom=Symptom.PHONE_NOT_CONNECTED,
    ),
    Remedy(
        N_("None of the voltage-presence LEDs is lit."),
        N_("Source power is not applied or is not stable."),
        N_("Apply power or check the power source."),
        "wps.md §5.1 / L745",
        phases=PhaseLeds.NONE_LIT,
    ),
    Remedy(
        N_("Only one voltage-presence LED is lit."),
        N_("Check the installation: single-phase or 3-phase."),
        N_("Single-phase: the installation is correct, no action. 3-phase: correct the "
           "cable connection of the other two phases."),
        "wps.md §5.1 / L746",
        phases=PhaseLeds.ONE_LIT,
    ),
    Remedy(
        N_("During commissioning, before connecting to Facility Expert, one "
           "voltage-presence LED is not lit."),
        N_("The phase is lost, or not correctly connected."),
        N_("Check the cable connection of that phase."),
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
    """Look the observations up in the guide's tables (rows in the guide's order);
    the texts come in the current language."""
    chosen = frozenset(symptoms)
    return Diagnosis(
        status=_meaning(STATUS_LED[status]) if status is not None else None,
        phases=_meaning(PHASE_LEDS[phases]) if phases is not None else None,
        remedies=tuple(
            _remedy(r) for r in REMEDIES if r.applies(status, phases, chosen)
        ),
    )


def status_table_note() -> str:
    """:data:`STATUS_TABLE_NOTE` in the current language (to show with an ``inferred`` meaning)."""
    return _(STATUS_TABLE_NOTE)


def _meaning(meaning: LedMeaning) -> LedMeaning:
    return replace(
        meaning,
        meaning=_(meaning.meaning),
        note=_(meaning.note) if meaning.note else None,
    )


def _remedy(remedy: Remedy) -> Remedy:
    return replace(
        remedy,
        problem=_(remedy.problem),
        cause=_(remedy.cause),
        action=_(remedy.action),
        note=_(remedy.note) if remedy.note else None,
    )
