#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, when any is missing.
# `make run` and `make test` call it, and so does CI (through `make syslibs`).
# As root it runs apt-get itself; otherwise through sudo when sudo works without
# a password prompt; otherwise it prints the one command to run and stops.
set -euo pipefail

PACKAGES=(
    libpango-1.0-0 libpangoft2-1.0-0 # WeasyPrint: text layout of the printed PDF
    libharfbuzz-subset0              # WeasyPrint subsets fonts with it (else +9-17 s a PDF)
    poppler-utils                    # pdftotext, pdffonts, pdftoppm in the PDF tests
    chromium                         # browser tests (Playwright drives /usr/bin/chromium)
    fonts-noto-cjk                   # Chinese glyphs in the browser and its screenshots
    # Extra packages (e.g. CI's PostgreSQL server) come as arguments.
    "$@"
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Not a Debian system: make sure these are installed: ${PACKAGES[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

install=(apt-get install -y -qq --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "These system packages are missing: ${missing[*]}" >&2
    echo "Install them as root, then run make again:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" "${install[@]}" </dev/null
