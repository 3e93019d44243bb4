#!/usr/bin/env bash
# The deepseek-edge .deb under a running systemd, as a board runs it: boots a Debian root file system (with systemd) in
# systemd-nspawn on the host's network, installs the package while systemd is up (the maintainer scripts'
# daemon-reload path), provisions it, and checks the unit as systemd runs it, with every sandboxing setting it has:
#  - a fresh install is enabled and started (idle on the packaged configuration); after `ds-edge device init`,
#    `systemctl restart` returns only after READY=1 (Type=notify); the main process runs as deepseek-edge, the agent
#    is online on the broker and /healthz says idle;
#  - the watchdog: with a drop-in setting WatchdogSec=4, the agent's pings keep it running for 10 s (systemd would
#    kill it after 4 s without them) and systemd records them;
#  - the journal keeps each line's priority: an unknown command's warning is in `journalctl -p warning`, not in
#    `-p err`, and the start-up lines are info;
#  - kill -9 of the main process: systemd restarts it (Restart=on-failure) and it is online again;
#  - `systemctl stop`: the process exits 0; purge with systemd running: no unit, nothing of the package left.
# Usage (root; deb-check.sh calls it): deb-systemd.sh <root-dir> <deb> <broker-port>
# The container is powered off and, failing that, killed by its PID; the root directory is the caller's to remove.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dir="$1"
deb="$2"
port="$3"
device=deb-systemd
box=""
leader=""
step() { echo "[deb/systemd] $*" >&2; }
in_box() { nsenter --target "$leader" --mount --uts --ipc --net --pid -- "$@"; }
fail() {
  echo "[deb/systemd] FAILED: $*" >&2
  [ -n "$leader" ] && in_box journalctl --no-pager -n 80 -o short-monotonic >&2 2>/dev/null || true
  exit 1
}
cleanup() {
  [ -n "$box" ] || return 0
  kill -TERM "$box" 2>/dev/null || true # systemd-nspawn turns SIGTERM into an orderly power-off of the container
  for _ in $(seq 100); do kill -0 "$box" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$box" 2>/dev/null || true
  wait "$box" 2>/dev/null || true
}
trap cleanup EXIT
command -v systemd-nspawn >/dev/null || fail "systemd-nspawn is missing: run packaging/dev/setup.sh as root"
[ -x "$dir/lib/systemd/systemd" ] || fail "$dir has no systemd: rebuild it with packaging/dev/chroot.sh"
unit_show() { in_box systemctl show deepseek-edge -p "$1" --value; }
# Polls the retained status until it says online; prints that process's started_at. $1: a started_at to pass over
# (the killed process's, until its last will and the new process's status replace it).
await_online() {
  local status started
  for _ in $(seq 40); do
    status="$(mosquitto_sub -p "$port" -t "dsedge/devices/$device/status" -C 1 -W 1 2>/dev/null || true)"
    case "$status" in *'"state":"online"'*)
      started="$(echo "$status" | sed -n 's/.*"started_at":"\([^"]*\)".*/\1/p')"
      [ "$started" != "${1:-}" ] && { echo "$started"; return 0; } ;;
    esac
    sleep 0.5
  done
  return 1
}

cp "$deb" "$dir/var/tmp/deepseek-edge.deb"
systemd-nspawn --quiet --register=no --keep-unit --boot --console=pipe --directory="$dir" >"$dir/var/tmp/nspawn.log" 2>&1 &
box=$!
for _ in $(seq 100); do leader="$(pgrep -P "$box" | head -1 || true)"; [ -n "$leader" ] && break; sleep 0.1; done
[ -n "$leader" ] || fail "systemd-nspawn started no container: $(cat "$dir/var/tmp/nspawn.log")"
state=""
for _ in $(seq 150); do
  state="$(in_box systemctl is-system-running 2>/dev/null || true)"
  case "$state" in running | degraded) break ;; esac
  sleep 0.2
done
case "$state" in running | degraded) ;; *) fail "the container's systemd did not come up (state '$state')" ;; esac
step "booted Debian's systemd $(in_box systemctl --version | head -1 | awk '{print $2}') in systemd-nspawn (system state: $state)"

in_box dpkg -i /var/tmp/deepseek-edge.deb >"$dir/var/tmp/install.log" 2>&1 || { cat "$dir/var/tmp/install.log" >&2; fail "dpkg -i with systemd running"; }
# A fresh install is enabled and started by the package, idle on the packaged configuration (no broker there yet).
[ "$(in_box systemctl is-enabled deepseek-edge.service)" = enabled ] || fail "the fresh install did not enable the unit"
[ "$(unit_show ActiveState)" = active ] || fail "the fresh install did not start the unit (state $(unit_show ActiveState))"
step "dpkg -i with systemd running: the unit is enabled and active on the packaged configuration"

