#!/usr/bin/env bash
# Makes sure the independent readers the pamphlet tests check PDFs with are installed: Debian's
# poppler-utils (pdftotext, pdffonts, pdftoppm) and zbar-tools (zbarimg reads the QR code).
# Installs them where this user may; otherwise says so loudly. Under CI=true a missing tool fails.
set -u
missing() { ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; }
missing || exit 0
echo "Installing Debian's poppler-utils and zbar-tools for the pamphlet tests..."
"$(dirname "$0")/apt-install.sh" poppler-utils zbar-tools
if missing; then
  echo "##################################################################"
  echo "# pdftotext, pdffonts, pdftoppm or zbarimg is missing and could  #"
  echo "# not be installed: the tests that read the pamphlet PDF back    #"
  echo "# will SKIP. Install Debian's 'poppler-utils' and 'zbar-tools'.  #"
  echo "##################################################################"
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
