#!/usr/bin/env python3
"""Where ONNX Runtime spends a network's time, per kind of operator, to set beside
`hsconas measure --profile` (the native engine's figures for the same network).

Runs the model with ORT's own profiler (single thread, sequential, pinned to the last CPU, all graph
optimisations on) and sums its per-node kernel times: convolutions by kind (1×1, depthwise k×k, dense
k×k) and every other operator by name. The profiler adds a little per node, so the sum is above the
unprofiled latency; compare kinds, not totals.

Usage:
    hsconas export --space spos --random 11 -o /tmp/n11.onnx
    python3 Scripts/ort_operator_profile.py /tmp/n11.onnx        (needs onnxruntime, numpy)
"""
import collections
import json
import os
import sys
import tempfile

import numpy as np
import onnxruntime as ort


def main(path, warmup=10, runs=40):
    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.enable_profiling = True
    options.profile_file_prefix = os.path.join(tempfile.mkdtemp(), "ort")
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: np.random.default_rng(0).random((1, 3, 224, 224), dtype=np.float32)}
    for _ in range(warmup + runs):
        session.run(None, feed)
    with open(session.end_profiling()) as trace:
        events = json.load(trace)
    totals = collections.defaultdict(float)
    for event in events:
        if event.get("cat") != "Node" or not event["name"].endswith("_kernel_time"):
            continue
        operator = event["args"].get("op_name", "?")
        if operator in ("Conv", "FusedConv"):
            weights = list(event["args"]["input_type_shape"][1].values())[0]
            operator = ("depthwise" if weights[1] == 1 else "conv") + f"{weights[2]}x{weights[3]}"
        totals[operator] += event["dur"]
    every = warmup + runs
    print(f"ONNX Runtime {ort.__version__}, {path}: ms per run by operator (profiled, 1 thread)")
    for operator, micros in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {operator:24s} {micros / every / 1000:7.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
