#!/usr/bin/env bash
# The main job on one machine: sets up, builds, and runs the agent on the sample videos with the bundled face
# detector and an embedded MQTT broker; prints what the fleet console would receive (status, reported state,
# face events, telemetry) and serves the status page with the live annotated streams on http://127.0.0.1:8080/.
#   DEMO_SECONDS=60 bash packaging/dev/demo.sh     (0 = run until Ctrl-C)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash packaging/dev/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build agent/DeepSeek.Edge.Agent -c Release -nologo -clp:ErrorsOnly
seconds="${DEMO_SECONDS:-30}"
mkdir -p artifacts
ds="$root/agent/DeepSeek.Edge.Agent/bin/Release/net10.0/ds-edge"

"$ds" agent --config packaging/dev/agent.demo.json > artifacts/demo-agent.log 2>&1 &
agent=$!
trap 'kill "$agent" 2>/dev/null; wait "$agent" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break; sleep 0.2; done
echo "agent running (pid $agent): status page http://127.0.0.1:8080/  log artifacts/demo-agent.log"
echo "messages on the embedded broker (127.0.0.1:18830, topic dsedge/#):"
if [ "$seconds" = 0 ]; then sub_args=(); else sub_args=(-W "$seconds"); fi
mosquitto_sub -V mqttv5 -i demo-viewer -p 18830 -t 'dsedge/#' -v "${sub_args[@]}" | cut -c1-220 || true
echo
curl -s http://127.0.0.1:8080/healthz
