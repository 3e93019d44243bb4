#!/usr/bin/env bash
# The main job on one machine: set up, build, run the bundled face detector over a sample video and
# write an annotated copy. Pass another video as $1 to try it on something else.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash packaging/dev/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build agent/DeepSeek.Edge.Agent -c Release -nologo -clp:ErrorsOnly
video="${1:-models/media/Megamind.avi}"
mkdir -p artifacts
agent/DeepSeek.Edge.Agent/bin/Release/net10.0/ds-edge infer \
  --model models/dist/blazeface-back --input "$video" --out artifacts/demo-annotated.avi --providers tensorrt,cuda,cpu \
  | tail -n 20
echo "annotated video: $root/artifacts/demo-annotated.avi"
