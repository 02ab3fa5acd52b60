#!/usr/bin/env bash
# WeasyPrint (decision PDFs) needs Pango from the system, and HarfBuzz's subsetter to embed fonts
# quickly (without it one decision takes about a second instead of a fraction). Installs Debian's
# packages when one is missing.
set -euo pipefail
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
if have 'libpango-1.0.so' && have 'libpangoft2-1.0.so' && have 'libharfbuzz-subset.so'; then
  exit 0
fi
echo "Pango or HarfBuzz's subsetter is missing (WeasyPrint needs them): installing Debian's packages."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null
