#!/usr/bin/env bash
# Builds the deepseek-edge .deb: a self-contained ds-edge under /opt/deepseek-edge, the systemd unit, the udev rule for
# GPIO, and the default configuration (a conffile: upgrades keep local edits).
#   bash packaging/deb/build.sh [linux-arm64|linux-x64] [cpu|gpu|jetson]   -> artifacts/deepseek-edge_<version>_<arch>.deb
# DSEDGE_VERSION sets the version (default 0.1.0), DSEDGE_MAINTAINER the Maintainer field; DSEDGE_PUBLISHED=<dir> packs an existing `dotnet publish` output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rid="${1:-linux-x64}"
flavor="${2:-cpu}"
version="${DSEDGE_VERSION:-0.1.0}"
maintainer="${DSEDGE_MAINTAINER:-DeepSeek.Edge <packages@deepseek-edge.example.com>}"
case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "unsupported runtime '$rid': use linux-x64 or linux-arm64" >&2; exit 2 ;;
esac
debian="$root/packaging/deb/debian"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
app="$stage/opt/deepseek-edge"
if [ -n "${DSEDGE_PUBLISHED:-}" ]; then
  mkdir -p "$app" && cp -a "$DSEDGE_PUBLISHED"/. "$app"/
else
  dotnet publish "$root/agent/DeepSeek.Edge.Agent" -c Release -r "$rid" --self-contained true \
    -p:OrtFlavor="$flavor" -p:Version="$version" -p:DebugType=none -p:DebugSymbols=false -o "$app" -nologo -clp:ErrorsOnly
fi
find "$app" -name '*.pdb' -delete
rm -f "$app/libcoreclrtraceptprovider.so" # LTTng tracing only, and it would need liblttng-ust: the runtime runs without it
# Libraries are mapped, not run: 0644 (only ds-edge itself is executable).
find "$app" -type f \( -name '*.so' -o -name '*.so.*' -o -name '*.dll' -o -name '*.json' \) -exec chmod 0644 {} +
chmod 0755 "$app/ds-edge" "$app/createdump"
mkdir -p "$app/docs" && cp "$root"/docs/*.md "$app/docs/" && chmod 0644 "$app"/docs/*
mkdir -p "$app/broker" && install -m 0644 "$root"/packaging/broker/deepseek-edge.* "$app/broker/"
mkdir -p "$stage/usr/bin" && ln -s /opt/deepseek-edge/ds-edge "$stage/usr/bin/ds-edge"
install -D -m 0644 "$root/packaging/systemd/deepseek-edge.service" "$stage/lib/systemd/system/deepseek-edge.service"
install -D -m 0644 "$debian/60-deepseek-edge-gpio.rules" "$stage/lib/udev/rules.d/60-deepseek-edge-gpio.rules"
install -D -m 0644 "$root/packaging/config/agent.json" "$stage/etc/deepseek-edge/agent.json"
doc="$stage/usr/share/doc/deepseek-edge"
install -D -m 0644 "$debian/copyright" "$doc/copyright"
printf 'deepseek-edge (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
  "$version" "$version" "$maintainer" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
install -D -m 0644 "$debian/lintian-overrides" "$stage/usr/share/lintian/overrides/deepseek-edge"

mkdir -p "$stage/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: deepseek-edge
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $(grep -v '^#' "$debian/depends" | sed '/^$/d' | paste -sd, | sed 's/,/, /g')
Recommends: libgpiod2 | libgpiod3
Section: misc
Priority: optional
Homepage: https://localhost/deepseek-edge
Description: DeepSeek.Edge device agent
 Runs ONNX models on camera pipelines, reports to a fleet console over MQTT and
 takes signed model updates over the air. One executable: ds-edge.
CONTROL
echo "/etc/deepseek-edge/agent.json" > "$stage/DEBIAN/conffiles"
for s in postinst prerm postrm; do install -m 0755 "$debian/$s" "$stage/DEBIAN/$s"; done

mkdir -p "$root/artifacts"
out="$root/artifacts/deepseek-edge_${version}_${arch}.deb"
dpkg-deb -Zgzip --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
