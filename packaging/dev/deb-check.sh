#!/usr/bin/env bash
# Builds the deepseek-edge .deb from a copy of the tracked files and tries it as an operator would:
#  - lintian: no error and no warning (the tags expected of a self-contained /opt application are overridden, each with
#    its reason, in packaging/deb/debian/lintian-overrides);
#  - systemd-analyze: the unit verifies, and its exposure (`systemd-analyze security`) is at most 4.5;
#  - in a minimal Debian bookworm chroot (cached by packaging/dev/chroot.sh): install, `ds-edge --version`,
#    `ds-edge device init` against a real mosquitto with a broker test, `ds-edge doctor`, the agent on the packaged
#    configuration as the service user for a few seconds (online on the broker, /healthz says idle with no cameras,
#    SIGTERM exits 0), then purge: nothing of the package is left;
#  - the same root file system booted with systemd (systemd-nspawn): install, the unit's start, watchdog, journal
#    priorities, restart after kill -9, stop and purge as systemd runs them (packaging/dev/deb-systemd.sh).
# Needs root (chroot, mounts). Every process it starts is stopped by its PID; every mount is undone.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tarball="$(bash "$root/packaging/dev/chroot.sh" --path)"
step() { echo "[deb] $*" >&2; }
fail() { echo "[deb] FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (chroot); run as root"
for tool in lintian systemd-analyze systemd-nspawn mosquitto mosquitto_sub mosquitto_pub curl python3; do command -v "$tool" >/dev/null || fail "$tool is missing: run packaging/dev/setup.sh as root"; done
[ -s "$tarball" ] || fail "$tarball is missing: run packaging/dev/setup.sh as root"

work="$(mktemp -d /tmp/ds-edge-deb.XXXXXX)"
chroot_dir="$work/root"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for m in proc dev/pts dev; do mountpoint -q "$chroot_dir/$m" 2>/dev/null && umount -l "$chroot_dir/$m"; done
  rm -rf "$work"
}
trap cleanup EXIT
in_chroot() { chroot "$chroot_dir" "$@"; }

step "building the .deb from a copy of the tracked files"
mkdir -p "$work/src"
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -x -C "$work/src"
DSEDGE_VERSION=0.1.0 bash "$work/src/packaging/deb/build.sh" linux-x64 cpu >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "packaging/deb/build.sh"; }
deb="$(tail -1 "$work/build.log")"
step "$(basename "$deb"): $(du -h "$deb" | cut -f1)"

step "lintian"
lintian --show-overrides --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
if grep -qE '^(E|W): ' "$work/lintian.log"; then grep -E '^(E|W): ' "$work/lintian.log" >&2; fail "lintian reports errors or warnings (above)"; fi
step "lintian: no errors, no warnings ($(grep -c '^O:' "$work/lintian.log") overridden tags of $(grep '^O:' "$work/lintian.log" | awk '{print $3}' | sort -u | wc -l) kinds, reasons in packaging/deb/debian/lintian-overrides)"

step "systemd-analyze security"
unit="$root/packaging/systemd/deepseek-edge.service"
exposure="$(systemd-analyze security --offline=yes "$unit" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
[ -n "$exposure" ] || fail "systemd-analyze security gave no exposure level"
python3 -c "import sys; sys.exit(0 if float('$exposure') <= 4.5 else 1)" || fail "the unit's exposure is $exposure (at most 4.5)"
step "systemd-analyze security: exposure $exposure"

step "installing into a minimal Debian chroot"
mkdir -p "$chroot_dir" && tar -C "$chroot_dir" -xf "$tarball"
mount -t proc proc "$chroot_dir/proc"
mount --bind /dev "$chroot_dir/dev"
cp "$deb" "$chroot_dir/tmp/deepseek-edge.deb"
in_chroot dpkg -i /tmp/deepseek-edge.deb >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i"; }
in_chroot id deepseek-edge | grep -q '(video)' || fail "the service user is not in the video group"
in_chroot id deepseek-edge | grep -q '(gpio)' || fail "the service user is not in the gpio group (created by postinst where the board has none)"
[ "$(in_chroot stat -c '%U:%G %a' /etc/deepseek-edge/agent.json)" = "root:deepseek-edge 640" ] || fail "agent.json is not root:deepseek-edge 0640"
step "installed: user deepseek-edge (groups video, gpio), /etc/deepseek-edge/agent.json root:deepseek-edge 0640"

