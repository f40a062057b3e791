"""Time to ack: N concurrent signed /ask commands against the bot in HTTP mode.

    python bench/slack_ack.py [--n 50] [--search-ms 100]

Serves the real app (build_app + make_http_server) on 127.0.0.1 against the fake Web API from
tests/bot/fake_slack.py, with the fake corpus sleeping --search-ms per question. Prints p50/p99
time to ack (target p99 <= 100 ms) and the share of commands answered through their
response_url (target 100%); exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "bot")]

from fake_slack import RESPONSE_URL, TOKEN, FakeSlack  # noqa: E402
from fakes import FakeAsker  # noqa: E402
from payloads import slash  # noqa: E402
from signed import SIGNING_SECRET, SlackSender, signed_headers  # noqa: E402

from bot.answering import Answerer  # noqa: E402
from bot.app import build_app  # noqa: E402
from bot.config import Mode, Settings  # noqa: E402
from bot.serve import make_http_server, start_in_thread  # noqa: E402
from bot.store import BotStore  # noqa: E402

P99_TARGET_MS = 100.0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def raw_request(port: int, body: str) -> bytes:
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


def serve(api_url: str, search_ms: float) -> None:
    """Child process: serve the bot on a free port, print it, and run until stdin closes."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            mode=Mode.HTTP,
            data_dir=Path(tmp),
            bot_token=TOKEN,
            signing_secret=SIGNING_SECRET,
            api_url=api_url,
        )
        store = BotStore(settings.db_path)
        app = build_app(settings, Answerer(FakeAsker(delay=search_ms / 1000), store))
        server = make_http_server(app, "127.0.0.1", 0)
        start_in_thread(server)
        print(server.server_port, flush=True)
        sys.stdin.read()
        server.shutdown()
        store.close()


def run(n: int, search_ms: float, wait_s: float) -> int:
    # The bot runs in its own process, as it would in production: the load generator's threads
    # must not compete with it for the GIL.
    fake = FakeSlack.start()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", fake.api_url, "--search-ms", str(search_ms)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
        for i in range(3):  # warm up imports, sockets and the SQLite file
            slack.command(slash("/ask", "how many troops?", fake.response_url(f"warm{i}")))
        fake.wait_for(RESPONSE_URL, 3, timeout=wait_s)

        barrier = threading.Barrier(n)
        acks: list[float] = [0.0] * n
        statuses: list[int] = [0] * n

        def one(i: int) -> None:
            # Signed and encoded before the start line, sent over a bare socket: the timing is
            # the bot's, not urllib's.
            fields = slash("/ask", f"how many troops? #{i}", fake.response_url(f"b{i}"))
            request = raw_request(port, urlencode(fields))
            barrier.wait()
            began = time.perf_counter()
            statuses[i] = send_raw(port, request)
            acks[i] = (time.perf_counter() - began) * 1000

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            answered = {c.path for c in fake.ok_calls(RESPONSE_URL)}
            if all(f"/response/b{i}" in answered for i in range(n)):
                break
            time.sleep(0.02)
        all_done = time.perf_counter() - started
        answered = {c.path for c in fake.ok_calls(RESPONSE_URL)}
        share = sum(f"/response/b{i}" in answered for i in range(n)) / n
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=10)
        fake.close()

    p50, p99 = statistics.median(acks), percentile(acks, 99)
    ok_status = sum(s == 200 for s in statuses)
    print(f"{n} concurrent signed /ask commands, fake search {search_ms:.0f} ms each")
    print(
        f"ack  p50 {p50:.1f} ms   p99 {p99:.1f} ms   max {max(acks):.1f} ms   "
        f"(target p99 <= {P99_TARGET_MS:.0f} ms)"
    )
    print(
        f"acked with 200: {ok_status}/{n}   answered via response_url: {share:.0%} "
        f"(target 100%)   all answers in {all_done:.2f} s"
    )
    passed = p99 <= P99_TARGET_MS and share == 1.0 and ok_status == n
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=50, help="concurrent commands (default 50)")
    parser.add_argument(
        "--search-ms",
        type=float,
        default=100.0,
        help="time the fake corpus takes per question (default 100)",
    )
    parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait for answers")
    parser.add_argument("--serve", metavar="API_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.search_ms)
        return
    sys.exit(run(args.n, args.search_ms, args.wait))


if __name__ == "__main__":
    main()
