#!/usr/bin/env python3
"""ONNX Runtime's CPU depthwise-convolution cliff: one depthwise Conv layer timed alone, single
thread, pinned to the last CPU, at channel counts that are and are not multiples of 16.

On AVX-512 machines ORT runs convolutions in its blocked NCHWc layout (blocks of 16 channels);
a depthwise convolution whose channel count is not a multiple of the block falls back to a much
slower generic kernel. SPOS channel ratios produce such counts (e.g. 51 = 64/2 · 1.6), so ORT's
latency of a spos network depends strongly on them, while hsconas's engine has no such cliff.
This is why `hsconas bench engine` finds a low Kendall τ between the two runtimes (BENCHMARKS.md).

Usage: python3 Scripts/ort_depthwise_channels.py   (needs onnx, onnxruntime, numpy)
"""
import os
import time

import numpy as np
import onnx
import onnx.helper as helper
import onnxruntime as ort


def depthwise_ms(channels, size, kernel, stride, runs=30):
    weights = np.random.default_rng(0).uniform(-1, 1, (channels, 1, kernel, kernel)).astype(np.float32)
    node = helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[kernel, kernel], strides=[stride, stride],
                            pads=[kernel // 2] * 4, group=channels)
    graph = helper.make_graph([node], "depthwise", [helper.make_tensor_value_info("x", 1, [1, channels, size, size])],
                              [helper.make_tensor_value_info("y", 1, None)], [onnx.numpy_helper.from_array(weights, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(1).uniform(-1, 1, (1, channels, size, size)).astype(np.float32)
    for _ in range(5):
        session.run(None, {"x": x})
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        session.run(None, {"x": x})
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1e3


if __name__ == "__main__":
    os.sched_setaffinity(0, {os.cpu_count() - 1})
    print(f"onnxruntime {ort.__version__}; median ms of one depthwise Conv, batch 1, 1 thread")
    print("channels  k7/s2 112x112  k3/s2 112x112  k7/s1 56x56")
    for channels in (16, 17, 48, 51, 64, 70):
        print(f"{channels:8d}  {depthwise_ms(channels, 112, 7, 2):13.3f}  {depthwise_ms(channels, 112, 3, 2):13.3f}"
              f"  {depthwise_ms(channels, 56, 7, 1):11.3f}")
