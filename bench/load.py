"""Load: 200 concurrent questions, then a soak of 10,000, against the bot in HTTP mode.

    python bench/load.py [--burst 200] [--soak 10000] [--batch 50]

The bot (build_app, with the front process + relay of `newsdesk serve --http`) runs in processes
of its own over the seed articles indexed with the fake embedder (real search, no model),
against the fake Web API from tests/bot/fake_slack.py. Every question is a signed /ask answered
at its own response_url, so each answer is counted. Prints ack p50/p99 of the burst (target p99
<= 100 ms), how many questions were answered exactly once (target: all), and the RSS of the
bot's processes (app + front) after the first 1,000 soak questions and at the end (target
growth <= 5%); exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_slack import (
    burst,
    children,
    percentile,
    process_rss_mb,
    raw_request,
    rss_mb,
    send_raw,
    start_bot,
    stop_bot,
)
from fake_slack import RESPONSE_URL, FakeSlack
from payloads import slash

P99_TARGET_MS = 100.0
RSS_GROWTH_TARGET = 0.05
RSS_FIRST = 1000


def answered_once(fake: FakeSlack, prefix: str, n: int, wait_s: float) -> tuple[int, int]:
    """(questions answered exactly once, answers beyond the first) among PREFIX0..n-1."""
    deadline = time.monotonic() + wait_s
    while True:
        paths = Counter(c.path for c in fake.ok_calls(RESPONSE_URL))
        got = [paths[f"/response/{prefix}{i}"] for i in range(n)]
        if all(got) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    fake.settle(0.3)
    paths = Counter(c.path for c in fake.ok_calls(RESPONSE_URL))
    got = [paths[f"/response/{prefix}{i}"] for i in range(n)]
    return sum(g == 1 for g in got), sum(max(0, g - 1) for g in got)


def soak(port: int, fake: FakeSlack, pid: int, n: int, batch: int) -> tuple[float, float, float]:
    """n questions, `batch` in flight at a time; the bot's RSS after RSS_FIRST and at the end."""
    rss_first = float("nan")
    started = time.perf_counter()
    with ThreadPoolExecutor(batch) as pool:
        for lo in range(0, n, batch):
            requests = [
                raw_request(
                    port, urlencode(slash("/ask", f"troops? {i}", fake.response_url(f"s{i}")))
                )
                for i in range(lo, min(n, lo + batch))
            ]
            statuses = list(pool.map(lambda r: send_raw(port, r), requests))
            assert all(s == 200 for s in statuses), statuses
            done = lo + len(requests)
            # Let the answers of this batch land before the next, so that the bot's queue
            # (and its memory) does not grow without bound.
            fake.wait_for(RESPONSE_URL, done, timeout=60)
            if done == RSS_FIRST:
                rss_first = rss_mb(pid)
            if done % 1000 == 0:
                parts = "  ".join(f"{p}: {process_rss_mb(p):.1f}" for p in [pid, *children(pid)])
                print(
                    f"  soak {done:,}/{n:,}  bot RSS {rss_mb(pid):.1f} MiB ({parts})",
                    file=sys.stderr,
                )
    return rss_first, rss_mb(pid), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst", type=int, default=200, help="concurrent questions")
    parser.add_argument("--soak", type=int, default=10_000, help="questions in the soak")
    parser.add_argument("--batch", type=int, default=50, help="soak questions in flight")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for answers")
    args = parser.parse_args()
    fake = FakeSlack.start()
    child, port = start_bot(fake.api_url, "--seeds")
    try:
        for i in range(3):  # warm up imports, sockets and the SQLite file
            send_raw(
                port,
                raw_request(port, urlencode(slash("/ask", "troops?", fake.response_url(f"w{i}")))),
            )
        fake.wait_for(RESPONSE_URL, 3, timeout=args.wait)
        fake.calls.clear()
        acks, statuses = burst(port, fake, args.burst, "b")
        burst_once, burst_extra = answered_once(fake, "b", args.burst, args.wait)
        fake.calls.clear()
        rss_first, rss_last, soak_s = soak(port, fake, child.pid, args.soak, args.batch)
        soak_once, soak_extra = answered_once(fake, "s", args.soak, args.wait)
    finally:
        stop_bot(child)
        fake.close()
    p50, p99 = statistics.median(acks), percentile(acks, 99)
    growth = rss_last / rss_first - 1
    print(f"burst: {args.burst} concurrent signed /ask, seeds index, fake embedder")
    print(f"  ack p50 {p50:.1f} ms  p99 {p99:.1f} ms  max {max(acks):.1f} ms  (target p99 <= 100)")
    print(
        f"  acked 200: {sum(s == 200 for s in statuses)}/{args.burst}  answered exactly once: "
        f"{burst_once}/{args.burst}  extra answers: {burst_extra}"
    )
    print(
        f"soak: {args.soak:,} questions, {args.batch} in flight, {soak_s:.0f} s "
        f"({args.soak / soak_s:.0f} questions/s)"
    )
    print(f"  answered exactly once: {soak_once:,}/{args.soak:,}  extra answers: {soak_extra}")
    print(
        f"  bot RSS after {RSS_FIRST:,}: {rss_first:.1f} MiB  at the end: {rss_last:.1f} MiB  "
        f"growth {growth:+.1%}  (target <= +5%)"
    )
    passed = (
        p99 <= P99_TARGET_MS
        and burst_once == args.burst
        and soak_once == args.soak
        and not burst_extra + soak_extra
        and growth <= RSS_GROWTH_TARGET
    )
    print("PASS" if passed else "FAIL")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
