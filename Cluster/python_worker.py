#!/usr/bin/env python3
"""A complete hsconas worker in Python (pyzmq), written from Docs/protocol.md alone.

It shows that any language can join a search: it connects a DEALER socket, says hello, keeps
heartbeats going, and answers jobs by replaying the NAS-Bench-201 table shipped with hsconas
(Sources/BenchmarkData/Resources/nb201.bin; layout in Scripts/compact_nb201.py).

    python3 Cluster/python_worker.py --coordinator tcp://127.0.0.1:5555 --device raspi4
"""
import argparse
import json
import os
import struct
import sys
import time

import zmq

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
DATASETS = {
    "cifar10": ("c10valid_valid_acc_nb201v11", "c10_test_acc"),
    "cifar100": ("c100_valid_acc_nb201v11", "c100_test_acc"),
    "imagenet16-120": ("in16_valid_acc_nb201v11", "in16_test_acc"),
}


def load_table(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"HSNB201\0":
        sys.exit(f"error: {path} is not an hsconas NAS-Bench-201 table")
    _, rows, cols, name_len = struct.unpack_from("<IIII", data, 8)
    offset = 24
    names = data[offset:offset + name_len].decode().split("\n")
    offset += name_len
    codes = struct.unpack_from(f"<{rows}H", data, offset)
    offset += 2 * rows
    columns = {}
    for name in names:
        columns[name] = struct.unpack_from(f"<{rows}f", data, offset)
        offset += 4 * rows
    index_of_code = {code: index for index, code in enumerate(codes)}
    return index_of_code, columns


def cell_code(arch):
    genes = []
    for node in arch.split("+"):
        for token in node.strip("|").split("|"):
            op, _ = token.split("~")
            genes.append(OPS.index(op))
    if len(genes) != 6:
        raise ValueError(f"expected 6 edges, got {len(genes)}")
    return sum(g * 5**i for i, g in enumerate(genes))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--coordinator", required=True)
    parser.add_argument("--device", required=True)
    parser.add_argument("--id", default=None)
    parser.add_argument("--kinds", default="accuracy,latency")
    parser.add_argument("--table", default=os.path.join(here, "..", "Sources", "BenchmarkData", "Resources", "nb201.bin"))
    args = parser.parse_args()

    index_of_code, columns = load_table(args.table)
    latency_column = f"lat_{args.device}_ms"
    if latency_column not in columns:
        sys.exit(f"error: --device '{args.device}' is not in the table")
    worker_id = args.id or f"python-{args.device}-{os.getpid()}"
    hello = {"worker_id": worker_id, "device": args.device, "tags": ["python"],
             "kinds": args.kinds.split(","), "spaces": ["nb201"], "runtimes": ["replay", "table"],
             "versions": {"python": sys.version.split()[0], "pyzmq": zmq.__version__}, "capacity": 4}

    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 500)
    socket.connect(args.coordinator)
    sequence = 0

    def send(kind, body, ident=None):
        nonlocal sequence
        sequence += 1
        socket.send(json.dumps({"v": 1, "type": kind, "id": ident or str(sequence), "body": body}).encode())

    def answer(job):
        try:
            index = index_of_code[cell_code(job["architecture"])]
            if job["kind"] == "latency" and job.get("device") == args.device:
                return "result", {"job_id": job["job_id"], "metrics": {"latency_ms": columns[latency_column][index]},
                                  "source": "replay", "samples": [], "environment": {"runtime": "python-replay"}}
            if job["kind"] == "accuracy":
                valid, test = DATASETS[job["settings"].get("dataset", "cifar10")]
                return "result", {"job_id": job["job_id"], "source": "table", "samples": [],
                                  "metrics": {"valid_accuracy": columns[valid][index],
                                              "test_accuracy": columns[test][index]},
                                  "environment": {"runtime": "python-table"}}
            raise ValueError(f"cannot do a {job['kind']} job for device {job.get('device')}")
        except (ValueError, KeyError) as error:
            return "failed", {"job_id": job.get("job_id", "?"), "error": str(error), "retryable": False}

    heartbeat = 1.0
    registered = False
    last_sent = 0.0
    last_heard = time.monotonic()
    while True:
        now = time.monotonic()
        if registered and now - last_heard > 3 * heartbeat:
            registered = False
        if now - last_sent >= heartbeat:
            send("heartbeat" if registered else "hello", {} if registered else hello)
            last_sent = now
        if not socket.poll(int(heartbeat * 250)):
            continue
        try:
            message = json.loads(socket.recv())
        except ValueError:
            continue
        last_heard = time.monotonic()
        kind, body = message.get("type"), message.get("body", {})
        if kind == "welcome":
            registered, heartbeat = True, body["heartbeat_ms"] / 1000
        elif kind == "job":
            reply, reply_body = answer(body)
            send(reply, reply_body, ident=body["job_id"])
        elif kind == "bye":
            if not body.get("reconnect"):
                return
            registered = False


if __name__ == "__main__":
    main()
