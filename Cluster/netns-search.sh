#!/usr/bin/env bash
# A real multi-host search on one machine: the coordinator and each worker in its own network
# namespace, joined by veth pairs to a bridge in a hub namespace (addresses 10.201.0.0/24, private
# to these namespaces). One worker's link goes down for longer than the heartbeat timeout and comes
# back: the coordinator must declare it dead and re-queue its jobs, the worker must register again,
# and the search must finish with the same result as a run without the outage.
#
# Usage: Cluster/netns-search.sh [HSCONAS_BINARY]     (root; iproute2's `ip`)
#   default binary: .build/debug/hsconas, else .build/release/hsconas
# Every namespace and process it makes is removed on exit, whether it passes or fails; names carry
# a per-run tag, so parallel runs cannot collide. Exit status 0 when every check passes.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-}
if [ -z "$bin" ]; then
  for candidate in .build/debug/hsconas .build/release/hsconas; do
    [ -x "$candidate" ] && { bin=$candidate; break; }
  done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "netns-search: no hsconas binary (run 'make build' or pass its path)" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ "$(id -u)" -eq 0 ] || { echo "netns-search: needs root (network namespaces)" >&2; exit 2; }
command -v ip >/dev/null || { echo "netns-search: needs 'ip' from iproute2" >&2; exit 2; }

# A tag unique to this run: interface names are at most 15 characters.
tag=h$(printf '%05d%02x' $(( $$ % 100000 )) $(( RANDOM % 256 )))
hub=${tag}-hub
coordinator_ns=${tag}-c
workers=(w1 w2 w3)
work=$(mktemp -d "${TMPDIR:-/tmp}/hsconas-netns.XXXXXX")
namespaces=()
pids=()
outage_s=${OUTAGE_SECONDS:-3}

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.3
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # Deleting a namespace deletes the veth ends inside it, and with them their peers.
  for ns in "${namespaces[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    echo "netns-search: FAILED (status $status); logs in $work" >&2
    for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log (last 15 lines)" >&2; tail -n 15 "$log" >&2; }; done
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "netns-search: FAIL: $*" >&2; exit 1; }
say() { echo "netns-search: $*"; }

# --- the network: a bridge in the hub namespace, one veth pair per host ---------------------
ip netns add "$hub"; namespaces+=("$hub")
ip -n "$hub" link add br0 type bridge
ip -n "$hub" link set br0 up
address_of() { case $1 in c) echo 10.201.0.1 ;; w1) echo 10.201.0.11 ;; w2) echo 10.201.0.12 ;; w3) echo 10.201.0.13 ;; esac; }
for host in c "${workers[@]}"; do
  ns=${tag}-$host
  ip netns add "$ns"; namespaces+=("$ns")
  ip link add "${tag}${host}" type veth peer name "${tag}${host}h"
  ip link set "${tag}${host}" netns "$ns"
  ip link set "${tag}${host}h" netns "$hub"
  ip -n "$ns" link set "${tag}${host}" name eth0
  ip -n "$ns" addr add "$(address_of "$host")/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$hub" link set "${tag}${host}h" master br0
  ip -n "$hub" link set "${tag}${host}h" up
done
say "namespaces ${namespaces[*]} up (coordinator $(address_of c), workers $(address_of w1) $(address_of w2) $(address_of w3))"

# --- the search: nb201, two replayed devices, 200 ms heartbeats (dead after 600 ms) -----------
cat >"$work/config.yaml" <<YAML
name: netns
space: nb201
dataset: cifar10
strategy: hsconas
seed: 11
budget: 150
population: 20
parents: 5
targets:
  - device: raspi4
    max_latency_ms: 20
  - device: pixel3
    max_latency_ms: 8
fleet:
  heartbeat_ms: 200
  accuracy_workers: 2
  workers_per_device: 1
output: $work/unused
YAML

# The reference: the same search without any outage (local workers on loopback).
say "reference run (no outage)"
"$bin" search --config "$work/config.yaml" --output "$work/reference" --quiet >"$work/reference.log" 2>&1 \
  || fail "the reference search failed"

