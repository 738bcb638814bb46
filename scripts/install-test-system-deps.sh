#!/usr/bin/env sh
# Debian/Ubuntu packages the test suite needs: Qt's offscreen platform libraries,
# fonts for readable screenshots, and D-Bus for the Secret Service tests.
# Installs only what is missing; needs root or sudo when something is.
set -eu
pkgs="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core dbus gnome-keyring"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages:$missing (no apt-get here: install them by hand)" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
