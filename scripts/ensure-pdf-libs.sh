#!/usr/bin/env bash
# Makes sure the system libraries WeasyPrint (the PDF renderer) needs are installed: Pango
# (text layout, with HarfBuzz and FreeType) from Debian. Installs them where this user may;
# otherwise says what is missing. Under CI=true a missing library is a failure.
set -u
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
missing() { ! have libpango-1.0.so.0 || ! have libpangoft2-1.0.so.0 || ! have libharfbuzz-subset.so.0; }
missing || exit 0

if [ "$(id -u)" = 0 ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt_get="sudo -n apt-get"
else
  apt_get=""
fi

if [ -n "$apt_get" ] && command -v apt-get >/dev/null; then
  echo "Installing Pango for PDF documents ($packages)..."
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # the package list is meant to split
  $apt_get install -y -qq $packages >/dev/null 2>&1 \
    || { $apt_get update -qq >/dev/null 2>&1 && $apt_get install -y -qq $packages >/dev/null; }
fi

if missing; then
  echo "Pango is missing and could not be installed: PDF documents (the delivery document)"
  echo "cannot be made. Install Debian's $packages."
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
