"""Every text users read is in a catalogue and has its French translation.

The interface's strings (``tr()`` in ``ui/``) are gathered by ``pyside6-lupdate`` exactly as
``make translations`` does, and must all be translated in ``meterdesk_fr.ts``; the core's
message templates (``_()`` in ``app/``) and the profiles' shown texts are gathered by Babel
and must all be translated in ``app_fr.po`` and ``profiles_fr.po``. Translations keep the
placeholders of their source, and the compiled catalogues match their sources.
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
_spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts" / "catalogues.py")
catalogues = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogues)

#: Placeholders that must survive translation: Qt's %1 %n %v %m, printf's %s %d %r %.2f %%,
#: Python's {name} (format specs included).
PLACEHOLDER = re.compile(r"%(?:\d+|[nvmsdr%]|\.\d+f)|\{[a-z_]*(?:[!:][^}]*)?\}")
#: Those that are filled in order, so a translation cannot move them.
POSITIONAL = re.compile(r"%(?:[sdr]|\.\d+f)")


def placeholder_problem(source: str, translation: str) -> str | None:
    """Why ``translation`` cannot stand for ``source`` (lost, added or reordered placeholders), or None."""
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
        return f"placeholders {PLACEHOLDER.findall(source)} became {PLACEHOLDER.findall(translation)}"
    if POSITIONAL.findall(source) != POSITIONAL.findall(translation):
        return "positional placeholders (%s, %d…) change order"
    return None


def ts_messages(path: Path) -> dict[tuple[str, str], list[str] | None]:
    """(context, source) → translations (one, or the numerus forms); None when unfinished or empty."""
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            done = translation.get("type") not in ("unfinished", "vanished", "obsolete") and all(f.strip() for f in forms)
            messages[(name, message.findtext("source"))] = forms if done else None
    return messages


# ---- the interface (Qt)


def test_interface_catalogue_holds_every_string_of_ui_with_a_french_translation(tmp_path):
    fresh = tmp_path / "fresh.ts"
    catalogues.update_ts(fresh, "fr")
    found = ts_messages(fresh)
    committed = ts_messages(FOLDER / "meterdesk_fr.ts")
    assert len(found) > 800  # the extraction works (it once found nothing when given a folder)
    missing = [key for key in found if committed.get(key) is None]
    assert not missing, f"not in meterdesk_fr.ts or not translated ({len(missing)}; run `make translations`): {missing[:20]}"


def test_interface_translations_keep_their_placeholders():
    problems = []
    for (context, source), forms in ts_messages(FOLDER / "meterdesk_fr.ts").items():
        for form in forms or []:
            if problem := placeholder_problem(source, form):
                problems.append(f"{context}: {source!r} → {form!r}: {problem}")
    assert not problems, "\n".join(problems)


def test_compiled_interface_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "meterdesk_fr.qm"
    catalogues.compile_qm(FOLDER / "meterdesk_fr.ts", compiled)
    assert compiled.read_bytes() == (FOLDER / "meterdesk_fr.qm").read_bytes(), "run `make translations`"


#: Qt calls whose text arguments users read, with the positions of those arguments.
TEXT_CALLS = {
    "setText": (0,), "setToolTip": (0,), "setStatusTip": (0,), "setWhatsThis": (0,), "setWindowTitle": (0,),
    "setTitle": (0,), "setSubTitle": (0,), "setPlaceholderText": (0,), "setLabelText": (0,), "setFormat": (0,),
    "setPrefix": (0,), "setSuffix": (0,), "setSpecialValueText": (0,), "showMessage": (0,), "addTab": (1,),
    "setTabText": (1,), "setTabToolTip": (1,), "addItem": (0,), "addRow": (0,), "addMenu": (0,),
    "setButtonText": (1,), "setInformativeText": (0,), "setDetailedText": (0,), "setHeaderLabels": (0,),
    "setHorizontalHeaderLabels": (0,), "setVerticalHeaderLabels": (0,), "QLabel": (0,), "QPushButton": (0,),
    "QCheckBox": (0,), "QRadioButton": (0,), "QGroupBox": (0,), "QAction": (0,), "QMenu": (0,),
    "QDockWidget": (0,), "QToolBar": (0,), "QTableWidgetItem": (0,), "QStandardItem": (0,),
    "information": (1, 2), "warning": (1, 2), "critical": (1, 2), "question": (1, 2), "about": (1, 2),
    "getOpenFileName": (1, 3), "getOpenFileNames": (1, 3), "getSaveFileName": (1, 3),
    "getExistingDirectory": (1,), "getText": (1, 2), "getItem": (1, 2), "getInt": (1, 2),
}  # fmt: skip
TEXT_KEYWORDS = {"text", "toolTip", "statusTip", "placeholderText", "windowTitle", "title"}
#: Words that read the same in every language MeterDesk ships (names, units, protocols).
UNTRANSLATED = {"MeterDesk", "COMTRADE", "Modbus", "TCP", "RTU", "TLS", "SFTP", "CSV", "PNG", "SVG", "PDF",
                "HTML", "SHA", "ION", "WPS", "Iskra", "BCPME", "C1", "C2", "kB", "ms", "Hz", "kHz", "Vab", "Vcb",
                "via", "RMS", "HH", "LL"}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z']+")
TAG = re.compile(r"<[^>]*>")  # rich-text markup and its style attributes


def _user_words(node: ast.AST) -> list[str]:
    """Words of literal text in ``node`` that would reach the user untranslated."""
    if isinstance(node, ast.Call):  # tr(), translate() and any other call decide for themselves
        return []
    text = catalogues.literal_text(node)  # a string or an f-string
    if text is not None:
        return [w for w in WORD.findall(TAG.sub(" ", text)) if w not in UNTRANSLATED]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [w for element in node.elts for w in _user_words(element)]
    if isinstance(node, ast.BinOp):
        return _user_words(node.left) + _user_words(node.right)
    if isinstance(node, ast.IfExp):
        return _user_words(node.body) + _user_words(node.orelse)
    return []


def untranslated_texts(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line: text`` (file relative to ``root``) of every literal text passed to a Qt text call without ``tr()``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        arguments = [node.args[i] for i in TEXT_CALLS.get(name, ()) if i < len(node.args)]
        arguments += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for argument in arguments:
            if _user_words(argument):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(argument)}")
    return found


def test_ui_passes_no_literal_text_to_qt_without_tr():
    found = [line for path in catalogues.ui_sources() for line in untranslated_texts(path)]
    assert not found, "wrap these in self.tr() or QCoreApplication.translate():\n" + "\n".join(found)


def test_ui_holds_no_phrase_outside_tr():
    """Texts built away from Qt's text calls (group names, HTML, console lines) are translated too."""
    found = [line for path in catalogues.ui_sources()
             for line in catalogues.untranslated_core_texts(path, wrappers=catalogues.UI_WRAPPERS)]
    assert not found, "wrap these in self.tr() or QCoreApplication.translate(), or mark the line " \
                      f"'{catalogues.UNTRANSLATED_MARK} <why>':\n" + "\n".join(found)


