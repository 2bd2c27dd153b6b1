#!/usr/bin/env python3
"""ONNX Runtime helper for hsconas workers: times ONNX models with onnxruntime.

A long-lived process. It reads one JSON request per line on stdin and writes one JSON answer per
line on stdout (nothing else ever goes to stdout). Requests:

  {"id": 1, "op": "version"}
  {"id": 2, "op": "measure", "model": "/tmp/m.onnx", "seed": 1,
   "settings": {"warmupRuns": 3, "minimumRuns": 10, "minimumSeconds": 0.3, "maximumRuns": 1000,
                "maximumVariation": 0.05, "attempts": 3, "cores": [1], "threads": 1, "batch": 1}}
  {"id": 3, "op": "run", "model": "/tmp/m.onnx", "input": "/tmp/x.f32", "output": "/tmp/y.f32"}

Answers carry the request's id and "ok"; failures carry "error". `measure` follows the same method
as hsconas's native harness: pin this process to the cores, warm up, time single runs until both
the minimum count and the minimum time are reached, re-measure while the coefficient of variation
is above the limit and keep the steadiest attempt. Statistics use numpy's linear percentiles and
the sample standard deviation, exactly as the Swift side does.
"""
import json
import os
import sys
import time


def statistics(samples):
    ordered = sorted(samples)
    count = len(ordered)

    def percentile(fraction):
        position = fraction * (count - 1)
        low = int(position)
        high = min(low + 1, count - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    mean = sum(ordered) / count
    variance = sum((value - mean) ** 2 for value in ordered) / max(count - 1, 1)
    return {
        "median": percentile(0.5), "mean": mean, "p10": percentile(0.1), "p90": percentile(0.9),
        "minimum": ordered[0], "coefficientOfVariation": (variance ** 0.5 / mean) if mean > 0 else 0.0,
        "samples": count,
    }


class Helper:
    def __init__(self):
        import numpy
        import onnxruntime
        self.numpy = numpy
        self.ort = onnxruntime
        self.sessions = {}

    def session(self, model, threads, cores):
        key = (model, os.path.getmtime(model), threads, tuple(cores))
        if key not in self.sessions:
            # Pin before the session exists: its intra-op threads inherit the affinity.
            if cores:
                os.sched_setaffinity(0, set(cores))
            options = self.ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.execution_mode = self.ort.ExecutionMode.ORT_SEQUENTIAL
            options.graph_optimization_level = self.ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self.sessions.clear()  # one model at a time: keep memory bounded
            self.sessions[key] = self.ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        return self.sessions[key]

    def feed(self, session, batch, seed):
        spec = session.get_inputs()[0]
        shape = [batch if not isinstance(dim, int) else dim for dim in spec.shape]
        shape[0] = batch
        generator = self.numpy.random.default_rng(seed)
        return spec.name, generator.uniform(-1, 1, size=shape).astype(self.numpy.float32)

    def version(self, request):
        return {"version": "onnxruntime " + self.ort.__version__}

    def measure(self, request):
        settings = request["settings"]
        cores = settings.get("cores", [])
        session = self.session(request["model"], int(settings.get("threads", 1)), cores)
        name, values = self.feed(session, int(settings.get("batch", 1)), int(request.get("seed", 1)))
        binding = session.io_binding()
        binding.bind_cpu_input(name, values)
        binding.bind_output(session.get_outputs()[0].name)
        run = session.run_with_iobinding
        for _ in range(int(settings.get("warmupRuns", 3))):
            run(binding)
        best, attempts = None, 0
        minimum_runs = int(settings.get("minimumRuns", 10))
        minimum_seconds = float(settings.get("minimumSeconds", 0.3))
        maximum_runs = int(settings.get("maximumRuns", 1000))
        while attempts < int(settings.get("attempts", 3)):
            attempts += 1
            samples = []
            start = time.perf_counter_ns()
            elapsed = 0.0
            while len(samples) < maximum_runs and (len(samples) < minimum_runs or elapsed < minimum_seconds):
                before = time.perf_counter_ns()
                run(binding)
                after = time.perf_counter_ns()
                samples.append((after - before) / 1e6)
                elapsed = (after - start) / 1e9
            stats = statistics(samples)
            if best is None or stats["coefficientOfVariation"] < best["coefficientOfVariation"]:
                best = stats
            if stats["coefficientOfVariation"] <= float(settings.get("maximumVariation", 0.05)):
                break
        return {"statistics": best, "attempts": attempts, "version": "onnxruntime " + self.ort.__version__}

    def run(self, request):
        session = self.session(request["model"], int(request.get("threads", 1)), request.get("cores", []))
        spec = session.get_inputs()[0]
        values = self.numpy.fromfile(request["input"], dtype=self.numpy.float32)
        per_sample = 1
        for dim in spec.shape[1:]:
            per_sample *= dim
        if values.size % per_sample != 0:
            raise ValueError(f"input has {values.size} floats, not a multiple of one sample ({per_sample})")
        values = values.reshape([values.size // per_sample] + list(spec.shape[1:]))
        output = session.run(None, {spec.name: values})[0].astype(self.numpy.float32)
        output.tofile(request["output"])
        return {"shape": list(output.shape)}


def main():
    out = sys.stdout
    sys.stdout = sys.stderr  # anything a library prints must not corrupt the answer stream
    try:
        helper = Helper()
    except Exception as error:  # onnxruntime or numpy missing: say so on the first answer
        helper, startup_error = None, f"{type(error).__name__}: {error} (pip install onnxruntime numpy)"
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            if helper is None:
                raise RuntimeError(startup_error)
            handler = {"version": helper.version, "measure": helper.measure, "run": helper.run}.get(request.get("op"))
            if handler is None:
                raise ValueError(f"unknown op {request.get('op')!r}; expected version, measure or run")
            answer = handler(request)
            answer.update({"id": request_id, "ok": True})
        except Exception as error:
            answer = {"id": request_id, "ok": False, "error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
