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
# (replay unless it says native or onnxruntime) and threads; a measuring worker also answers profile
# jobs (a spos target's operator table), as the workers 'hsconas search' starts do. A
# 'runtime: remote' target is served from its device. When the config has a fleet.measurement
# section, every latency and profile job carries it and the workers time by it.
targets=$(awk '
  function flush() { if (device != "") print device, runtime, threads; device = "" }
  /^ *- device:/ { flush(); device = $3; runtime = "replay"; threads = 1; next }
  device != "" && /^ *runtime:/ { runtime = $2 }
  device != "" && /^ *threads:/ { threads = $2 }
  /^[a-z_]+:/ { flush() }
  END { flush() }' "$config")
while read -r device runtime threads; do
  [ -n "$device" ] && [ "$runtime" != remote ] || continue
  kinds=latency; [ "$runtime" = replay ] || kinds=latency,profile
  "$bin" worker --coordinator "tcp://127.0.0.1:$port" --device "$device" --runtime "$runtime" --threads "$threads" \
    --kinds "$kinds" >"runs/local-logs/$device.log" 2>&1 &
  pids+=($!)
done <<<"$targets"
# Accuracy: the table on nb201, the training-free proxy on spos (fleet.accuracy_evaluator's defaults).
evaluator=table; grep -q '^space: *spos' "$config" && evaluator=proxy
for n in 1 2; do
  "$bin" worker --coordinator "tcp://127.0.0.1:$port" --kinds accuracy --evaluator "$evaluator" --capacity 16 --id "accuracy-$n" \
    >"runs/local-logs/accuracy-$n.log" 2>&1 &
  pids+=($!)
done
"$bin" coordinator --config "$config" --bind "tcp://127.0.0.1:$port"
