#!/usr/bin/env bash
# The main job on one machine: sets up, builds, and runs the agent on the sample videos with the bundled face
# detector and an embedded MQTT broker; prints what the fleet console would receive (status, reported state,
# face events, telemetry) and serves the status page with the live annotated streams on http://127.0.0.1:8080/.
# After a few seconds it publishes a signed re-pack of the face model (version 1.1.0) over the air to camera
# "megamind": the update's progress shows on dsedge/devices/demo-device/models/state (downloading ... active).
# The fleet console (ds-fleet) runs beside it on the same broker: http://127.0.0.1:8090/, user admin, password in
# artifacts/demo-fleet/admin-password; at the end it prints what the console stored about the device.
#   DEMO_SECONDS=60 bash packaging/dev/demo.sh     (0 = run until Ctrl-C)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash packaging/dev/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build agent/DeepSeek.Edge.Agent -c Release -nologo -clp:ErrorsOnly
dotnet build fleet/DeepSeek.Edge.Fleet -c Release -nologo -clp:ErrorsOnly
seconds="${DEMO_SECONDS:-30}"
mkdir -p artifacts
ds="$root/agent/DeepSeek.Edge.Agent/bin/Release/net10.0/ds-edge"

# A fresh device: its state, and the signing key the demo trainer uses (the agent trusts its public half).
rm -rf artifacts/demo-state artifacts/demo-keys artifacts/demo-package artifacts/demo-fleet
"$ds" model keygen --out artifacts/demo-keys > /dev/null
mkdir -p artifacts/demo-package
cp models/dist/blazeface-back/* artifacts/demo-package/
sed -i 's/"version": *"[^"]*"/"version": "1.1.0"/' artifacts/demo-package/manifest.json
"$ds" model pack --manifest artifacts/demo-package/manifest.json --out artifacts/demo-package.zip > /dev/null
"$ds" model sign --key artifacts/demo-keys/private.pem artifacts/demo-package.zip > /dev/null

"$ds" agent --config packaging/dev/agent.demo.json > artifacts/demo-agent.log 2>&1 &
agent=$!
fleet=""
trap 'kill $fleet "$agent" 2>/dev/null; wait $fleet "$agent" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break; sleep 0.2; done
echo "agent running (pid $agent): status page http://127.0.0.1:8080/  log artifacts/demo-agent.log"

# The console on the agent's embedded broker, trusting the demo trainer's key.
mkdir -p artifacts/demo-fleet
head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > artifacts/demo-fleet/admin-password
cat > artifacts/demo-fleet/fleet.json <<JSON
{ "DataDirectory": "$root/artifacts/demo-fleet/data", "Broker": "127.0.0.1:18830", "Listen": "http://127.0.0.1:8090",
  "AdminPasswordFile": "$root/artifacts/demo-fleet/admin-password", "TrustedKeys": ["$root/artifacts/demo-keys/public.pem"] }
JSON
"$root/fleet/DeepSeek.Edge.Fleet/bin/Release/net10.0/ds-fleet" serve --config artifacts/demo-fleet/fleet.json > artifacts/demo-fleet.log 2>&1 &
fleet=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8090/healthz >/dev/null 2>&1 && break; sleep 0.2; done
echo "console running (pid $fleet): http://127.0.0.1:8090/ (admin / $(cat artifacts/demo-fleet/admin-password))  log artifacts/demo-fleet.log"
echo "messages on the embedded broker (127.0.0.1:18830, topic dsedge/#, model chunks left out):"
if [ "$seconds" = 0 ]; then sub_args=(); else sub_args=(-W "$seconds"); fi
( sleep 8 && "$ds" model publish --broker 127.0.0.1:18830 --device demo-device --camera megamind artifacts/demo-package.zip \
    > artifacts/demo-publish.log 2>&1 ) &
mosquitto_sub -V mqttv5 -i demo-viewer -p 18830 -t 'dsedge/#' -T 'dsedge/models/+/+/chunks/+' -v "${sub_args[@]}" | cut -c1-300 || true
echo
curl -s http://127.0.0.1:8080/healthz
echo
echo "what the console stored about the device (GET /api/devices/demo-device):"
cookies=artifacts/demo-fleet/cookies
curl -sf -c "$cookies" -H 'content-type: application/json' \
  -d "{\"name\":\"admin\",\"password\":\"$(cat artifacts/demo-fleet/admin-password)\"}" http://127.0.0.1:8090/api/login > /dev/null \
  && curl -sf -b "$cookies" http://127.0.0.1:8090/api/devices/demo-device | cut -c1-2000 || echo "(the console did not answer: see artifacts/demo-fleet.log)"
echo
