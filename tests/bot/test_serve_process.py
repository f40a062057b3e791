"""`newsdesk serve --http` as a real process: it answers through its front process, and SIGTERM
stops both cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import payloads
from fake_slack import RESPONSE_URL, TOKEN, FakeSlack
from signed import SIGNING_SECRET, SlackSender

from index import HashEmbedder, build_index


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "newsdesk serve exited"
        try:
            with urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (URLError, OSError):
            time.sleep(0.1)
    raise AssertionError("newsdesk serve did not become healthy")


def _front_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@contextmanager
def _serving(
    tmp_path: Path, seeds_copy: Path, fake_slack: FakeSlack
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`newsdesk serve --http` over the seeds (fake embedder) against the fake Web API, healthy;
    killed on the way out if a test left it running."""
    data = tmp_path / "data"
    build_index([str(seeds_copy)], data, HashEmbedder())
    port = _free_port()
    env = {
        **os.environ,
        "NEWSDESK_EMBEDDER": "hash",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
    }
    command = [sys.executable, "-m", "bot.cli", "serve", "--http", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--data", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_http_answers_and_stops_on_sigterm(
    tmp_path: Path, seeds_copy: Path, fake_slack: FakeSlack
) -> None:
    with _serving(tmp_path, seeds_copy, fake_slack) as (process, port):
        (front,) = _front_pids(process.pid)
        slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
        response = slack.command(payloads.slash("/ask", "troops?", fake_slack.response_url()))
        assert (response.status, response.body) == (200, "")
        (answer,) = fake_slack.wait_for(RESPONSE_URL, timeout=30)
        assert answer.params["response_type"] == "ephemeral"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not Path(f"/proc/{front}").exists() or _is_zombie(front)
    output = process.stdout.read().decode() if process.stdout else ""
    assert "Traceback" not in output
    assert SIGNING_SECRET not in output and TOKEN not in output


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def test_serve_http_stops_with_one_line_when_its_front_process_dies(
    tmp_path: Path, seeds_copy: Path, fake_slack: FakeSlack
) -> None:
    with _serving(tmp_path, seeds_copy, fake_slack) as (process, _):
        (front,) = _front_pids(process.pid)
        os.kill(front, signal.SIGKILL)
        assert process.wait(timeout=30) == 1  # a service manager restarts it
    output = process.stdout.read().decode() if process.stdout else ""
    assert "error: the HTTP front process exited with status -9; stopping" in output
    assert "Traceback" not in output
