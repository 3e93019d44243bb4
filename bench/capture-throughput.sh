#!/usr/bin/env bash
# Captures through the outbox alongside events, as the agent runs: the real `ds-edge agent` on Megamind (BlazeFace back,
# as fast as the pipeline goes), publishing to a real mosquitto, twice side by side for the same time:
#   baseline  an event for every frame with a face (Events:MinIntervalMs 0), capture off;
#   captures  the same, plus a capture of every such frame (band 0-1, no interval, caps and budgets out of the way).
# Counted at the broker (messages and payload bytes per topic) and from the agent's /metrics (frames processed, outbox
# delivered and dropped by priority). Prints frames/s, events/s, captures/s, bytes per capture and the ratios.
#   bash bench/capture-throughput.sh [seconds per run, default 20]
# Needs the Release build (dotnet build DeepSeek.Edge.sln -c Release) and packaging/dev/setup.sh's mosquitto and models.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/packaging/dev/common.sh" # free_port
seconds="${1:-20}"
ds="$root/agent/DeepSeek.Edge.Agent/bin/Release/net10.0/ds-edge"
[ -x "$ds" ] || { echo "build first: dotnet build DeepSeek.Edge.sln -c Release" >&2; exit 1; }
work="$(mktemp -d /tmp/ds-edge-capture-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
metric() { # sums a counter's samples whose labels contain $2 (e.g. priority="capture")
  awk -v name="$1" -v label="$2" 'index($0, name) == 1 && index($0, label) > 0 { s += $NF } END { printf "%d", s }' "$3"
}

run() { # run <name> <capture enabled: true|false>
  local name="$1" capture="$2" port http
  port="$(free_port)"
  http="$(free_port)"
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n' "$port" >"$work/$name-mosquitto.conf"
  mosquitto -c "$work/$name-mosquitto.conf" >"$work/$name-mosquitto.log" 2>&1 &
  local broker=$!
  pids+=("$broker")
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  cat >"$work/$name.json" <<JSON
{"Agent":{"DeviceId":"bench","DataDirectory":"$work/$name-state","Telemetry":{"IntervalSeconds":5},
  "Http":{"Enabled":true,"Urls":"http://127.0.0.1:$http"},
  "Cameras":[{"Name":"megamind","Source":"file:$root/models/media/Megamind.avi","Model":"$root/models/dist/blazeface-back",
    "Loop":true,"RealTime":false,
    "Events":{"Labels":["face"],"MinScore":0.5,"MinIntervalMs":0},
    "Capture":{"Enabled":$capture,"BandMin":0.5,"BandMax":1.0,"MinIntervalMs":0,"MaxPerHour":10000000,"MaxPerDay":10000000,
               "MaxBytesPerDay":1000000000000}}]},
 "Mqtt":{"Broker":"127.0.0.1","Port":$port,"TopicPrefix":"dsedge"},
 "Logging":{"LogLevel":{"Default":"Warning"}}}
JSON
  # -F '%t %l': topic and payload length per message (the payload itself is not printed).
  mosquitto_sub -p "$port" -t 'dsedge/devices/bench/events' -t 'dsedge/devices/bench/captures' -q 1 -F '%t %l' >>"$work/$name-received.log" 2>/dev/null &
  local sub=$!
  pids+=("$sub")
  "$ds" agent --config "$work/$name.json" >"$work/$name-agent.log" 2>&1 &
  local agent=$!
  pids+=("$agent")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$http/metrics" >"$work/$name-metrics-start.txt"
  : >"$work/$name-received.log"
  sleep "$seconds"
  curl -sf "http://127.0.0.1:$http/metrics" >"$work/$name-metrics-end.txt"
  cp "$work/$name-received.log" "$work/$name-window.log"
  kill -TERM "$agent"; wait "$agent" || true
  kill "$sub" "$broker" 2>/dev/null || true; wait "$sub" "$broker" 2>/dev/null || true
  local frames0 frames1 events captures capture_bytes delivered_c dropped_c dropped_e
  frames0="$(metric dsedge_camera_frames_processed_total '' "$work/$name-metrics-start.txt")"
  frames1="$(metric dsedge_camera_frames_processed_total '' "$work/$name-metrics-end.txt")"
  events="$(grep -c '/events ' "$work/$name-window.log" || true)"
  captures="$(grep -c '/captures ' "$work/$name-window.log" || true)"
  capture_bytes="$(awk '$1 ~ /\/captures$/ { s += $2 } END { printf "%d", s }' "$work/$name-window.log")"
  dropped_c="$(metric dsedge_outbox_messages_dropped_total 'priority="capture"' "$work/$name-metrics-end.txt")"
  dropped_e="$(metric dsedge_outbox_messages_dropped_total 'priority="event"' "$work/$name-metrics-end.txt")"
  delivered_c="$(metric dsedge_outbox_messages_delivered_total 'priority="capture"' "$work/$name-metrics-end.txt")"
  backlog="$(metric 'dsedge_outbox_messages{' '' "$work/$name-metrics-end.txt")"
  python3 - "$name" "$seconds" "$frames0" "$frames1" "$events" "$captures" "$capture_bytes" "$dropped_c" "$dropped_e" "$delivered_c" "$backlog" >>"$work/results.tsv" <<'PY'
import sys
name, seconds, f0, f1, events, captures, cbytes, dropped_c, dropped_e, delivered_c, backlog = sys.argv[1:]
s = float(seconds)
fps = (int(f1) - int(f0)) / s
per = int(cbytes) / int(captures) if int(captures) else 0
print(f"{name}\t{fps:.1f}\t{int(events) / s:.1f}\t{int(captures) / s:.1f}\t{per / 1024:.1f}\t{int(cbytes) / s / 1048576:.2f}\t{dropped_e}\t{dropped_c}\t{delivered_c}\t{backlog}")
PY
}

echo "ds-edge agent on Megamind.avi (BlazeFace back, cpu), $seconds s per run, $(nproc) cores; counted at the broker" >&2
run baseline false
run captures true
echo
printf 'run\tframes/s\tevents/s\tcaptures/s\tKiB/capture\tcapture MiB/s\tevents dropped\tcaptures dropped\tcaptures delivered (since start)\toutbox backlog at the end\n'
cat "$work/results.tsv"
python3 - "$work/results.tsv" <<'PY'
import sys
rows = {r[0]: r for r in (line.rstrip("\n").split("\t") for line in open(sys.argv[1]))}
b, c = rows["baseline"], rows["captures"]
print(f"\ncaptures / baseline: frames/s {float(c[1]) / float(b[1]):.2f}, events/s {float(c[2]) / float(b[2]):.2f}")
PY
