#!/usr/bin/env bash
# Makes sure the system libraries WeasyPrint (the PDF renderer) needs are installed: Pango
# (text layout, with HarfBuzz and FreeType) from Debian; and FriBiDi, which Pillow's libraqm
# loads to lay out Arabic right to left on the share pictures. Installs them where this user
# may; otherwise says what is missing. Under CI=true a missing library is a failure.
set -u
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfribidi0"
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
missing() { ! have libpango-1.0.so.0 || ! have libpangoft2-1.0.so.0 || ! have libharfbuzz-subset.so.0 || ! have libfribidi.so.0; }
missing || exit 0
echo "Installing Pango for PDF documents ($packages)..."
# shellcheck disable=SC2086 # the package list is meant to split
"$(dirname "$0")/apt-install.sh" $packages
if missing; then
  echo "Pango or FriBiDi is missing and could not be installed: PDF documents (the delivery"
  echo "document) cannot be made, nor Arabic share pictures. Install Debian's $packages."
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
