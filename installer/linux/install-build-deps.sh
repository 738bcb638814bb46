#!/usr/bin/env sh
# Debian/Ubuntu packages the Linux build needs: binutils (strip, readelf), dpkg-deb, and the
# libraries Qt's X11, Wayland and OpenGL plugins link, so that PyInstaller carries them in
# the bundle (or, for the graphics stack it leaves to the system, so that the .deb can name
# the packages holding them). Installs only what is missing; needs root or sudo when
# something is.
set -eu
command -v dpkg-query >/dev/null 2>&1 || exit 0  # not a Debian system: nothing to do here
pkgs="binutils dpkg libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
      libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
      libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libwayland-client0 libwayland-cursor0
      libwayland-egl1"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing packages the installer build needs:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
