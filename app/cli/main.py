"""``meterdesk`` command-line entry point.

Each sub-command lives in its own module under :mod:`app.cli` and exposes
``register(subparsers)``; the handler it sets as ``func`` takes the parsed
arguments and returns an exit code (or a coroutine that does).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import sys

from app import __version__, selftest
from app.cli.parser import ArgumentParser
from app.errors import MeterDeskError
from app.i18n import _

COMMAND_MODULES = [
    "app.cli.profiles_cmd",
    "app.cli.read_cmd",
    "app.cli.write_cmd",
    "app.cli.simulate_cmd",
    "app.cli.scan_cmd",
    "app.cli.comtrade_cmd",
    "app.cli.security_cmd",
    "app.cli.config_cmd",
    "app.cli.watch_cmd",
    "app.cli.phasors_cmd",
    "app.cli.upgrade_cmd",
]


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="meterdesk",
        description=_("Configure, read and simulate power meters and gateways."),
    )
    parser.add_argument("--version", action="version", version=f"MeterDesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help=_("check this installation (window, profiles, COMTRADE, keyring, demo lab) and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.self_test and not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        result = selftest.main() if args.self_test else args.func(args)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except MeterDeskError as exc:
        print(_("meterdesk: {message}").format(message=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("meterdesk: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # last resort: a message, never a traceback
        if os.environ.get("METERDESK_DEBUG"):
            raise
        print(_("meterdesk: internal error ({kind}: {error}); set METERDESK_DEBUG=1 to see the details")
              .format(kind=type(exc).__name__, error=exc), file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
