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
from urllib.parse import urlencode

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


class _Connection:
    """One client's keep-alive HTTP/1.1 connection, written by hand: a request costs this process a few
    tens of microseconds (an httpx client a millisecond and a half, which, times 50 clients on two cores,
    was most of what the benchmark measured). Every answer of the server carries its Content-Length."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def ask(self, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
        writer.write(head.encode() + b"\r\n" + body)
        try:
            lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
            content = await reader.readexactly(int(fields.get("content-length", "0")))
        except (asyncio.IncompleteReadError, ConnectionError):
            self.close()
            raise
        if fields.get("connection") == "close":
            self.close()
        return int(lines[0].split()[1]), content

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _one(connection: _Connection, kind: str, rng: random.Random) -> tuple[str, int, float, str]:
    start = time.perf_counter()
    if kind == "cached":
        status, body = await connection.ask("GET", "/?" + urlencode({"family": rng.choice(FAMILIES)}))
    elif kind == "typed":
        density, params, support = rng.choice(TYPED)
        query = urlencode({"density": density, "params": params, "support": support})
        status, body = await connection.ask("GET", "/?" + query)
    elif kind == "hostile":
        status, body = await connection.ask("GET", "/?" + urlencode(rng.choice(HOSTILE)))
    else:
        status, body = await connection.ask("POST", "/check", urlencode({"homework": HOMEWORK}).encode())
    seconds = time.perf_counter() - start
    said = b"symle: error:" in body
    return kind, status, seconds, "message" if said else ""


async def _client(port: int, count: int, seed: int, results: list) -> None:
    rng = random.Random(seed)
    connection = _Connection(port)
    for _ in range(count):
        kind = _kind(rng)
        try:
            results.append(await _one(connection, kind, rng))
        except (OSError, asyncio.IncompleteReadError) as exc:
            results.append((kind, 0, float("nan"), type(exc).__name__))
    connection.close()


async def _lag(lags: list[float]) -> None:
    """This process's own event-loop lag while the clients run: what it adds to every figure."""
    while True:
        start = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append(time.perf_counter() - start - 0.005)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _run(port: int, clients: int, requests: int) -> tuple[list, list[float]]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        for family in FAMILIES:  # cached before the run
            assert (await client.get("/", params={"family": family})).status_code == 200
    results: list = []
    lags: list[float] = []
    watch = asyncio.get_running_loop().create_task(_lag(lags))
    await asyncio.gather(*(_client(port, requests, seed, results) for seed in range(clients)))
    watch.cancel()
    return results, lags


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
        results, lags = asyncio.run(_run(port, args.clients, args.requests))
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
    print(f"this process's own event-loop lag (in each figure above): p95 {_ms(lags, 0.95)}, max {_ms(lags, 1.0)} ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
