"""Time to ack: N concurrent signed /ask commands against the bot in HTTP mode.

    python bench/slack_ack.py [--n 50] [--search-ms 100]

Serves the real app (build_app, and the front process + relay of `newsdesk serve --http`) on
127.0.0.1 against the fake Web API from tests/bot/fake_slack.py, with the fake corpus sleeping
--search-ms per question. Prints p50/p99 time to ack (target p99 <= 100 ms) and the share of
commands answered through their response_url (target 100%); exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_slack import burst, percentile, start_bot, stop_bot
from fake_slack import RESPONSE_URL, FakeSlack
from payloads import slash
from signed import SlackSender

P99_TARGET_MS = 100.0


def run(n: int, search_ms: float, wait_s: float) -> int:
    # The bot runs in its own process, as it would in production: the load generator's threads
    # must not compete with it for the GIL.
    fake = FakeSlack.start()
    child, port = start_bot(fake.api_url, "--search-ms", str(search_ms))
    try:
        slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
        for i in range(3):  # warm up imports, sockets and the SQLite file
            slack.command(slash("/ask", "how many troops?", fake.response_url(f"warm{i}")))
        fake.wait_for(RESPONSE_URL, 3, timeout=wait_s)

        started = time.perf_counter()
        acks, statuses = burst(port, fake, n, "b")
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
        stop_bot(child)
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
    args = parser.parse_args()
    sys.exit(run(args.n, args.search_ms, args.wait))


if __name__ == "__main__":
    main()
