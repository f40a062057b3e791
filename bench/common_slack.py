"""Shared pieces of the Slack benchmarks: the bot served in a child process, raw signed requests.

    python bench/common_slack.py API_URL [--search-ms N | --seeds]

serves the real app (build_app, and HttpFront: the front process and the relay, as `newsdesk
serve --http` does) on a free 127.0.0.1 port against API_URL (the fake Web API from
tests/bot/fake_slack.py), prints the port, and runs until stdin closes.
The corpus is the fake one sleeping --search-ms per question, or with --seeds the seed articles
indexed with the fake embedder (real search, no model).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "bot")]

from fake_slack import TOKEN, FakeSlack  # noqa: E402
from fakes import FakeAsker  # noqa: E402
from payloads import slash  # noqa: E402
from signed import SIGNING_SECRET, signed_headers  # noqa: E402

from bot.answering import Answerer, Asker  # noqa: E402
from bot.app import build_app  # noqa: E402
from bot.config import Mode, Settings  # noqa: E402
from bot.relay import HttpFront  # noqa: E402
from bot.serve import APP_NICENESS  # noqa: E402
from bot.store import BotStore  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def raw_request(port: int, body: str) -> bytes:
    """A signed form POST to /slack/events, encoded ahead so that timing it times the bot."""
    headers = signed_headers(body, content_type="application/x-www-form-urlencoded")
    lines = [
        "POST /slack/events HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Content-Length: {len(body.encode())}",
        "Connection: close",
    ]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def send_raw(port: int, request: bytes) -> int:
    """Send one request and read the whole response; return its HTTP status."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return int(b"".join(chunks).split(b" ", 2)[1])


def burst(port: int, fake: FakeSlack, n: int, prefix: str) -> tuple[list[float], list[int]]:
    """n signed /ask commands released at once, answered at response_url PREFIX{i};
    returns each one's time to ack (ms) and HTTP status."""
    barrier = threading.Barrier(n)
    acks: list[float] = [0.0] * n
    statuses: list[int] = [0] * n

    def one(i: int) -> None:
        # Signed and encoded before the start line, sent over a bare socket: the timing is
        # the bot's, not urllib's.
        fields = slash("/ask", f"how many troops? #{i}", fake.response_url(f"{prefix}{i}"))
        request = raw_request(port, urlencode(fields))
        barrier.wait()
        began = time.perf_counter()
        statuses[i] = send_raw(port, request)
        acks[i] = (time.perf_counter() - began) * 1000

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acks, statuses


def start_bot(api_url: str, *options: str) -> tuple[subprocess.Popen[str], int]:
    """The bot in its own process, as in production (the load generator must not share its
    GIL); returns the process and its port. Close its stdin to stop it."""
    child = subprocess.Popen(
        [sys.executable, __file__, api_url, *options],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    return child, int(child.stdout.readline())


def stop_bot(child: subprocess.Popen[str]) -> None:
    if child.stdin:
        child.stdin.close()
    child.wait(timeout=30)


def rss_mb(pid: int) -> float:
    """Resident set size of a process and its children (the bot's front process), in MiB."""
    return sum(process_rss_mb(one) for one in [pid, *children(pid)])


def process_rss_mb(pid: int) -> float:
    """Resident set size of one process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _seeds_asker(tmp: Path) -> Asker:
    from index import HashEmbedder, build_index, open_corpus

    build_index([str(REPO / "seeds")], tmp / "index", HashEmbedder())
    return open_corpus(tmp / "index", HashEmbedder())


def serve(api_url: str, search_ms: float, seeds: bool) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        settings = Settings(
            mode=Mode.HTTP,
            data_dir=tmp,
            bot_token=TOKEN,
            signing_secret=SIGNING_SECRET,
            api_url=api_url,
        )
        store = BotStore(settings.db_path)
        asker = _seeds_asker(tmp) if seeds else FakeAsker(delay=search_ms / 1000)
        app = build_app(settings, Answerer(asker, store))
        front = HttpFront(app, "127.0.0.1", 0, SIGNING_SECRET, APP_NICENESS)  # as serve_http
        print(front.port, flush=True)
        sys.stdin.read()
        front.stop()
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("api_url")
    parser.add_argument("--search-ms", type=float, default=0.0)
    parser.add_argument("--seeds", action="store_true")
    args = parser.parse_args()
    serve(args.api_url, args.search_ms, args.seeds)