in_box ds-edge device init --id "$device" --broker "127.0.0.1:$port" --group packaging >/dev/null 2>&1 || fail "ds-edge device init"
http_port="$(free_port)"
use_http_port "$dir/etc/deepseek-edge/agent.json" "$http_port"
# Only the timings change, so that a missed watchdog ping and a restart show within seconds.
mkdir -p "$dir/etc/systemd/system/deepseek-edge.service.d"
printf '[Service]\nWatchdogSec=4\nRestartSec=1\n' >"$dir/etc/systemd/system/deepseek-edge.service.d/10-check-timings.conf"
in_box systemctl daemon-reload
step "provisioned as $device (ds-edge device init); drop-in: WatchdogSec=4, RestartSec=1"

# As docs/operations.md says after provisioning. With Type=notify, restart returns once the agent sent READY=1.
in_box systemctl restart deepseek-edge.service >/dev/null 2>&1 || fail "systemctl restart deepseek-edge (no READY=1, or the unit failed)"
main_pid="$(unit_show MainPID)"
user="$(in_box stat -c %U "/proc/$main_pid")"
[ "$user" = deepseek-edge ] || fail "the main process $main_pid runs as '$user', not deepseek-edge"
started="$(await_online)" || fail "the service is not online on the broker"
health=""
for _ in $(seq 50); do health="$(curl -sf "http://127.0.0.1:$http_port/healthz" || true)"; [ -n "$health" ] && break; sleep 0.2; done
echo "$health" | grep -q 'idle: no cameras configured' || fail "/healthz does not say idle: '$health'"
step "systemctl restart: active after READY=1 ($(unit_show SubState)), main PID $main_pid as $user, online, /healthz idle"

sleep 10
[ "$(unit_show ActiveState)" = active ] && [ "$(unit_show NRestarts)" = 0 ] && [ "$(unit_show MainPID)" = "$main_pid" ] \
  || fail "the watchdog killed or restarted the service (NRestarts $(unit_show NRestarts), result $(unit_show Result))"
[ -n "$(unit_show WatchdogTimestamp)" ] || fail "systemd recorded no watchdog ping"
step "watchdog: 10 s under WatchdogSec=4 without a restart (last ping $(unit_show WatchdogTimestamp))"

mosquitto_pub -p "$port" -V mqttv5 -q 1 -t "dsedge/devices/$device/commands/frobnicate" -m '{}' \
  -D publish response-topic "dsedge/check/responses" || fail "mosquitto_pub"
warned=""
for _ in $(seq 50); do
  warned="$(in_box journalctl -u deepseek-edge -p warning --no-pager -o cat | grep -i frobnicate || true)"
  [ -n "$warned" ] && break
  sleep 0.2
done
[ -n "$warned" ] || fail "the unknown command's warning is not in journalctl -p warning"
in_box journalctl -u deepseek-edge -p err --no-pager -o cat | grep -qi frobnicate && fail "the warning is in journalctl -p err"
info="$(in_box journalctl -u deepseek-edge -p info --no-pager -o cat | wc -l)"
above="$(in_box journalctl -u deepseek-edge -p warning --no-pager -o cat | wc -l)"
[ "$info" -gt "$above" ] || fail "no info lines in the journal ($info at info and above, $above at warning and above)"
in_box journalctl -u deepseek-edge --no-pager -o cat | grep -qE '^<[0-7]>' && fail "journal lines still carry a literal <N> prefix"
step "journal priorities: the warning '$(echo "$warned" | head -1 | cut -c1-80)' is at -p warning, not -p err; $((info - above)) info lines"

in_box kill -KILL "$main_pid"
restarted=""
for _ in $(seq 100); do
  restarted="$(unit_show MainPID)"
  [ "$restarted" != "$main_pid" ] && [ "$restarted" != 0 ] && [ "$(unit_show ActiveState)" = active ] && break
  sleep 0.2
done
[ "$restarted" != "$main_pid" ] && [ "$(unit_show NRestarts)" = 1 ] || fail "no restart after kill -9 (NRestarts $(unit_show NRestarts))"
await_online "$started" >/dev/null || fail "the restarted service is not online on the broker"
step "kill -9: systemd restarted it (NRestarts 1, main PID $restarted), online again"

in_box systemctl stop deepseek-edge.service
[ "$(unit_show ExecMainStatus)" = 0 ] && [ "$(unit_show Result)" = success ] \
  || fail "systemctl stop: exit status $(unit_show ExecMainStatus), result $(unit_show Result)"
step "systemctl stop: exit status 0"

rm -rf "$dir/etc/systemd/system/deepseek-edge.service.d"
in_box dpkg --purge deepseek-edge >"$dir/var/tmp/purge.log" 2>&1 || { cat "$dir/var/tmp/purge.log" >&2; fail "dpkg --purge with systemd running"; }
in_box systemctl daemon-reload
load="$(in_box systemctl show deepseek-edge -p LoadState --value)"
[ "$load" = not-found ] || fail "the unit is still known to systemd after purge (LoadState $load)"
for p in /opt/deepseek-edge /etc/deepseek-edge /var/lib/deepseek-edge /var/cache/deepseek-edge /usr/bin/ds-edge \
  /etc/systemd/system/multi-user.target.wants/deepseek-edge.service; do
  [ ! -e "$dir$p" ] || fail "$p is left after purge"
done
step "purged with systemd running: the unit is gone, nothing of the package is left"
