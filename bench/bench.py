"""Benchmark: Signaalroute next to a vanilla `rasa init` bot, served in the same run.

Both bots run at the same time on this machine and the load alternates between them
(vanilla, ours, ours, vanilla, ...) in several rounds, so background noise on a shared
machine hits both alike. Prints one table:

* p50/p95 per message over REST at concurrency 1, 10 and 50, with the ratio to vanilla
  (target p95 <= 1.2x at each concurrency), and throughput;
* resident memory of every process of the default stack (Rasa server, action server,
  workspace, their children), measured after an officer has written a note in the
  workspace, summed (target <= 1.5 GB);
* cold start to the first reply (target <= 30 s) and training time (target <= 3 min);
* with ``--instances 2``: throughput of ``SIGNAALROUTE_INSTANCES=2 ./scripts/start``
  (load balancer in front of two Rasa servers) against the vanilla bot's single
  worker (target >= 1.8x).

The default stack is started as scripts/start starts it (the three parts under
tools/supervise.py, runtime settings from scripts/lib.sh), with its own temporary
databases and logs.
Not a test: it prints figures.

Usage: .venv/bin/python -m bench.bench [--messages 200] [--rounds 3] [--skip-training]
                                       [--instances 2] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Optional

import aiohttp
import psutil

from tests.stack import ROOT, VENV_BIN, SupervisedStack, free_port

RASA = str(VENV_BIN / "rasa")
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
CONCURRENCIES = (1, 10, 50)
VANILLA_CACHE = ROOT / "var" / "cache" / "bench-vanilla"

OUR_CONVERSATION = [
    "Ik werk in Heerlen",
    '/choose{"keuze":"acute:nee"}',
    "het gaat om arbeidsmigranten die in een loods slapen",
    '/choose{"keuze":"need:melden"}',
    "wat doet de NLA?",
    "opnieuw",
]
VANILLA_CONVERSATION = ["hello", "I am sad", "yes", "great", "bye", "hi"]
OFFICER_PASSWORD = "bench-wachtwoord-lang-genoeg-42"
OFFICER_NOTE = "Gebeld met de werkgever, Piet van der Berg, 06-12345678. Adres bekend."

TARGETS = {"p95_ratio": 1.2, "rss_mb": 1536, "cold_start_s": 30, "train_s": 180, "cluster_ratio": 1.8}


# --- environment --------------------------------------------------------------

def runtime_env() -> dict[str, str]:
    """The environment scripts/start gives its processes (scripts/lib.sh, runtime block included)."""
    out = subprocess.run(["bash", "-c", 'source scripts/lib.sh >/dev/null 2>&1; env -0'], cwd=ROOT,
                         capture_output=True, check=True)
    env = dict(item.split("=", 1) for item in out.stdout.decode().split("\0") if "=" in item)
    return {**env, **QUIET, "PYTHONPATH": str(ROOT)}


def descendants_rss(pids: list[int]) -> dict[int, float]:
    """RSS in MB of each process in ``pids`` and all its descendants, counted once."""
    seen: dict[int, float] = {}
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            for p in [proc, *proc.children(recursive=True)]:
                try:
                    seen[p.pid] = p.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:
            pass
    return seen


def tree_rss(pid: int) -> float:
    return sum(descendants_rss([pid]).values())


# --- load -----------------------------------------------------------------------

async def load(url: str, conversation: list[str], concurrency: int, total: int, tag: str) -> tuple[list[float], float]:
    """`concurrency` users each playing whole conversations (new sender id each) until `total` messages."""
    latencies: list[float] = []
    sent = 0

    async def user(n: int, session: aiohttp.ClientSession) -> None:
        nonlocal sent
        i = 0
        while sent < total:
            sent += 1
            text = conversation[i % len(conversation)]
            sender = f"bench-{tag}-{concurrency}-{n}-{i // len(conversation)}"
            i += 1
            start = time.monotonic()
            async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as resp:
                body = await resp.json()
                assert resp.status == 200 and body, (resp.status, body)
            latencies.append(time.monotonic() - start)

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300), connector=connector) as session:
        start = time.monotonic()
        await asyncio.gather(*(user(n, session) for n in range(concurrency)))
        elapsed = time.monotonic() - start
    return latencies, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summarise(lat: list[float], elapsed: float) -> dict[str, float]:
    return {"p50_ms": statistics.median(lat) * 1000, "p95_ms": percentile(lat, 95) * 1000,
            "msg_per_s": len(lat) / elapsed, "messages": len(lat)}


def interleaved(targets: dict[str, tuple[str, list[str]]], messages: int, rounds: int,
                concurrencies=CONCURRENCIES) -> dict[str, dict[int, dict[str, float]]]:
    """Load every target at every concurrency, alternating the order each round; pooled figures."""
    for name, (url, conversation) in targets.items():
        asyncio.run(load(url, conversation, 1, 2 * len(conversation), f"warm-{name}"))
    pooled = {name: {c: ([], 0.0) for c in concurrencies} for name in targets}
    names = list(targets)
    for r in range(rounds):
        for c in concurrencies:
            for name in (names if (r + c) % 2 == 0 else list(reversed(names))):
                url, conversation = targets[name]
                lat, elapsed = asyncio.run(load(url, conversation, c, messages, f"{name}-r{r}"))
                old_lat, old_elapsed = pooled[name][c]
                pooled[name][c] = (old_lat + lat, old_elapsed + elapsed)
    return {name: {c: summarise(*pooled[name][c]) for c in concurrencies} for name in targets}


async def one_long_conversation(url: str, conversation: list[str], turns: int, tag: str) -> list[float]:
    """Latency of each turn of one sender's conversation of ``turns`` messages (the tracker grows)."""
    latencies = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
        for i in range(turns):
            start = time.monotonic()
            async with session.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": f"long-{tag}",
                                          "message": conversation[i % len(conversation)]}) as resp:
                await resp.json()
            latencies.append(time.monotonic() - start)
    return latencies


