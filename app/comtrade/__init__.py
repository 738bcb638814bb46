"""COMTRADE (IEEE C37.111-1991/1999/2013, IEC 60255-24) reader, writer and exports.

Public API: :func:`read` returns a :class:`Record` (:func:`read_config` parses
a CFG alone); :func:`write` writes a :class:`Config` with raw :class:`Samples`;
:mod:`app.comtrade.export` turns records into CSV or COMTRADE extracts. Every
failure is a :class:`ComtradeError`; recoverable quirks are listed in
``Record.warnings`` as :class:`ComtradeWarning`.
"""

from app.comtrade.cfg import (
    AnalogChannel,
    Config,
    DataFormat,
    DigitalChannel,
    SampleRate,
    Stamp,
)
from app.comtrade.errors import ComtradeError, ComtradeWarning, ReadCancelled
from app.comtrade.record import Record, read, read_config
from app.comtrade.writer import Samples, write

__all__ = [
    "AnalogChannel",
    "ComtradeError",
    "ComtradeWarning",
    "Config",
    "DataFormat",
    "DigitalChannel",
    "ReadCancelled",
    "Record",
    "SampleRate",
    "Samples",
    "Stamp",
    "read",
    "read_config",
    "write",
]
