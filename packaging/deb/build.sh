#!/usr/bin/env bash
# Builds the deepseek-edge .deb: a self-contained ds-edge under /opt/deepseek-edge, the systemd unit and
# the default configuration (a conffile: upgrades keep local edits).
#   bash packaging/deb/build.sh [linux-arm64|linux-x64] [cpu|gpu|jetson]   -> artifacts/deepseek-edge_<version>_<arch>.deb
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rid="${1:-linux-x64}"
flavor="${2:-cpu}"
version="${DSEDGE_VERSION:-0.1.0}"
case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "unsupported runtime '$rid': use linux-x64 or linux-arm64" >&2; exit 2 ;;
esac

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
dotnet publish "$root/agent/DeepSeek.Edge.Agent" -c Release -r "$rid" --self-contained true \
  -p:OrtFlavor="$flavor" -p:Version="$version" -o "$stage/opt/deepseek-edge" -nologo -clp:ErrorsOnly
install -D -m 0644 "$root/packaging/systemd/deepseek-edge.service" "$stage/lib/systemd/system/deepseek-edge.service"
install -D -m 0640 "$root/packaging/config/agent.json" "$stage/etc/deepseek-edge/agent.json"
mkdir -p "$stage/opt/deepseek-edge/docs" && cp "$root"/docs/*.md "$stage/opt/deepseek-edge/docs/"
mkdir -p "$stage/opt/deepseek-edge/broker" && cp "$root"/packaging/broker/deepseek-edge.* "$stage/opt/deepseek-edge/broker/"

mkdir -p "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: deepseek-edge
Version: $version
Architecture: $arch
Maintainer: DeepSeek.Edge <edge@localhost>
Depends: libgtk-3-0, libgpiod2 | libgpiod3, ca-certificates
Section: misc
Priority: optional
Description: DeepSeek.Edge device agent
 Runs ONNX models on camera pipelines, reports to a fleet console over MQTT and
 takes signed model updates over the air. One executable: ds-edge.
CONTROL
echo "/etc/deepseek-edge/agent.json" > "$stage/DEBIAN/conffiles"
cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if ! getent passwd deepseek-edge >/dev/null; then
  adduser --system --group --home /var/lib/deepseek-edge --no-create-home deepseek-edge
fi
for g in video gpio; do getent group "$g" >/dev/null && adduser deepseek-edge "$g" >/dev/null || true; done
# The configuration may hold broker credentials and camera passwords: readable by the service, not by every user.
chown root:deepseek-edge /etc/deepseek-edge /etc/deepseek-edge/agent.json
chmod 0750 /etc/deepseek-edge
chmod 0640 /etc/deepseek-edge/agent.json
for f in /etc/deepseek-edge/*.pass /etc/deepseek-edge/*.key; do
  [ -e "$f" ] && chown root:deepseek-edge "$f" && chmod 0640 "$f"
done
ln -sf /opt/deepseek-edge/ds-edge /usr/bin/ds-edge
if [ -d /run/systemd/system ]; then systemctl daemon-reload; systemctl enable deepseek-edge.service >/dev/null; fi
exit 0
POSTINST
cat > "$stage/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl stop deepseek-edge.service || true; fi
[ "$1" = remove ] && rm -f /usr/bin/ds-edge
exit 0
PRERM
chmod 0755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm"

mkdir -p "$root/artifacts"
out="$root/artifacts/deepseek-edge_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
