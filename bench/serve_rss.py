"""Memory of `newsdesk serve --http` as deployed: both processes, with an index loaded.

    python bench/serve_rss.py --data DIR [--questions 200]

Starts `newsdesk serve --http` on DIR (the default numpy query encoder) against the fake Web API
from tests/bot/fake_slack.py, waits for /healthz, asks --questions held-out RealTimeQA headlines
through signed /ask commands (one at a time, each answered at its response_url), and reports the
resident memory of the app and of the front process after start-up and after the questions.
For the whole corpus, DIR is the store bench/scale_latency.py prepares (target <= 1.2 GB).
Writes bench/out/serve_rss.json.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from common_slack import children, process_rss_mb
from vector_index import headlines

sys.path.insert(0, str(common.ROOT / "tests" / "bot"))
from fake_slack import RESPONSE_URL, TOKEN, FakeSlack
from payloads import slash
from signed import SIGNING_SECRET, SlackSender


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--questions", type=int, default=200)
    args = ap.parse_args()
    fake = FakeSlack.start()
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
    }
    started = time.perf_counter()
    command = [sys.executable, "-m", "bot.cli", "serve", "--http", "--host", "127.0.0.1"]
    app = subprocess.Popen([*command, "--port", str(port), "--data", str(args.data)], env=env)
    try:
        while True:
            if app.poll() is not None:
                sys.exit(f"newsdesk serve exited with {app.returncode}")
            try:
                with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except (URLError, OSError):
                time.sleep(0.2)
        ready_s = time.perf_counter() - started
        (front,) = children(app.pid)
        after_start = {"app": process_rss_mb(app.pid), "front": process_rss_mb(front)}
        slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
        for i, question in enumerate(headlines(args.questions)):
            slack.command(slash("/ask", question[:900], fake.response_url(f"q{i}")))
            fake.wait_for(RESPONSE_URL, i + 1, timeout=60)
        after_questions = {"app": process_rss_mb(app.pid), "front": process_rss_mb(front)}
    finally:
        app.terminate()
        app.wait(timeout=60)
        fake.close()
    total = sum(after_questions.values())
    print(f"newsdesk serve --http on {args.data}: ready (healthz) in {ready_s:.1f} s")
    for label, rss in (("after start-up", after_start), ("after questions", after_questions)):
        print(f"  {label:>16}: app {rss['app']:.0f} MiB + front {rss['front']:.0f} MiB")
    print(f"  total after {args.questions} questions: {total:.0f} MiB (target <= 1,229 MiB)")
    common.write_json(
        "serve_rss",
        {
            "data": str(args.data),
            "ready_s": ready_s,
            "questions": args.questions,
            "rss_mb_after_start": after_start,
            "rss_mb_after_questions": after_questions,
            "rss_mb_total": total,
        },
    )


if __name__ == "__main__":
    main()
