#!/usr/bin/env bash
# Makes sure Debian's exiftool is installed: the location-leak test reads the public copies of
# evidence images back with it, an independent reader of EXIF, XMP, IPTC and PNG chunks.
# Installs it where this user may; otherwise says so loudly. Under CI=true a missing exiftool fails.
set -u
command -v exiftool >/dev/null && exit 0
echo "Installing Debian's exiftool (libimage-exiftool-perl) for the evidence tests..."
"$(dirname "$0")/apt-install.sh" libimage-exiftool-perl
if ! command -v exiftool >/dev/null; then
  echo "#################################################################"
  echo "# exiftool is missing and could not be installed: the test that #"
  echo "# public copies of evidence images carry no location or device   #"
  echo "# tags will SKIP. Install Debian's 'libimage-exiftool-perl'.     #"
  echo "#################################################################"
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