def long_conversations(targets: dict[str, tuple[str, list[str]]], turns: int) -> dict[str, dict[str, float]]:
    """p50 of the first and the last 10 turns of one long conversation per target, interleaved."""
    out = {}
    for name, (url, conversation) in targets.items():
        lat = asyncio.run(one_long_conversation(url, conversation, turns, f"{name}-{time.time_ns()}"))
        out[name] = {"first10_p50_ms": statistics.median(lat[:10]) * 1000,
                     "last10_p50_ms": statistics.median(lat[-10:]) * 1000, "turns": turns}
    return out


def post_json(url: str, body: dict, timeout: float = 120) -> object:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def wait_first_reply(url: str, text: str, since: float, proc: Optional[subprocess.Popen] = None,
                     timeout: float = 300) -> float:
    """Seconds from ``since`` to the first REST reply of the bot at ``url``."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {proc.returncode}")
        try:
            if post_json(f"{url}/webhooks/rest/webhook", {"sender": f"cold-{time.time_ns()}", "message": text}, 30):
                return time.monotonic() - since
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"no reply from {url}")
        time.sleep(0.2)


# --- the bots -------------------------------------------------------------------

def vanilla_model(workdir: Path, skip_training: bool, env: dict) -> tuple[Path, Optional[float]]:
    """A vanilla `rasa init` project with its trained model (cached under var/cache when skipping training)."""
    cached = VANILLA_CACHE / "models"
    if skip_training and any(cached.glob("*.tar.gz")):
        return VANILLA_CACHE, None
    bot = workdir / "vanilla"
    bot.mkdir()
    start = time.monotonic()
    subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(bot)], cwd=bot, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    train_s = time.monotonic() - start
    shutil.rmtree(VANILLA_CACHE, ignore_errors=True)
    shutil.copytree(bot, VANILLA_CACHE, ignore=shutil.ignore_patterns(".rasa", "__pycache__"))
    return bot, train_s


def train_ours(workdir: Path, env: dict) -> float:
    start = time.monotonic()
    subprocess.run([RASA, "train", "--force", "--out", str(workdir / "models"), "--fixed-model-name", "bench"],
                   cwd=ROOT, env={**env, "SIGNAALROUTE_ACTION_URL": "http://127.0.0.1:5055/webhook"}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


class Vanilla:
    def __init__(self, project: Path, env: dict) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        start = time.monotonic()
        self.proc = subprocess.Popen(
            [RASA, "run", "--interface", "127.0.0.1", "--port", str(self.port), "--model", "models"],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.cold_start_s = wait_first_reply(self.url, "hello", start, self.proc)

    def rss(self) -> dict[str, float]:
        return {"rasa": tree_rss(self.proc.pid)}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


class Ours:
    """The default single-instance stack as scripts/start runs it: the three parts under tools/supervise.py."""

    def __init__(self, workdir: Path, env: dict) -> None:
        self.stack = SupervisedStack(workdir / "stack", hang_after=float(env.get("SIGNAALROUTE_HANG_AFTER", 10)),
                                     extra_env={k: v for k, v in env.items() if os.environ.get(k) != v})
        start = time.monotonic()
        self.stack.start()
        self.cold_start_s = wait_first_reply(self.stack.rasa_url, "Ik werk in Heerlen", start, self.stack.supervisor)
        self.url = self.stack.rasa_url

    def officer_writes_a_note(self) -> bool:
        """An officer of Heerlen logs in and adds a step with a note to a consultation the bench made."""
        import httpx

        s = self.stack
        subprocess.run([sys.executable, "-m", "api.cli", "create-officer", "--username", "bench-heerlen", "--role",
                        "aandachtsfunctionaris", "--municipality", "GM0917", "--password-stdin"],
                       input=OFFICER_PASSWORD + "\n", text=True, cwd=ROOT, env=s.env, check=True, capture_output=True)
        with httpx.Client(base_url=s.api_url, timeout=120) as client:
            login = client.post("/api/v1/session", json={"username": "bench-heerlen", "password": OFFICER_PASSWORD})
            if login.status_code != 200:
                return False
            client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
            deadline = time.monotonic() + 60
            items: list = []
            while not items and time.monotonic() < deadline:
                items = client.get("/api/v1/consultations").json().get("items", [])
                time.sleep(0.5)
            if not items:
                return False
            step = client.post(f"/api/v1/consultations/{items[0]['id']}/steps",
                               json={"step": "vastgelegd", "note": OFFICER_NOTE})
            return step.status_code == 201

    def rss(self) -> dict[str, float]:
        parts = {name: self.stack.part_pid(name) for name in ("rasa", "actions", "api")}
        by_pid = descendants_rss([self.stack.supervisor.pid])
        out = {name: tree_rss(pid) for name, pid in parts.items() if pid}
        out["supervisor"] = by_pid.get(self.stack.supervisor.pid, 0.0)
        return out

    def stop(self) -> None:
        self.stack.stop()


class Cluster:
    """``SIGNAALROUTE_INSTANCES=N ./scripts/start`` on free public ports (scripts/cluster)."""

    def __init__(self, instances: int, env: dict) -> None:
        self.rasa_port, self.api_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.log = tempfile.NamedTemporaryFile(prefix="sr-bench-cluster-", suffix=".log", delete=False)
        start = time.monotonic()
        self.proc = subprocess.Popen(
            [str(ROOT / "scripts" / "start")], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**env, "SIGNAALROUTE_INSTANCES": str(instances), "SIGNAALROUTE_RASA_PORT": str(self.rasa_port),
                 "SIGNAALROUTE_API_PORT": str(self.api_port)},
            start_new_session=True)
        self.cold_start_s = wait_first_reply(self.url, "Ik werk in Heerlen", start, self.proc, timeout=900)

    def rss_mb(self) -> float:
        return tree_rss(self.proc.pid)

    def stop(self) -> None:
        # Our own launcher's process group only (it was started in a new session).
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --- report ---------------------------------------------------------------------

def verdict(ok: Optional[bool]) -> str:
    return "" if ok is None else ("ok" if ok else "MISSED")


def report(res: dict) -> None:
    our, van = res["load"]["signaalroute"], res["load"]["vanilla"]
    rows = []

    def row(label, a, b=None, ratio=None, target="", ok=None):
        rows.append((label, a, b, ratio, target, verdict(ok)))

    for c in CONCURRENCIES:
        for key, label in (("p50_ms", "p50 ms"), ("p95_ms", "p95 ms")):
            ratio = our[c][key] / van[c][key]
            if key == "p95_ms":
                row(f"c={c:<2} {label}", our[c][key], van[c][key], ratio, f"<= {TARGETS['p95_ratio']}x",
                    ratio <= TARGETS["p95_ratio"])
            else:
                row(f"c={c:<2} {label}", our[c][key], van[c][key], ratio)
        row(f"c={c:<2} msg/s", our[c]["msg_per_s"], van[c]["msg_per_s"], our[c]["msg_per_s"] / van[c]["msg_per_s"])
    if "long" in res:
        lo, lv = res["long"]["signaalroute"], res["long"]["vanilla"]
        for key, label in (("first10_p50_ms", "turns 1-10"), ("last10_p50_ms", f"turns {lo['turns'] - 9}-{lo['turns']}")):
            row(f"1 conv. {label} p50 ms", lo[key], lv[key], lo[key] / lv[key])
    if "cluster" in res:
        cl = res["cluster"]
        cv = cl["vanilla_load"]  # the vanilla bot, loaded in the same rounds as the cluster
        for c, fig in cl["load"].items():
            ratio = fig["msg_per_s"] / cv[c]["msg_per_s"]
            row(f"{cl['instances']} inst. c={c} msg/s", fig["msg_per_s"], cv[c]["msg_per_s"], ratio,
                f">= {TARGETS['cluster_ratio']}x", ratio >= TARGETS["cluster_ratio"])
            row(f"{cl['instances']} inst. c={c} p95 ms", fig["p95_ms"], cv[c]["p95_ms"], fig["p95_ms"] / cv[c]["p95_ms"])
        row(f"{cl['instances']} inst. cold start s", cl["cold_start_s"])
        row(f"{cl['instances']} inst. RSS MB total", cl["rss_mb"])
    for name, mb in res["rss_mb"].items():
        row(f"RSS MB {name}", mb, res["vanilla_rss_mb"] if name == "rasa" else None)
    total = sum(res["rss_mb"].values())
    row("RSS MB stack total", total, res["vanilla_rss_mb"], total / res["vanilla_rss_mb"],
        f"<= {TARGETS['rss_mb']}", total <= TARGETS["rss_mb"])
    row("cold start s", res["cold_start_s"], res["vanilla_cold_start_s"], None, f"<= {TARGETS['cold_start_s']}",
        res["cold_start_s"] <= TARGETS["cold_start_s"])
    if res.get("train_s") is not None:
        row("training s", res["train_s"], res.get("vanilla_train_s"), None, f"<= {TARGETS['train_s']}",
            res["train_s"] <= TARGETS["train_s"])
    print(f"\nSignaalroute vs vanilla `rasa init` (REST, loopback, same run, {res['rounds']} interleaved rounds of "
          f"{res['messages']} messages per concurrency; {os.cpu_count()} CPUs)")
    print(f"{'':26}{'Signaalroute':>13}{'vanilla':>10}{'ratio':>8}  {'target':<10}")
    for label, a, b, ratio, target, ok in rows:
        bs = f"{b:10.1f}" if b is not None else " " * 10
        rs = f"{ratio:8.2f}" if ratio is not None else " " * 8
        print(f"{label:26}{a:13.1f}{bs}{rs}  {target:<10}{ok}")
    if res.get("note_written") is False:
        print("note: the officer's note could not be written; workspace memory is without it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200, help="messages per concurrency per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-training", action="store_true", help="use the trained models (and a cached vanilla one)")
    parser.add_argument("--instances", type=int, default=1, help=">= 2: also bench SIGNAALROUTE_INSTANCES=N ./scripts/start")
    parser.add_argument("--long-turns", type=int, default=60, help="turns of the one long conversation per bot")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON")
    args = parser.parse_args()
    env = runtime_env()
    # deduce's compact lookup cache (bot/anonymise.py) is built by the first process that
    # loads deduce and then stays at ~650 MB; every later start loads it at ~335 MB. Build it
    # beforehand so the figures are those of a normal start.
    subprocess.run([sys.executable, "-c", "from bot.anonymise import warm_up; warm_up().join()"], cwd=ROOT,
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workdir = Path(tempfile.mkdtemp(prefix="sr-bench-"))
    res: dict = {"rounds": args.rounds, "messages": args.messages}
    started: list = []
    try:
        project, res["vanilla_train_s"] = vanilla_model(workdir, args.skip_training, env)
        if not args.skip_training:
            res["train_s"] = train_ours(workdir, env)
        van = Vanilla(project, env)
        started.append(van)
        res["vanilla_cold_start_s"] = van.cold_start_s
        ours = Ours(workdir, env)
        started.append(ours)
        res["cold_start_s"] = ours.cold_start_s
        res["load"] = interleaved({"vanilla": (van.url, VANILLA_CONVERSATION),
                                   "signaalroute": (ours.url, OUR_CONVERSATION)}, args.messages, args.rounds)
        res["long"] = long_conversations({"vanilla": (van.url, VANILLA_CONVERSATION),
                                          "signaalroute": (ours.url, OUR_CONVERSATION)}, args.long_turns)
        res["note_written"] = ours.officer_writes_a_note()
        time.sleep(2)
        res["rss_mb"] = ours.rss()
        res["vanilla_rss_mb"] = van.rss()["rasa"]
        ours.stop()
        started.remove(ours)
        if args.instances >= 2:
            cluster = Cluster(args.instances, env)
            started.append(cluster)
            figures = interleaved({"vanilla": (van.url, VANILLA_CONVERSATION),
                                   "cluster": (cluster.url, OUR_CONVERSATION)}, args.messages, args.rounds, (10, 50))
            res["cluster"] = {"instances": args.instances, "cold_start_s": cluster.cold_start_s,
                              "rss_mb": cluster.rss_mb(), "load": figures["cluster"],
                              "vanilla_load": figures["vanilla"]}
        report(res)
        if args.json:
            print(json.dumps(res, indent=1, default=str))
    finally:
        for part in reversed(started):
            part.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
