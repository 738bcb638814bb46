"""Frozen-bundle entry point of both executables.

``meterdesk-gui`` (a windowed executable on Windows, a symbolic link
elsewhere: hence the test on the name it was run by) is the GUI and takes
its options and the files to open. ``meterdesk`` is the command line;
without arguments, or with ``gui`` first, it opens the GUI too.
"""

import sys
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    if Path(sys.argv[0]).stem.endswith("-gui") or not args or args[0] == "gui":
        from ui.main import main as gui

        return gui(args[1:] if args[:1] == ["gui"] else args)
    from app.cli.main import main as cli

    return cli(args)


if __name__ == "__main__":
    sys.exit(main())
