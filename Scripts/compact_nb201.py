#!/usr/bin/env python3
"""Converts ../shared/data/nasbench201/nb201.csv into the compact binary table the project ships.

Usage: python3 Scripts/compact_nb201.py [CSV] [OUT]
Defaults: ../shared/data/nasbench201/nb201.csv -> Sources/BenchmarkData/Resources/nb201.bin

Layout (little-endian):
  8 bytes  magic b"HSNB201\\0"
  u32      format version (1)
  u32      rows (15625), u32 columns (numeric columns, excluding arch_index/arch_str/nats_unique_str)
  u32      byte length of the column names, then the names joined by '\\n' (UTF-8)
  rows x u16   dense genome code of the cell at each standard index (base 5, edge 1<-0 least significant;
               operations none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)
  columns x rows x f32  the values, column by column, in standard index order
No value is changed other than rounding to float32; the CSV's arch_index order is kept.
"""
import csv
import struct
import sys

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
SKIP = {"arch_index", "arch_str", "nats_unique_str"}


def code(arch):
    genes = []
    for node in arch.split("+"):
        for token in node.strip("|").split("|"):
            op, _ = token.split("~")
            genes.append(OPS.index(op))
    assert len(genes) == 6, arch
    return sum(g * 5**i for i, g in enumerate(genes))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/nasbench201/nb201.csv"
    out = sys.argv[2] if len(sys.argv) > 2 else "Sources/BenchmarkData/Resources/nb201.bin"
    with open(src, newline="") as f:
        reader = csv.DictReader(f)
        columns = [c for c in reader.fieldnames if c not in SKIP]
        rows = list(reader)
    for i, row in enumerate(rows):
        assert int(row["arch_index"]) == i, f"row {i} has arch_index {row['arch_index']}"
    names = "\n".join(columns).encode()
    with open(out, "wb") as f:
        f.write(b"HSNB201\0")
        f.write(struct.pack("<III", 1, len(rows), len(columns)))
        f.write(struct.pack("<I", len(names)))
        f.write(names)
        f.write(struct.pack(f"<{len(rows)}H", *[code(r["arch_str"]) for r in rows]))
        for c in columns:
            f.write(struct.pack(f"<{len(rows)}f", *[float(r[c]) for r in rows]))
    print(f"wrote {out}: {len(rows)} rows, {len(columns)} columns")


if __name__ == "__main__":
    main()