def test_the_literal_text_check_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("label = QLabel('Voltage')\nbox.setToolTip(f'{n} devices')\nok = QLabel(self.tr('Voltage'))\n"
                      "unit = QLabel('kHz')\nQMessageBox.warning(self, 'MeterDesk', 'Cannot open')\n")
    found = untranslated_texts(sample, root=tmp_path)
    assert [line.split(":")[1] for line in found] == ["1", "2", "5"]


# ---- the core (gettext)


def po_messages(path: Path) -> dict[str | tuple[str, str], str | tuple[str, ...] | None]:
    """msgid → msgstr (None when a form is empty, or fuzzy); plurals are (singular, plural) → forms."""
    with path.open("rb") as file:
        catalog = read_po(file)
    forms = {m.id: (m.string,) if isinstance(m.string, str) else m.string for m in catalog if m.id}
    return {m.id: (m.string if all(forms[m.id]) and not m.fuzzy else None) for m in catalog if m.id}


def _pairs(source: str | tuple[str, str], text: str | tuple[str, ...]) -> list[tuple[str, str]]:
    """(source, translation) of each form: a plural's first form translates the singular, the others the plural."""
    if isinstance(source, str):
        return [(source, text)]
    return [(source[0] if i == 0 else source[1], form) for i, form in enumerate(text)]


