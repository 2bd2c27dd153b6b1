#!/usr/bin/env bash
# Launch a coordinator and workers as separate processes on this machine, the way you would on
# several machines: one coordinator bound to a fixed port, one worker per device, accuracy workers.
# Usage: Cluster/local.sh [CONFIG] [PORT]      (needs `make build` first)
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Configs/quickstart.yaml}
port=${2:-5555}
bin=.build/release/hsconas
[ -x "$bin" ] || { echo "error: $bin not found; run 'make build' first" >&2; exit 1; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

mkdir -p runs/local-logs
# Devices with a target in the config get one latency worker each, with the target's runtime
# (replay unless it says native or onnxruntime); a 'runtime: remote' target is served from its device.
targets=$(awk '
  /^ *- device:/ { if (device != "") print device, runtime; device = $3; runtime = "replay"; next }
  device != "" && /^ *runtime:/ { runtime = $2 }
  /^[a-z_]+:/ { if (device != "") print device, runtime; device = "" }
  END { if (device != "") print device, runtime }' "$config")
while read -r device runtime; do
  [ -n "$device" ] && [ "$runtime" != remote ] || continue
  "$bin" worker --coordinator "tcp://127.0.0.1:$port" --device "$device" --runtime "$runtime" --kinds latency \
    >"runs/local-logs/$device.log" 2>&1 &
  pids+=($!)
done <<<"$targets"
for n in 1 2; do
  "$bin" worker --coordinator "tcp://127.0.0.1:$port" --kinds accuracy --capacity 16 --id "accuracy-$n" \
    >"runs/local-logs/accuracy-$n.log" 2>&1 &
  pids+=($!)
done
"$bin" coordinator --config "$config" --bind "tcp://127.0.0.1:$port"
