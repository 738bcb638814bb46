#!/usr/bin/env sh
# Create .venv with a 3.12+ interpreter and install MeterDesk (+ test extras).
# Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
set -eu
cd "$(dirname "$0")/.."
extras="${1:-}"
py=$(sh scripts/find-python.sh)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    rm -rf .venv
    echo "Creating .venv with $py"
    "$py" -m venv .venv
fi
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
fi
