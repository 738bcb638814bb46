"""The ION7400's complete meter wipe, step by step, in the manual's order (L1760-L1892).

The steps must run in this order; the communication registers come last so the
meter stays reachable until the end. Restoring the default security (step 6)
puts the factory accounts back: the steps after it log in as USER1 with the
factory password "0", and MeterDesk forgets the meter's passwords in the
keyring once the wipe is done.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_, _


@dataclass(frozen=True)
class Step:
    """One step of the wipe. The ``english_*`` fields are templates (:func:`app.i18n.N_`);
    :attr:`title`, :attr:`what` and :attr:`source` give them in the user's language."""

    number: int
    english_title: str
    english_what: str
    english_source: str
    restores_security: bool = False

    @property
    def title(self) -> str:
        return _(self.english_title)

    @property
    def what(self) -> str:
        """What the step does, in a sentence or two."""
        return _(self.english_what)

    @property
    def source(self) -> str:
        """Where the manual describes it."""
        return _(self.english_source)


_STEP_LIST = N_("L1760-L1820 (step list)")

STEPS = (
    Step(1, N_("Overwrite the meter template"),
         N_("Sends the factory default template: every metering and logging set-up returns to the factory's."),
         "L1822-L1840"),
    Step(2, N_("Delete files from the SFTP documents folder"),
         N_("Deletes the documents kept on the meter's SFTP site."), _STEP_LIST),
    Step(3, N_("Delete the custom SSL certificate"),
         N_("Removes the certificate used for HTTPS and Secure ION; the meter falls back to its self-signed one."),
         _STEP_LIST),
    Step(4, N_("Delete custom web pages"), N_("Removes web pages added to the meter."), _STEP_LIST),
    Step(5, N_("Delete the IEC 61850 configuration file"), N_("Removes the CID file; IEC 61850 stops."), _STEP_LIST),
    Step(6, N_("Restore the default security configuration"),
         N_("Factory accounts and password \"0\", factory security options and lockouts."), "L1842-L1856",
         restores_security=True),
    Step(7, N_("Overwrite the factory module registers"),
         N_("Clears the device owner, tags, location and name."), "L1858-L1870"),
    Step(8, N_("Master reset"),
         N_("Clears the event log, data records, waveform captures and COMTRADE files, energies, min/max, "
            "peak demand and disturbance counters."), _STEP_LIST),
    Step(9, N_("Overwrite the communication module registers"),
         N_("Network addresses, servers, port numbers and names back to factory values. Last, so the meter "
            "stays reachable until now."), "L1872-L1891"),
)  # fmt: skip

FACTORY_ADMIN_PASSWORD = "0"  # after step 6 (L1674)
