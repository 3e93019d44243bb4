#!/usr/bin/env bash
# Publishes ds-edge for linux-arm64 (self-contained) and runs that binary for real under qemu-aarch64-static:
# --version, --help, model keygen/pack/sign/verify, and `ds-edge agent` without cameras against a real mosquitto
# (retained status online, a `ping` answered). Needs Debian's qemu-user-static and the arm64 libraries
# (libc6:arm64 libstdc++6:arm64 libicu72:arm64 libssl3:arm64 zlib1g:arm64; packaging/dev/setup.sh installs them).
# Every process it starts is stopped by its PID. Builds from a copy of the tracked files: the checkout (its obj/ and
# lock files, which a linux-arm64 restore extends) is not touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for tool in qemu-aarch64-static mosquitto mosquitto_sub mosquitto_rr; do
  command -v "$tool" >/dev/null || { echo "[arm64] $tool is missing: run packaging/dev/setup.sh as root" >&2; exit 1; }
done
[ -e /lib/ld-linux-aarch64.so.1 ] || { echo "[arm64] the arm64 C library is missing (apt-get install libc6:arm64 after dpkg --add-architecture arm64)" >&2; exit 1; }

work="$(mktemp -d /tmp/ds-edge-arm64.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
step() { echo "[arm64] $*" >&2; }
elapsed() { local start=$1; echo "$(( $(date +%s%N) / 1000000 - start )) ms"; }
now() { echo $(( $(date +%s%N) / 1000000 )); }

step "publishing linux-arm64 (self-contained) from a copy of the tracked files"
mkdir -p "$work/src"
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -x -C "$work/src"
t=$(now)
dotnet publish "$work/src/agent/DeepSeek.Edge.Agent" -c Release -r linux-arm64 --self-contained true \
  -o "$work/out" -nologo -clp:ErrorsOnly >&2
step "published in $(elapsed "$t")"
ds=(qemu-aarch64-static "$work/out/ds-edge")
file "$work/out/ds-edge" | grep -q "ARM aarch64" || { echo "[arm64] $work/out/ds-edge is not an aarch64 executable" >&2; exit 1; }

t=$(now); version="$("${ds[@]}" --version)"; step "--version: $version ($(elapsed "$t") under qemu)"
t=$(now); "${ds[@]}" --help | grep -q "agent" && step "--help lists the verbs ($(elapsed "$t"))"

t=$(now)
cp -r "$root/models/dist/blazeface-back" "$work/model"
"${ds[@]}" model keygen --out "$work/keys" >&2
"${ds[@]}" model pack --manifest "$work/model/manifest.json" --out "$work/model.zip" >&2
"${ds[@]}" model sign "$work/model.zip" --key "$work/keys/private.pem" >&2
"${ds[@]}" model verify "$work/model.zip" --key "$work/keys/public.pem" >&2
step "model keygen, pack, sign, verify: ok ($(elapsed "$t"))"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
pids+=($!)
cat > "$work/agent.json" <<JSON
{"Agent":{"DeviceId":"arm64-check","DataDirectory":"$work/state","Telemetry":{"IntervalSeconds":1},"Http":{"Enabled":false},"Cameras":[]},
 "Mqtt":{"Broker":"127.0.0.1","Port":$port,"TopicPrefix":"dsedge","ReconnectMinDelay":"00:00:00.200","ReconnectMaxDelay":"00:00:01"},
 "Logging":{"LogLevel":{"Default":"Information"}}}
JSON
t=$(now)
"${ds[@]}" agent --config "$work/agent.json" > "$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")
topic=dsedge/devices/arm64-check
status=""
for _ in $(seq 1 60); do
  status="$(mosquitto_sub -p "$port" -t "$topic/status" -C 1 -W 2 2>/dev/null || true)"
  case "$status" in *'"state":"online"'*) break ;; esac
done
case "$status" in *'"state":"online"'*) step "agent online ($(elapsed "$t") under qemu)" ;; *) cat "$work/agent.log" >&2; echo "[arm64] the agent did not come online" >&2; exit 1 ;; esac
telemetry="$(mosquitto_sub -p "$port" -t "$topic/telemetry" -C 1 -W 20)"
case "$telemetry" in *'"schema":"deepseek-edge/telemetry/v1"'*) step "telemetry received" ;; *) echo "[arm64] no telemetry" >&2; exit 1 ;; esac
pong=""
for _ in $(seq 1 10); do
  pong="$(mosquitto_rr -p "$port" -t "$topic/commands/ping" -e "$topic/responses/arm64-check" -m '{}' -W 5 2>/dev/null || true)"
  case "$pong" in *'"ok":true'*) break ;; esac
done
case "$pong" in *'"ok":true'*) step "ping answered: $pong" ;; *) cat "$work/agent.log" >&2; echo "[arm64] ping not answered" >&2; exit 1 ;; esac
kill -TERM "$agent"
for _ in $(seq 1 100); do kill -0 "$agent" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$agent" 2>/dev/null; then echo "[arm64] the agent did not stop on SIGTERM" >&2; exit 1; fi
wait "$agent" && step "agent stopped on SIGTERM (exit 0)" || { echo "[arm64] the agent exited with $?" >&2; exit 1; }
echo "arm64 check passed: $version"
