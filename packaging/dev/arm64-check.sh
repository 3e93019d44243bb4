#!/usr/bin/env bash
# Publishes ds-edge for linux-arm64 (self-contained) and runs that binary for real under qemu-aarch64-static:
# --version, --help, model keygen/pack/sign/verify, `doctor` (ONNX Runtime loads with its CPU provider; OpenCV's native
# library is named as missing, with the fix), and `ds-edge agent` with one camera against a real mosquitto: its model
# loads and runs its warm-up on ONNX Runtime's arm64 CPU provider, the camera fails naming OpenCV, the status is online,
# telemetry flows, a `ping` is answered, and one over-the-air update (published by the arm64 `model publish`) is
# downloaded, verified and staged into the store before its activation fails on the missing OpenCV and the running
# model stays. Needs root (a private mount namespace, below) and Debian's qemu-user-static and the arm64 libraries
# (libc6:arm64 libstdc++6:arm64 libicu72:arm64 libssl3:arm64 zlib1g:arm64; packaging/dev/setup.sh installs them).
# Every process it starts is stopped by its PID. Builds from a copy of the tracked files: the checkout (its obj/ and
# lock files, which a linux-arm64 restore extends) is not touched.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh" # free_port
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "[arm64] needs root (it binds an ARM /proc/cpuinfo in a private mount namespace); run as root" >&2; exit 1; }
for tool in qemu-aarch64-static mosquitto mosquitto_sub mosquitto_rr unshare; do
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

# ONNX Runtime's CPU detection (cpuinfo) reads /proc/cpuinfo, which under qemu's user mode is the x64 host's: it finds
# no ARM core there and dereferences NULL (SIGSEGV in `doctor`, `infer` and any agent with a camera). A board has its
# own. Here every command that loads ONNX Runtime sees an ARM one instead (Cortex-A78AE cores, a Jetson Orin's, as many
# as this machine has), bound over /proc/cpuinfo in a private mount namespace.
for i in $(seq 0 $(( $(nproc) - 1 ))); do
  printf 'processor\t: %s\nBogoMIPS\t: 62.50\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd42\nCPU revision\t: 1\n\n' "$i"
done > "$work/cpuinfo"
# A command, not a function: run in the background, its PID ($!) is the agent's own (each layer execs the next).
arm=(unshare --mount sh -c 'mount --bind "$0" /proc/cpuinfo && exec "$@"' "$work/cpuinfo" "${ds[@]}")

t=$(now)
"${arm[@]}" doctor > "$work/doctor.log" 2>&1 || true # exits 1: OpenCV is missing, and there is no /etc/deepseek-edge/agent.json
grep -q '^ok  *onnxruntime .*CPUExecutionProvider' "$work/doctor.log" || { cat "$work/doctor.log" >&2; echo "[arm64] doctor: ONNX Runtime does not load" >&2; exit 1; }
grep -q '^fail *opencv .*libOpenCvSharpExtern.so' "$work/doctor.log" || { cat "$work/doctor.log" >&2; echo "[arm64] doctor does not name the missing OpenCV library" >&2; exit 1; }
step "doctor: $(sed -n 's/^ok  *onnxruntime  *//p' "$work/doctor.log"); OpenCV's native library named as missing, with the fix ($(elapsed "$t"))"

port="$(free_port)"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
pids+=($!)
cat > "$work/agent.json" <<JSON
{"Agent":{"DeviceId":"arm64-check","DataDirectory":"$work/state","Telemetry":{"IntervalSeconds":1},"Http":{"Enabled":false},
  "Cameras":[{"Name":"cam","Source":"file:$root/models/media/Megamind.avi","Model":"$work/model","Loop":true}]},
 "Mqtt":{"Broker":"127.0.0.1","Port":$port,"TopicPrefix":"dsedge","ReconnectMinDelay":"00:00:00.200","ReconnectMaxDelay":"00:00:01"},
 "Ota":{"TrustedKeys":["$work/keys/public.pem"],"HealthWindow":"00:00:05"},
 "Logging":{"LogLevel":{"Default":"Information"}}}
JSON
t=$(now)
"${arm[@]}" agent --config "$work/agent.json" > "$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")
topic=dsedge/devices/arm64-check
status=""
for _ in $(seq 1 60); do
  status="$(mosquitto_sub -p "$port" -t "$topic/status" -C 1 -W 2 2>/dev/null || true)"
  case "$status" in *'"state":"online"'*) break ;; esac
