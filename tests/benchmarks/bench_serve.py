"""`symle serve` under load (not part of the tests): 50 concurrent clients × 20 requests against a local
server, mixing cached catalogue derivations, typed densities, hostile formulas (exponent towers, 10 kB
inputs) and homework checks.

usage: python tests/benchmarks/bench_serve.py [--clients 50] [--requests 20] [--workers N]

Issue 26's targets: every request answered (none lost: a status for each); hostile ones 400 with
symle's message within their budget (10 s); the p95 latency of a cached catalogue derivation under
100 ms while the hostile ones run. The server is started in a fresh process on a free port with the
default pool (one worker a core); the catalogue pages are asked once before the run (so that they are
cached). Prints one Markdown table a kind (count, statuses, p50, p95, max) and the three verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parents[2]
HOMEWORK = (HERE / "tests" / "homework" / "exponential-plain.txt").read_text()
FAMILIES = ("normal", "exponential", "poisson", "gamma", "bernoulli", "geometric", "uniform", "laplace")
TYPED = [  # (density, params, support): a few, each derived once, then remembered
    ("theta*x^(theta-1)", "theta", "0 < x < 1"),
    ("a*exp(-a*x)", "a", "x > 0"),
    ("b^2*x*exp(-b*x)", "b", "x > 0"),
    ("2*x/c^2", "c", "0 < x < c"),
]
HOSTILE = [
    {"density": "a^(a^(a^(a^(a^x))))", "params": "a"},  # an exponent tower
    {"density": "x+" * 5000 + "a", "params": "a"},  # 10 kB
    {"density": "9^9^9^9", "params": "a"},
    {"density": "a*exp(-a*x)", "params": "a", "support": "x > " + "(" * 3000 + "0" + ")" * 3000},
]
BUDGET = 10.0  # seconds: a derivation's budget, as `symle derive`'s
GRACE = 1.5  # symle.worker.GRACE_SECONDS: a worker overrunning its budget is killed after it


ONLY: str | None = None  # --only KIND: a control run of one kind (cached: the server's own speed here)


def _kind(rng: random.Random) -> str:
    if ONLY is not None:
        return ONLY
    roll = rng.random()
    return "cached" if roll < 0.65 else "typed" if roll < 0.70 else "hostile" if roll < 0.85 else "check"


async def _one(client: httpx.AsyncClient, kind: str, rng: random.Random) -> tuple[str, int, float, str]:
    start = time.perf_counter()
    if kind == "cached":
        response = await client.get("/", params={"family": rng.choice(FAMILIES)})
    elif kind == "typed":
        density, params, support = rng.choice(TYPED)
        response = await client.get("/", params={"density": density, "params": params, "support": support})
    elif kind == "hostile":
        response = await client.get("/", params=rng.choice(HOSTILE))
    else:
        response = await client.post("/check", data={"homework": HOMEWORK})
    seconds = time.perf_counter() - start
    said = "symle: error:" in response.text
    return kind, response.status_code, seconds, "message" if said else ""


async def _client(base: str, count: int, seed: int, results: list) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for _ in range(count):
            kind = _kind(rng)
            try:
                results.append(await _one(client, kind, rng))
            except httpx.HTTPError as exc:
                results.append((kind, 0, float("nan"), type(exc).__name__))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _run(base: str, clients: int, requests: int) -> list:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for family in FAMILIES:  # cached before the run
            assert (await client.get("/", params={"family": family})).status_code == 200
    results: list = []
    await asyncio.gather(*(_client(base, requests, seed, results) for seed in range(clients)))
    return results


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--only", choices=("cached", "typed", "hostile", "check"), help="one kind of request")
    args = parser.parse_args()
    global ONLY
    ONLY = args.only
    port = _free_port()
    command = [sys.executable, "-m", "symle", "serve", "--port", str(port)]
    command += ["--workers", str(args.workers)] if args.workers else []
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/static/symle.css", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        load = os.getloadavg()[0]
        started = time.perf_counter()
        results = asyncio.run(_run(base, args.clients, args.requests))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)
    by_kind: dict[str, list] = defaultdict(list)
    for row in results:
        by_kind[row[0]].append(row)
    print(f"{args.clients} clients × {args.requests} requests, {wall:.1f} s, load average {load:.2f} before\n")
    print("| kind | requests | statuses | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for kind in ("cached", "typed", "hostile", "check"):
        rows = by_kind[kind]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(Counter(r[1] for r in rows).items()))
        times = [r[2] for r in rows if r[1]]
        print(f"| {kind} | {len(rows)} | {statuses} | {_ms(times, 0.5)} | {_ms(times, 0.95)} | {_ms(times, 1.0)} |")
    answered = len(results) == args.clients * args.requests and all(r[1] for r in results)
    hostile = [r for r in by_kind["hostile"] if r[1] != 503]  # (503: refused at once, the queue full)
    refused = sum(r[1] == 400 and r[3] == "message" for r in hostile)
    within = sum(r[2] <= BUDGET + GRACE for r in hostile)
    cached = [r[2] for r in by_kind["cached"] if r[1] == 200]
    p95 = sorted(cached)[int(0.95 * len(cached))] if cached else float("nan")
    print()
    print(f"every request answered: {'yes' if answered else 'NO'} ({len(results)} of {args.clients * args.requests})")
    print(f"hostile ones taken: 400 with symle's message: {refused} of {len(hostile)}; answered within the budget")
    print(f"  ({BUDGET:g} s + {GRACE:g} s grace, the time waiting for a worker included): {within} of {len(hostile)}")
    print(f"p95 of cached catalogue derivations: {1000 * p95:.0f} ms ({'under' if p95 < 0.1 else 'OVER'} 100 ms)")
    print(f"median of all: {1000 * statistics.median(r[2] for r in results if r[1]):.0f} ms")


if __name__ == "__main__":
    main()