step "systemd-analyze verify"
systemd-analyze verify --root="$chroot_dir" deepseek-edge.service >"$work/verify.log" 2>&1 || { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }

version="$(in_chroot ds-edge --version)"
[ "$version" = "0.1.0" ] || fail "ds-edge --version said '$version'"
step "ds-edge --version: $version"

port="$(free_port)"
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
CONF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

in_chroot ds-edge device init --id deb-check --broker "127.0.0.1:$port" --group packaging --test-connection >"$work/init.log" 2>&1 \
  || { cat "$work/init.log" >&2; fail "ds-edge device init"; }
step "ds-edge device init: $(head -1 "$work/init.log")"
http_port="$(free_port)"
use_http_port "$chroot_dir/etc/deepseek-edge/agent.json" "$http_port"

in_chroot ds-edge doctor >"$work/doctor.log" 2>&1 || { cat "$work/doctor.log" >&2; fail "ds-edge doctor found a blocking problem"; }
step "ds-edge doctor: $(grep -c '^ok' "$work/doctor.log") ok, $(grep -c '^warn' "$work/doctor.log") warnings, no failure"

mosquitto_sub -p "$port" -t 'dsedge/devices/deb-check/status' -C 1 -W 30 >"$work/status.json" 2>&1 &
sub=$!
pids+=($sub)
chroot "$chroot_dir" setpriv --reuid=deepseek-edge --regid=deepseek-edge --init-groups \
  /opt/deepseek-edge/ds-edge agent --config /etc/deepseek-edge/agent.json >"$work/agent.log" 2>&1 &
agent=$!
pids+=($agent)
wait "$sub" || { cat "$work/agent.log" >&2; fail "no status from the agent on the broker"; }
grep -q '"state":"online"' "$work/status.json" || { cat "$work/status.json" "$work/agent.log" >&2; fail "the agent is not online"; }
health=""
for _ in $(seq 50); do health="$(curl -sf "http://127.0.0.1:$http_port/healthz" || true)"; [ -n "$health" ] && break; sleep 0.2; done
echo "$health" | grep -q 'idle: no cameras configured' || { echo "$health"; cat "$work/agent.log" >&2; fail "/healthz does not say idle"; }
sleep 3
kill -0 "$agent" 2>/dev/null || { cat "$work/agent.log" >&2; fail "the agent stopped on its own"; }
kill -TERM "$agent"
rc=0; wait "$agent" || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/agent.log" >&2; fail "the agent exited $rc on SIGTERM"; }
step "agent as deepseek-edge on the packaged configuration: online on the broker, /healthz idle, SIGTERM exit 0"

in_chroot dpkg --purge deepseek-edge >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge"; }
for p in /opt/deepseek-edge /etc/deepseek-edge /var/lib/deepseek-edge /usr/bin/ds-edge /lib/systemd/system/deepseek-edge.service /lib/udev/rules.d/60-deepseek-edge-gpio.rules; do
  [ ! -e "$chroot_dir$p" ] || fail "$p is left after purge"
done
step "purged: nothing of the package is left"

# The same root file system booted with its own systemd: the unit as systemd runs it (packaging/dev/deb-systemd.sh).
for m in proc dev/pts dev; do mountpoint -q "$chroot_dir/$m" && umount -l "$chroot_dir/$m"; done
bash "$root/packaging/dev/deb-systemd.sh" "$chroot_dir" "$deb" "$port" || fail "the .deb under a running systemd (above)"
echo "deb check passed: $(basename "$deb"), exposure $exposure"