port=5555
# ip netns exec execs the command, so $! is the process itself.
start_worker() {
  local host=$1 device=$2
  ip netns exec "${tag}-$host" "$bin" worker --coordinator "tcp://$(address_of c):$port" --id "$host-$device" \
    --device "$device" --kinds accuracy,latency --capacity 2 --heartbeat-ms 200 --simulated-delay-ms 25 \
    >"$work/$host.log" 2>&1 &
  pids+=($!)
  # Not waited for: cleanup stops workers, so the shell has no job notices to print.
  disown $!
}
ip netns exec "$coordinator_ns" "$bin" coordinator --config "$work/config.yaml" --bind "tcp://$(address_of c):$port" \
  --output "$work/outage" --quiet >"$work/coordinator.log" 2>&1 &
coordinator_pid=$!
pids+=("$coordinator_pid")
start_worker w1 raspi4
start_worker w2 raspi4
start_worker w3 pixel3

# Every worker must reach the coordinator across the bridge.
for _ in $(seq 1 300); do
  [ "$(grep -c 'worker joined' "$work/coordinator.log" || true)" -ge 3 ] && break
  kill -0 "$coordinator_pid" 2>/dev/null || fail "the coordinator exited before its workers joined"
  sleep 0.1
done
[ "$(grep -c 'worker joined' "$work/coordinator.log" || true)" -ge 3 ] \
  || fail "not every worker reached the coordinator at $(address_of c):$port across the bridge"

# Wait until the search is well under way.
stored() {
  local store
  store=$(ls "$work"/outage/*/run.sqlite 2>/dev/null | head -n 1) || true
  [ -n "$store" ] || { echo 0; return; }
  "$bin" store check "$store" 2>/dev/null | sed -n 's/^ *evaluations: \([0-9]*\).*/\1/p' | head -n 1
}
for _ in $(seq 1 600); do
  n=$(stored); [ "${n:-0}" -gt 150 ] && break
  kill -0 "$coordinator_pid" 2>/dev/null || fail "the coordinator exited before the outage"
  sleep 0.1
done
[ "${n:-0}" -gt 150 ] || fail "the search made no progress (stored evaluations: ${n:-0})"

say "taking w1's link down for ${outage_s} s (heartbeat timeout 0.6 s) at ${n} stored evaluations"
ip -n "$hub" link set "${tag}w1h" down
sleep "$outage_s"
kill -0 "$coordinator_pid" 2>/dev/null || fail "the search finished during the outage; it should still need w1's jobs"
ip -n "$hub" link set "${tag}w1h" up
say "w1's link is up again"

status=0
wait "$coordinator_pid" || status=$?
[ "$status" -eq 0 ] || fail "the coordinator exited with status $status"

# --- checks --------------------------------------------------------------------------------
log=$work/coordinator.log
# swift-log prints metadata (key=value) before the message, so each line is matched piecewise.
grep 'worker left' "$log" | grep 'w1-raspi4' | grep -q 'missed 3 heartbeats' || fail "the coordinator never declared w1 dead"
grep 'worker left' "$log" | grep 'w1-raspi4' | grep -q 'requeued=[1-9]' \
  || fail "no job of w1 was re-queued when it was declared dead"
[ "$(grep 'worker joined' "$log" | grep -c 'w1-raspi4')" -ge 2 ] || fail "w1 did not register again after its link came back"
grep -q 'registering again\|register again' "$work/w1.log" || fail "w1's log does not show it registering again"

summary() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r["best"]["architecture"] if r.get("best") else None, r["accuracy_evaluations"], r["candidates"], r["failed_jobs"])
PY
}
expected=$(summary "$(ls "$work"/reference/*/result.json)")
actual=$(summary "$(ls "$work"/outage/*/result.json)")
say "reference: $expected"
say "outage:    $actual"
[ "$expected" = "$actual" ] || fail "the result differs from the run without the outage"
store=$(ls "$work"/outage/*/run.sqlite)
"$bin" store check "$store" >"$work/check.log" 2>&1 || fail "store check found problems: $(cat "$work/check.log")"
say "PASS: w1 declared dead, its jobs re-queued, w1 registered again, same result as without the outage"
