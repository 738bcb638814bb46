"""Gather and compile MeterDesk's message catalogues: ``make translations``.

* The interface: ``pyside6-lupdate`` collects every ``tr()`` string of ``ui/`` into
  ``resources/translations/meterdesk_<lang>.ts``; ``pyside6-lrelease`` compiles the ``.qm``.
* The core: Babel collects every ``_()``, ``N_()`` and ``ngettext()`` template of ``app/``
  into ``app_<lang>.po``, and the texts the device profiles show (group and register
  labels, help, cautions, rule messages) into ``profiles_<lang>.po``; both compile to ``.mo``.

New messages arrive untranslated (``type="unfinished"`` in a ``.ts``, an empty ``msgstr`` in
a ``.po``): translate them there and run this again. ``tests/test_translations.py`` fails
while one is missing.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app import __version__, i18n

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = tuple(code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE)  # the sources are English
TOOLS = Path(sys.executable).parent  # pyside6-lupdate and pyside6-lrelease sit next to Python in the venv
#: Header of a new ``.po`` file (Babel's ``{{...}}`` placeholders stay as they are here).
PO_HEADER = """\
# {domain} messages of MeterDesk in {language}: see resources/translations/README.md.
# This file is distributed under the same license as MeterDesk (MIT).
#"""
#: Profile fields whose text MeterDesk shows, by table.
PROFILE_TEXTS = {"groups": ("label",), "registers": ("label", "help", "caution"), "rules": ("message",)}


def ui_sources() -> list[Path]:
    """The interface's Python files, in a stable order."""
    return sorted((ROOT / "ui").rglob("*.py"))


