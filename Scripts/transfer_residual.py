#!/usr/bin/env python3
"""How far can a latency model of a NAS-Bench-201 device get, however many samples it has?

Issue #11 asks a search to decide most candidates on the model. The EA asks candidates near the
limit T (0.9–1.15·T), so what matters is the model's error *there*. This fits, per device and
sample count N (samples drawn from the candidates near T, as the EA asks them; 10 seeds):
  t3        log latency ~ the 3 best-correlated other devices' log latencies (hsconas's transfer model)
  all26     ~ all 26 other devices
  all26+pos ~ all 26 other devices + one-hot operator per edge (30 features)
and reports on the held-out near-T candidates the residual SD of log latency and the share a
±2σ interval rule could decide (the interval does not hold T) if its σ were exactly that held-out SD. Needs numpy. Data: the bundled table.
Usage: python3 Scripts/transfer_residual.py [path/to/nb201.csv]   (default ../shared/data/nasbench201/nb201.csv)
"""
import csv
import re
import sys

import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/nasbench201/nb201.csv"
rows = list(csv.DictReader(open(path)))
devices = [k for k in rows[0] if k.startswith("lat_")]
log_latency = np.log(np.array([[float(r[d]) for d in devices] for r in rows]))
operators = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
genes = np.array([[operators.index(t.split("~")[0]) for t in re.findall(r"([a-z_0-9]+~\d)", r["arch_str"])] for r in rows])
one_hot = np.zeros((len(rows), 30))
for edge in range(6):
    one_hot[np.arange(len(rows)), edge * 5 + genes[:, edge]] = 1


def ridge(features, targets, penalty):
    gram = features.T @ features + penalty * np.eye(features.shape[1])
    gram[0, 0] -= penalty  # the intercept is not shrunk
    return np.linalg.solve(gram, features.T @ targets)


print("| device | limit | N | model | residual SD (log) | decidable by ±2σ |")
print("|---|---|---:|---|---:|---:|")
for device in ["lat_raspi4_ms", "lat_pixel3_ms", "lat_gold_6240_ms", "lat_titanxp_1_ms"]:
    column = devices.index(device)
    others = [k for k in range(len(devices)) if k != column]
    target = log_latency[:, column]
    for quantile in [0.25, 0.5]:
        limit = np.quantile(target, quantile)
        near = np.where((target > limit + np.log(0.9)) & (target < limit + np.log(1.15)))[0]
        for samples in [10, 100, 300]:
            figures = {"t3": [], "all26": [], "all26+pos": []}
            for seed in range(10):
                rng = np.random.default_rng(seed)
                train = rng.choice(near, samples, replace=False)
                test = np.setdiff1d(near, train)
                references = log_latency[:, others]
                correlation = [abs(np.corrcoef(references[train, k], target[train])[0, 1]) for k in range(len(others))]
                best = np.argsort(correlation)[::-1][:3]
                ones = np.ones((len(rows), 1))
                for name, features, penalty in [
                    ("t3", np.hstack([ones, references[:, best]]), 0.01),
                    ("all26", np.hstack([ones, references]), 0.01),
                    ("all26+pos", np.hstack([ones, references, one_hot]), 1.0),
                ]:
                    weights = ridge(features[train], target[train], penalty)
                    residual = features[test] @ weights - target[test]
                    # A perfectly calibrated interval: the held-out error's own SD.
                    decidable = np.mean(np.abs(features[test] @ weights - limit) > 2 * np.std(residual))
                    figures[name].append((np.std(residual), decidable))
            for name, values in figures.items():
                sd = np.mean([v[0] for v in values])
                share = np.mean([v[1] for v in values])
                label = device[4:-3]
                print(f"| {label} | p{int(quantile * 100)} | {samples} | {name} | {sd:.3f} | {share * 100:.0f} % |")
