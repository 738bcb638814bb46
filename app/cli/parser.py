"""MeterDesk's argument parser: argparse's own texts in the user's language too.

argparse translates its own texts ("usage: ", "options", "the following arguments are
required: %s", "invalid choice: ...") with gettext, as the section "How to translate the
argparse output" of Python's argparse HOWTO says: it calls the functions ``_`` and
``ngettext`` it imported from :mod:`gettext` into its module, which read the process-wide
gettext domain, not MeterDesk's catalogue. :class:`ArgumentParser` hands argparse
MeterDesk's functions (:func:`app.i18n._`, :func:`app.i18n.ngettext`) for the time of each
of its own calls that makes text (building, parsing, usage, help, errors) and gives argparse
its own back afterwards, so other parsers in the process (pytest's, say) are untouched.
Sub-command parsers are of the same class (argparse makes them so), hence translated too.
Not thread-safe: the command line parses in one thread. argparse writes a section heading
as ``heading:``; :class:`HelpFormatter` lets the language put its own colon there (French
writes a no-break space before it).

The argparse messages users can meet are listed in :data:`ARGPARSE_TEXTS`, so that Babel
gathers them into ``app_<lang>.po``; the others (the program's own mistakes, such as
conflicting option strings) stay English. Their placeholders are argparse's ``%`` ones.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from app.i18n import N_, _, ngettext

#: argparse's texts that reach users, word for word as argparse (Python 3.12) writes them.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
#: The help of a ``--version`` argument (argparse's own is not translatable).
VERSION_HELP = N_("show program's version number and exit")
#: A section heading of the help ("options", "positional arguments", a group's title) and its colon.
HEADING = N_("{heading}:")


@contextmanager
def meterdesk_language() -> Iterator[None]:
    """argparse translates with MeterDesk's catalogue inside this block (blocks may nest)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, with section headings punctuated as the language does."""

    def start_section(self, heading: str | None) -> None:
        if heading:  # argparse adds the colon: hand it the heading with what the language puts before one
            heading = _(HEADING).format(heading=heading).removesuffix(":")
        super().start_section(heading)


class ArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose headings, usage and errors speak the user's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with meterdesk_language():  # the "positional arguments" and "options" headings, -h's help
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":  # argparse's own help for it is a literal, never translated
            kwargs.setdefault("help", _(VERSION_HELP))
        return super().add_argument(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with meterdesk_language():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with meterdesk_language():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with meterdesk_language():
            return super().format_usage()

    def format_help(self) -> str:
        with meterdesk_language():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with meterdesk_language():
            super().error(message)
