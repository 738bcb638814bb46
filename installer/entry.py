"""Frozen-bundle entry point: ``meterdesk gui`` (or no arguments) opens the GUI, anything else is the CLI."""

import sys


def main() -> int:
    args = sys.argv[1:]
    if not args or args[0] == "gui":
        from ui.main import main as gui

        return gui(args[1:])
    from app.cli.main import main as cli

    return cli(args)


if __name__ == "__main__":
    sys.exit(main())
