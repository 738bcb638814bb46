#!/usr/bin/env sh
# Print the path of a Python 3.12+ interpreter, or explain what to install.
# Order: $PYTHON, then 3.12 (the tested version) before newer ones: PATH, pyenv, prefixes.
is_ok() {
    "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null
}
for cand in "${PYTHON:-}" python3.12 python3.13 python3.14 python3 python; do
    [ -n "$cand" ] || continue
    path=$(command -v "$cand" 2>/dev/null) || continue
    if is_ok "$path"; then echo "$path"; exit 0; fi
done
root="${PYENV_ROOT:-$HOME/.pyenv}"
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -V) \
            /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] /opt/python*/bin/python3; do
    [ -x "$path" ] || continue
    if is_ok "$path"; then echo "$path"; exit 0; fi
done
cat >&2 <<'MSG'
MeterDesk needs Python 3.12 or newer, and none was found.
Install one, then run the command again:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv
  pyenv:          pyenv install 3.12
  any platform:   https://www.python.org/downloads/
Or point to an interpreter with PYTHON=/path/to/python3.12.
MSG
exit 1
