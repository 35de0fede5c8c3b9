"""Derive every catalogue entry in one process and print the time of each (not part of the tests).

usage: python tests/benchmarks/bench_derive.py
"""

from __future__ import annotations

import time

import symle
from symle.model.catalogue import FAMILIES


def main() -> None:
    total = 0.0
    print(f"{'family':<22}{'seconds':>8}  methods")
    for entry in FAMILIES.values():
        known = [f"{c.name}=10" for c in entry.constants]
        start = time.perf_counter()
        derivation = symle.derive(entry.name, known=known)
        elapsed = time.perf_counter() - start
        total += elapsed
        methods = ", ".join(f"{k}: {e.method}" for k, e in derivation.estimators.items())
        print(f"{entry.name:<22}{elapsed:>8.3f}  {methods}")
    print(f"{'whole catalogue':<22}{total:>8.3f}")


if __name__ == "__main__":
    main()