def update_ts(ts: Path, language: str) -> None:
    """Collect the interface's strings into ``ts``, keeping its translations."""
    subprocess.run([str(TOOLS / "pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", language,
                    *map(str, ui_sources()), "-ts", str(ts)], check=True)  # fmt: skip


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def app_messages() -> Catalog:
    """Every message template of ``app/``, in source order."""
    template = Catalog(fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "app", method_map=[("**.py", "python")], comment_tags=("Translators:",)
    ):
        template.add(message, locations=[(f"app/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def profile_texts() -> Catalog:
    """The texts the device profiles show (``{n}`` stays in the template of a repeated entry)."""
    template = Catalog(fuzzy=False)
    for path in sorted((ROOT / "resources" / "profiles").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for table, keys in PROFILE_TEXTS.items():
            for entry in data.get(table, []):
                for key in keys:
                    text = entry.get(key)
                    if isinstance(text, str) and text.strip():
                        template.add(text, locations=[(f"resources/profiles/{path.name}", 0)])
    return template


#: Calls whose literal text never reaches a user as such: the translation functions themselves
#: and the developers' log (``logging``), which stays English for bug reports.
CORE_WRAPPERS = frozenset({"_", "N_", "ngettext", "profile_text"})
#: The same for the interface: Qt's translation functions.
UI_WRAPPERS = frozenset({"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"})
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
#: The simulated devices speak as the real ones do (English firmware texts); they are not MeterDesk's voice.
CORE_EXEMPT = ("app/sim/",)
#: A line that holds text users never read says so, with the reason: ``# untranslated: file header``.
UNTRANSLATED_MARK = "# untranslated:"
SENTENCE = re.compile(r"[A-Za-z]{2,}[^\sA-Za-z]*\s+[^\sA-Za-z]*[A-Za-z]{2,}")  # two words: a phrase, not a key or unit
MARKUP = re.compile(r"<[^>]*>")  # HTML tags and their attributes
STYLE_SHEET = re.compile(r"\s*(?:[a-z-]+\s*:[^;]*(?:;\s*|$))+")  # "color: #616161; font-size: 11px;"


def literal_text(node: ast.AST) -> str | None:
    """The text of a string literal, or of an f-string with ``{}`` for each replacement; None for other nodes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def untranslated_core_texts(path: Path, root: Path = ROOT, wrappers: frozenset[str] = CORE_WRAPPERS) -> list[str]:
    """``file:line: text`` of every phrase in ``path`` that is neither translated nor marked untranslated.

    A phrase is a string literal (or f-string) of two words or more outside markup, other than a
    style sheet. Docstrings, subscripts and comparisons (keys), the arguments of the translation
    functions (``wrappers``) and of log calls are not phrases users read.
    """
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    skip: set[int] = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        inner: list[ast.AST] = []
        if isinstance(node, ast.Expr) and literal_text(node.value) is not None:
            inner = [node.value]  # a docstring, of a module, class, function or attribute
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            is_log = isinstance(node.func, ast.Attribute) and name in LOG_METHODS and "log" in ast.unparse(node.func.value).lower()
            if name in wrappers or is_log:
                inner = [node]
        elif isinstance(node, ast.Subscript):
            inner = [node.slice]
        elif isinstance(node, ast.Compare):
            inner = [node]
        skip.update(id(sub) for part in inner for sub in ast.walk(part))
    found = []
    for node in ast.walk(tree):
        text = literal_text(node) if id(node) not in skip else None
        if isinstance(node, ast.JoinedStr):
            skip.update(id(sub) for sub in ast.walk(node))  # its parts are not phrases of their own
        if text is None or STYLE_SHEET.fullmatch(text) or not SENTENCE.search(MARKUP.sub(" ", text)):
            continue
        if not any(UNTRANSLATED_MARK in line for line in lines[node.lineno - 1 : node.end_lineno]):
            found.append((node.lineno, f"{path.relative_to(root)}:{node.lineno}: {text[:80]!r}"))
    return [line for _lineno, line in sorted(found)]


def core_sources() -> list[Path]:
    return [path for path in sorted((ROOT / "app").rglob("*.py"))
            if not path.relative_to(ROOT).as_posix().startswith(CORE_EXEMPT)]



def update_po(template: Catalog, po: Path, language: str, domain: str) -> None:
    """Merge ``template`` into ``po``: new messages untranslated, vanished ones dropped."""
    if po.exists():
        with po.open("rb") as file:
            catalog = read_po(file, locale=language)
        unchanged = {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
        template.creation_date = catalog.creation_date if unchanged else datetime.now().astimezone()
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
        catalog.obsolete.clear()
    else:
        catalog = Catalog(locale=language, project="MeterDesk", version=__version__, fuzzy=False,
                          header_comment=PO_HEADER.format(domain=domain.capitalize(), language=language),
                          msgid_bugs_address="",
                          last_translator="MeterDesk translators", language_team=language)
        catalog.update(template, no_fuzzy_matching=True)
    with po.open("wb") as file:
        write_po(file, catalog, width=100, include_lineno=False, ignore_obsolete=True)


def compile_mo(po: Path, mo: Path) -> None:
    with po.open("rb") as file:
        catalog = read_po(file)
    with mo.open("wb") as file:
        write_mo(file, catalog, use_fuzzy=False)


def catalogues() -> Iterator[tuple[str, Path, Path]]:
    """(kind, source, compiled) of every catalogue: kind is "ui", "app" or "profiles"."""
    for language in LANGUAGES:
        yield "ui", FOLDER / f"meterdesk_{language}.ts", FOLDER / f"meterdesk_{language}.qm"
        for domain in i18n.DOMAINS:
            yield domain, FOLDER / f"{domain}_{language}.po", FOLDER / f"{domain}_{language}.mo"


def main() -> int:
    if sys.argv[1:2] == ["--left"]:  # phrases still to translate in some files or folders of app/
        for argument in sys.argv[2:]:
            target = Path(argument).resolve()
            for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
                for line in untranslated_core_texts(path):
                    print(line)
        return 0
    templates = {"app": app_messages(), "profiles": profile_texts()}
    for kind, source, compiled in catalogues():
        language = source.stem.rsplit("_", 1)[1]
        if kind == "ui":
            update_ts(source, language)
            compile_qm(source, compiled)
        else:
            update_po(templates[kind], source, language, kind)

            compile_mo(source, compiled)
        print(f"{source.relative_to(ROOT)} → {compiled.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
