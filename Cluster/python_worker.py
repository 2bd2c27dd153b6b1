#!/usr/bin/env python3
"""A worker in Python (pyzmq) that replays the NAS-Bench-201 table: today's benchmark-device worker.

It is the thin worker package (Python/hsconas_worker, `pip install ./Python`) run from the checkout
with `--runtime replay` and the table shipped with hsconas, so it needs only pyzmq and numpy:

    python3 Cluster/python_worker.py --coordinator tcp://127.0.0.1:5555 --device raspi4

Extra flags go to `hsconas-worker` (`--id`, `--kinds`, `--curve-key`, …). For boards that measure for
real, install the package and run `hsconas-worker --runtime onnxruntime` instead.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Python"))

from hsconas_worker.cli import main  # noqa: E402

if __name__ == "__main__":
    table = os.path.join(HERE, "..", "Sources", "BenchmarkData", "Resources", "nb201.bin")
    main(["--runtime", "replay", "--table", table, *sys.argv[1:]])
