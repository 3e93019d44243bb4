#!/usr/bin/env bash
# The test command: sets up the machine (Debian packages, models, media), builds and runs every test project.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash packaging/dev/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build DeepSeek.Edge.sln -c Release -nologo -clp:ErrorsOnly
log="$(mktemp)"
set +e
dotnet test DeepSeek.Edge.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects: "N passed, N failed, N skipped".
awk '/(Passed|Failed)!/ {
  for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
} END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
# The linux-arm64 build, run under qemu (about 4 minutes on 2 cores, most of it the publish); DEEPSEEK_EDGE_SKIP_ARM64=1 skips it.
if [ "${DEEPSEEK_EDGE_SKIP_ARM64:-0}" != 1 ]; then
  bash packaging/dev/arm64-check.sh || status=1
fi
# The gpu and jetson flavours: a locked restore of each and a build of the gpu one (about 2 minutes);
# DEEPSEEK_EDGE_SKIP_FLAVOURS=1 skips it.
if [ "${DEEPSEEK_EDGE_SKIP_FLAVOURS:-0}" != 1 ]; then
  bash packaging/dev/flavour-check.sh || status=1
fi
# The .deb: lintian, the unit's security rating, then install, provision, run and purge in a Debian chroot (about
# 3 minutes, as root), then the same under a running systemd; DEEPSEEK_EDGE_SKIP_DEB=1 skips it.
if [ "${DEEPSEEK_EDGE_SKIP_DEB:-0}" != 1 ]; then
  bash packaging/dev/deb-check.sh || status=1
fi
exit "$status"