@pytest.mark.parametrize("domain", ["app", "profiles"])
def test_core_catalogue_holds_every_message_with_a_french_translation(domain):
    template = catalogues.app_messages() if domain == "app" else catalogues.profile_texts()
    found = [m.id for m in template if m.id]
    committed = po_messages(FOLDER / f"{domain}_fr.po")
    assert found
    missing = [message for message in found if committed.get(message) is None]
    assert not missing, f"not in {domain}_fr.po or not translated ({len(missing)}; run `make translations`): {missing[:20]}"


@pytest.mark.parametrize("domain", ["app", "profiles"])
def test_core_translations_keep_their_placeholders(domain):
    problems = [f"{source!r} → {form!r}: {problem}" for message, text in po_messages(FOLDER / f"{domain}_fr.po").items()
                if text is not None for source, form in _pairs(message, text)
                if (problem := placeholder_problem(source, form))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("domain", ["app", "profiles"])
def test_compiled_core_catalogue_matches_its_source(domain):
    with (FOLDER / f"{domain}_fr.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for source, text in po_messages(FOLDER / f"{domain}_fr.po").items():
        if isinstance(source, tuple) and text is not None:  # French: form 0 for 0 and 1, form 1 above
            assert (compiled.ngettext(*source, 1), compiled.ngettext(*source, 2)) == text, "run `make translations`"
        elif text is not None:
            assert compiled.gettext(source) == text, "run `make translations`"


def test_core_messages_are_literal_templates():
    """``_()`` gets a template Babel can collect: no f-string, no concatenation or % formatting inside."""
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "N_", "ngettext")
                    and any(isinstance(a, (ast.JoinedStr, ast.BinOp)) for a in node.args)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "\n".join(found)


def test_no_function_hides_the_translation_function():
    """A function that assigns ``_`` (``x, _ = ...``) cannot call ``_()``: the name is then local."""
    found = []
    for path in sorted([*(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nodes = list(ast.walk(function))
                assigns = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in nodes)
                calls = any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "_" for n in nodes)
                if assigns and calls:
                    found.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert not found, "rename the throwaway variable in: " + ", ".join(found)


def test_core_shows_no_phrase_without_translation():
    found = [line for path in catalogues.core_sources() for line in catalogues.untranslated_core_texts(path)]
    assert not found, (f"{len(found)} phrases: wrap them in _() or N_(), or mark the line "
                       f"'{catalogues.UNTRANSLATED_MARK} <why>':\n" + "\n".join(found))


def test_the_phrase_check_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A module docstring is no phrase."""\n'
        'raise ValueError(f"{path}: no such record")\n'
        'raise ValueError(_("{path}: no such record").format(path=path))\n'
        'log.warning("cannot read %s", path)\n'
        'if kind == "read coils":\n'
        '    HEADER = "# MeterDesk configuration"  # untranslated: file header\n'
        'value = table["two words"]\n'
        'print("Nothing to do")\n'
        'unit = "kW"\n'
        'label.setStyleSheet("color: #616161; font-size: 11px;")\n'
        'html = f"<b>{name}</b>: <i>{value}</i>"\n'
        'html = f"<p>{name} is not connected</p>"\n'
    )
    found = catalogues.untranslated_core_texts(sample, root=tmp_path)
    assert [line.split(":")[1] for line in found] == ["2", "8", "12"]
