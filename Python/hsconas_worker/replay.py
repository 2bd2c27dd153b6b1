"""`--runtime replay`: latency (and accuracy) of NAS-Bench-201 cells from hsconas's table file
(Sources/BenchmarkData/Resources/nb201.bin; layout in Scripts/compact_nb201.py), labelled `replay`/`table`."""
from __future__ import annotations

import struct
from typing import Dict, List, Sequence, Tuple

OPERATIONS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
ACCURACY_COLUMNS = {
    "cifar10": ("c10valid_valid_acc_nb201v11", "c10_test_acc"),
    "cifar100": ("c100_valid_acc_nb201v11", "c100_test_acc"),
    "imagenet16-120": ("in16_valid_acc_nb201v11", "in16_test_acc"),
}


class ReplayTable:
    def __init__(self, path: str) -> None:
        with open(path, "rb") as handle:
            data = handle.read()
        if data[:8] != b"HSNB201\0":
            raise ValueError(f"--table '{path}': not an hsconas NAS-Bench-201 table (nb201.bin)")
        _, rows, _, name_length = struct.unpack_from("<IIII", data, 8)
        offset = 24
        names = data[offset:offset + name_length].decode().split("\n")
        offset += name_length
        codes = struct.unpack_from(f"<{rows}H", data, offset)
        offset += 2 * rows
        self.columns: Dict[str, Sequence[float]] = {}
        for name in names:
            self.columns[name] = struct.unpack_from(f"<{rows}f", data, offset)
            offset += 4 * rows
        self.row_of_code = {code: row for row, code in enumerate(codes)}

    def devices(self) -> List[str]:
        return [name[4:-3] for name in self.columns if name.startswith("lat_") and name.endswith("_ms")]

    def row(self, architecture: str) -> int:
        genes = []
        for node in architecture.split("+"):
            for token in node.strip("|").split("|"):
                operation, _, _ = token.partition("~")
                if operation not in OPERATIONS:
                    raise ValueError(f"field 'architecture': unknown operation '{operation}'")
                genes.append(OPERATIONS.index(operation))
        if len(genes) != 6:
            raise ValueError(f"field 'architecture': expected 6 edges, got {len(genes)}")
        return self.row_of_code[sum(gene * 5 ** index for index, gene in enumerate(genes))]

    def latency(self, architecture: str, device: str) -> float:
        return float(self.columns[f"lat_{device}_ms"][self.row(architecture)])

    def accuracy(self, architecture: str, dataset: str) -> Tuple[float, float]:
        if dataset not in ACCURACY_COLUMNS:
            raise ValueError(f"field 'settings.dataset': unknown dataset '{dataset}'")
        valid, test = ACCURACY_COLUMNS[dataset]
        row = self.row(architecture)
        return float(self.columns[valid][row]), float(self.columns[test][row])
