#!/usr/bin/env bash
# The main job on one machine: sets up, builds, and runs the agent on the sample videos with the bundled face
# detector and an embedded MQTT broker; prints what the fleet console would receive (status, reported state,
# face events, telemetry) and serves the status page with the live annotated streams on http://127.0.0.1:8080/.
# After a few seconds it publishes a signed re-pack of the face model (version 1.1.0) over the air to camera
# "megamind": the update's progress shows on dsedge/devices/demo-device/models/state (downloading ... active).
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

# A fresh device: its state, and the signing key the demo trainer uses (the agent trusts its public half).
rm -rf artifacts/demo-state artifacts/demo-keys artifacts/demo-package
"$ds" model keygen --out artifacts/demo-keys > /dev/null
mkdir -p artifacts/demo-package
cp models/dist/blazeface-back/* artifacts/demo-package/
sed -i 's/"version": *"[^"]*"/"version": "1.1.0"/' artifacts/demo-package/manifest.json
"$ds" model pack --manifest artifacts/demo-package/manifest.json --out artifacts/demo-package.zip > /dev/null
"$ds" model sign --key artifacts/demo-keys/private.pem artifacts/demo-package.zip > /dev/null

"$ds" agent --config packaging/dev/agent.demo.json > artifacts/demo-agent.log 2>&1 &
agent=$!
trap 'kill "$agent" 2>/dev/null; wait "$agent" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break; sleep 0.2; done
echo "agent running (pid $agent): status page http://127.0.0.1:8080/  log artifacts/demo-agent.log"
echo "messages on the embedded broker (127.0.0.1:18830, topic dsedge/#, model chunks left out):"
if [ "$seconds" = 0 ]; then sub_args=(); else sub_args=(-W "$seconds"); fi
( sleep 8 && "$ds" model publish --broker 127.0.0.1:18830 --device demo-device --camera megamind artifacts/demo-package.zip \
    > artifacts/demo-publish.log 2>&1 ) &
mosquitto_sub -V mqttv5 -i demo-viewer -p 18830 -t 'dsedge/#' -T 'dsedge/models/+/+/chunks/+' -v "${sub_args[@]}" | cut -c1-300 || true
echo
curl -s http://127.0.0.1:8080/healthz
