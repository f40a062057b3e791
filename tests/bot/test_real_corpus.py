"""The Slack bot end to end over the real seed index and the real model (no fakes but Slack)."""

from __future__ import annotations

from pathlib import Path

import payloads
import pytest
from fake_slack import FakeSlack
from signed import SlackSender

from index import Corpus

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def asker(seed_corpus: Corpus) -> Corpus:
    """Replaces the fake asker of tests/bot/conftest.py with the real seed corpus."""
    return seed_corpus


def rich_quotes(blocks: list[dict]) -> list[str]:
    return [
        "".join(part["text"] for part in block["elements"][0]["elements"])
        for block in blocks
        if block["type"] == "rich_text"
    ]


@pytest.mark.slow
def test_mention_is_answered_in_thread_with_a_verbatim_seed_quote(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    event = payloads.mention("<@UBOT> How many containers of munitions has North Korea shipped?")
    assert slack.event(payloads.event_callback(event)).status == 200
    (call,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert call.params["thread_ts"] == event["ts"]
    quotes = rich_quotes(call.params["blocks"])
    assert quotes and "13,000 containers" in quotes[0]
    seed_texts = [p.read_text("utf-8") for p in SEEDS.glob("*.txt")]
    assert all(any(q in text for text in seed_texts) for q in quotes)


@pytest.mark.slow
def test_unanswerable_question_says_the_coverage_does_not_say(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    event = payloads.mention("<@UBOT> What is the recipe for kimchi?")
    slack.event(payloads.event_callback(event))
    (call,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert "does not say" in str(call.params["blocks"][0])
