"""Benchmark: Signaalroute next to a vanilla `rasa init` bot, trained and served in the same run.

Prints per-message latency (p50/p95) over REST at concurrency 1, 10 and 50, throughput,
training time, cold start to first reply and resident memory, with the ratio to the
vanilla bot where one exists. Not a test: it prints figures.

Usage: .venv/bin/python -m bench.bench [--messages 300] [--skip-training]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

from tests.stack import ROOT, Stack, free_port, wait_for

RASA = str(Path(sys.executable).parent / "rasa")
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(ROOT)}

OUR_CONVERSATION = [
    "Ik werk in Heerlen",
    '/choose{"keuze":"acute:nee"}',
    "het gaat om arbeidsmigranten die in een loods slapen",
    '/choose{"keuze":"need:melden"}',
    "wat doet de NLA?",
    "opnieuw",
]
VANILLA_CONVERSATION = ["hello", "I am sad", "yes", "great", "bye", "hi"]


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.monotonic()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            total += proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


async def load(url: str, conversation: list[str], concurrency: int, total: int) -> tuple[list[float], float]:
    """`concurrency` users each replaying the conversation until `total` messages are sent."""
    latencies: list[float] = []
    sent = 0
    lock = asyncio.Lock()

    async def user(n: int, session: aiohttp.ClientSession) -> None:
        # Each simulated professional plays whole conversations, each with a new sender
        # id, like real users; one endless conversation would measure tracker growth.
        nonlocal sent
        i = 0
        while True:
            async with lock:
                if sent >= total:
                    return
                sent += 1
            text = conversation[i % len(conversation)]
            sender = f"bench-{concurrency}-{n}-{i // len(conversation)}"
            i += 1
            start = time.monotonic()
            async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as resp:
                body = await resp.json()
                assert resp.status == 200 and body, body
            latencies.append(time.monotonic() - start)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        start = time.monotonic()
        await asyncio.gather(*(user(n, session) for n in range(concurrency)))
        elapsed = time.monotonic() - start
    return latencies, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(url: str, conversation: list[str], messages: int) -> dict[int, dict[str, float]]:
    out = {}
    asyncio.run(load(url, conversation, 1, 20))  # warm up
    for concurrency in (1, 10, 50):
        lat, elapsed = asyncio.run(load(url, conversation, concurrency, messages))
        out[concurrency] = {
            "p50_ms": statistics.median(lat) * 1000,
            "p95_ms": percentile(lat, 95) * 1000,
            "msg_per_s": len(lat) / elapsed,
        }
    return out


def vanilla(workdir: Path, messages: int) -> dict:
    bot = workdir / "vanilla"
    bot.mkdir()
    train_s = timed([RASA, "init", "--no-prompt", "--init-dir", str(bot)], bot)
    port = free_port()
    start = time.monotonic()
    proc = subprocess.Popen([RASA, "run", "--interface", "127.0.0.1", "--port", str(port), "--model", "models"],
                            cwd=bot, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", 300, proc)
        cold = first_reply(f"http://127.0.0.1:{port}", "hello", start)
        figures = measure(f"http://127.0.0.1:{port}", VANILLA_CONVERSATION, messages)
        return {"train_s": train_s, "cold_start_s": cold, "rss_mb": rss_mb([proc.pid]), "load": figures}
    finally:
        proc.terminate()
        proc.wait(30)


def first_reply(url: str, text: str, since: float) -> float:
    import urllib.request
    req = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=json.dumps({"sender": "cold", "message": text}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        assert json.loads(resp.read())
    return time.monotonic() - since


def ours(workdir: Path, messages: int, skip_training: bool) -> dict:
    train_s = None
    if not skip_training:
        out = workdir / "models"
        train_s = timed([RASA, "train", "--force", "--out", str(out), "--fixed-model-name", "bench"], ROOT)
    stack = Stack(workdir / "stack")
    (stack.tmpdir / "var").mkdir(parents=True)
    start = time.monotonic()
    stack.start_action_server()
    stack.start_rasa()
    cold = first_reply(stack.rasa_url, "Ik werk in Heerlen", start)
    try:
        figures = measure(stack.rasa_url, OUR_CONVERSATION, messages)
        rss = rss_mb([p.pid for p in stack.procs.values()])
        stack.start_api()
        rss_all = rss_mb([p.pid for p in stack.procs.values()])
        return {"train_s": train_s, "cold_start_s": cold, "rss_mb": rss, "rss_with_workspace_mb": rss_all, "load": figures}
    finally:
        stack.stop()


def report(our: dict, van: dict) -> None:
    print("\nSignaalroute benchmark (REST, loopback, this machine)")
    print(f"{'':26}{'Signaalroute':>16}{'vanilla rasa init':>20}{'ratio':>8}")
    for c in (1, 10, 50):
        for key, label in (("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"), ("msg_per_s", "msg/s")):
            a, b = our["load"][c][key], van["load"][c][key]
            print(f"{f'concurrency {c:>2} {label}':26}{a:16.1f}{b:20.1f}{a / b:8.2f}")
    if our["train_s"] is not None:
        print(f"{'training s':26}{our['train_s']:16.1f}{van['train_s']:20.1f}{our['train_s'] / van['train_s']:8.2f}")
    print(f"{'cold start to reply s':26}{our['cold_start_s']:16.1f}{van['cold_start_s']:20.1f}")
    print(f"{'RSS MB (bot processes)':26}{our['rss_mb']:16.0f}{van['rss_mb']:20.0f}")
    print(f"{'RSS MB incl. workspace':26}{our['rss_with_workspace_mb']:16.0f}")
    print("targets: p95 <= 1.2x vanilla at each concurrency; training < 180 s; cold start < 30 s; all processes < 1536 MB")
    print(json.dumps({"signaalroute": our, "vanilla": van}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sr-bench-"))
    try:
        van = vanilla(workdir, args.messages)
        our = ours(workdir, args.messages, args.skip_training)
        report(our, van)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
