#!/usr/bin/env bash
# The other ONNX Runtime flavours of ds-edge, so that they cannot rot while the suite runs the cpu one:
#  - gpu (x64 CUDA/TensorRT: Microsoft.ML.OnnxRuntime.Managed + .Gpu.Linux): a locked restore from its own lock files
#    (packages.gpu.lock.json) and a Release build of ds-edge (compile only: nothing here has a GPU);
#  - jetson (Microsoft.ML.OnnxRuntime.Managed only; the native library comes from Dockerfile.jetson): a locked restore.
# Both from a copy of the tracked files, so the checkout's own build outputs are untouched (about 2 minutes on 2 cores).
#   bash packaging/dev/flavour-check.sh                 # check
#   bash packaging/dev/flavour-check.sh --update-locks  # after a package change: rewrite the flavours' lock files
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
agent=agent/DeepSeek.Edge.Agent
step() { echo "[flavours] $*" >&2; }
if [ "${1:-}" = --update-locks ]; then
  for flavour in gpu jetson; do
    dotnet restore "$root/$agent" -p:OrtFlavor="$flavour" --force-evaluate -nologo >/dev/null
    step "rewrote the $flavour lock files (packages.$flavour.lock.json)"
  done
  # The checkout's obj/ now holds the last flavour's restore: put cpu's back.
  dotnet restore "$root/$agent" -nologo >/dev/null
  exit 0
fi
work="$(mktemp -d /tmp/ds-edge-flavours.XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -x -C "$work"
for flavour in gpu jetson; do
  dotnet restore "$work/$agent" -p:OrtFlavor="$flavour" -p:RestoreLockedMode=true -nologo >"$work/restore-$flavour.log" 2>&1 \
    || { cat "$work/restore-$flavour.log" >&2; step "FAILED: the $flavour flavour does not restore from its lock files: run $0 --update-locks"; exit 1; }
  step "$flavour: locked restore"
done
dotnet build "$work/$agent" -c Release -p:OrtFlavor=gpu --no-restore -nologo -clp:ErrorsOnly >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; step "FAILED: the gpu flavour does not compile"; exit 1; }
ort="$(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime.Gpu.Linux" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")"
step "gpu: ds-edge builds against Microsoft.ML.OnnxRuntime.Gpu.Linux $ort"
echo "flavour check passed: gpu (locked restore, build), jetson (locked restore)"