done
case "$status" in *'"state":"online"'*) step "agent online ($(elapsed "$t") under qemu)" ;; *) cat "$work/agent.log" >&2; echo "[arm64] the agent did not come online" >&2; exit 1 ;; esac
for _ in $(seq 1 100); do grep -q 'Camera cam cannot start' "$work/agent.log" && break; sleep 0.2; done
loaded="$(grep -o 'Model blazeface-back@1.0.0 loaded on execution provider cpu' "$work/agent.log" | head -1)"
[ -n "$loaded" ] && grep -q 'blazeface-back@1.0.0 node placement (warm-up run): cpu' "$work/agent.log" \
  || { cat "$work/agent.log" >&2; echo "[arm64] the camera's model did not load and warm up on ONNX Runtime" >&2; exit 1; }
grep -q 'Camera cam cannot start: OpenCV.s native library (libOpenCvSharpExtern.so) does not load' "$work/agent.log" \
  || { cat "$work/agent.log" >&2; echo "[arm64] the camera's failure does not name OpenCV" >&2; exit 1; }
step "$loaded, warm-up run on arm64; the camera fails naming libOpenCvSharpExtern.so"
telemetry="$(mosquitto_sub -p "$port" -t "$topic/telemetry" -C 1 -W 20)"
case "$telemetry" in *'"schema":"deepseek-edge/telemetry/v1"'*) step "telemetry received" ;; *) echo "[arm64] no telemetry" >&2; exit 1 ;; esac
pong=""
for _ in $(seq 1 10); do
  pong="$(mosquitto_rr -p "$port" -t "$topic/commands/ping" -e "$topic/responses/arm64-check" -m '{}' -W 5 2>/dev/null || true)"
  case "$pong" in *'"ok":true'*) break ;; esac
done
case "$pong" in *'"ok":true'*) step "ping answered: $pong" ;; *) cat "$work/agent.log" >&2; echo "[arm64] ping not answered" >&2; exit 1 ;; esac

# Over the air: version 1.1.0 of the camera's model, signed, published over MQTT chunks by the arm64 CLI.
mkdir -p "$work/update" && cp "$work/model"/* "$work/update/"
sed -i 's/"version": *"[^"]*"/"version": "1.1.0"/' "$work/update/manifest.json"
"${ds[@]}" model pack --manifest "$work/update/manifest.json" --out "$work/update.zip" >&2
"${ds[@]}" model sign "$work/update.zip" --key "$work/keys/private.pem" >&2
mosquitto_sub -p "$port" -t "$topic/models/state" -W 150 > "$work/models-state.log" 2>/dev/null &
watcher=$!
pids+=("$watcher")
t=$(now)
"${ds[@]}" model publish --broker "127.0.0.1:$port" --device arm64-check --camera cam "$work/update.zip" >&2
for _ in $(seq 1 600); do grep -q '"state":"failed"' "$work/models-state.log" && break; sleep 0.2; done
states="$(grep -o '"cam":{[^}]*"state":"[a-z-]*"' "$work/models-state.log" | sed 's/.*"state":"\([a-z-]*\)"/\1/' | uniq | tr '\n' ' ')"
case "$states" in *"downloading verifying staged activating failed"*) ;; *) cat "$work/models-state.log" "$work/agent.log" >&2; echo "[arm64] the update went '$states', not downloading, verifying, staged, activating, failed" >&2; exit 1 ;; esac
grep -q '"state":"failed","reason":"[^}]*OpenCV' "$work/models-state.log" || { cat "$work/models-state.log" >&2; echo "[arm64] the update's failure does not name OpenCV" >&2; exit 1; }
for f in manifest.json manifest.sig model.onnx; do
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$work/update.zip" "$f" \
    | cmp -s "$work/state/models/blazeface-back/1.1.0/$f" - || { ls -R "$work/state/models" >&2; echo "[arm64] the store does not hold 1.1.0's $f as published" >&2; exit 1; }
done
[ "$(grep -c 'Model blazeface-back@1.0.0 loaded on' "$work/agent.log")" -ge 2 ] || { cat "$work/agent.log" >&2; echo "[arm64] 1.0.0 was not loaded back after the failed update" >&2; exit 1; }
step "over the air: 1.1.0 went ${states% } ($(elapsed "$t")); the store holds it as published; the failure names OpenCV; 1.0.0 loaded back"

# Stopped once the camera's attempt after the update has settled (the old model's camera fails again, naming OpenCV).
for _ in $(seq 1 100); do [ "$(grep -c 'Camera cam cannot start' "$work/agent.log")" -ge 2 ] && break; sleep 0.2; done
sleep 2
kill -TERM "$agent"
for _ in $(seq 1 150); do kill -0 "$agent" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$agent" 2>/dev/null; then tail -20 "$work/agent.log" >&2; echo "[arm64] the agent did not stop on SIGTERM" >&2; exit 1; fi
rc=0; wait "$agent" || rc=$?
[ "$rc" -eq 0 ] || { tail -20 "$work/agent.log" >&2; echo "[arm64] the agent exited with $rc on SIGTERM" >&2; exit 1; }
step "agent stopped on SIGTERM (exit 0)"
echo "arm64 check passed: $version"
