"""Fixtures for the bot's tests: a fake Slack Web API, the fake corpus, and a served app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_slack import TOKEN, FakeSlack
from fakes import FakeAsker
from signed import SIGNING_SECRET, SlackSender
from slack_bolt import App
from slack_checks import check_calls

from bot.answering import Answerer
from bot.app import build_app
from bot.config import Mode, Settings
from bot.relay import HttpFront
from bot.store import BotStore


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """The fake Web API; after the test every call the bot made is checked against Slack's spec."""
    fake = FakeSlack.start()
    try:
        yield fake
    finally:
        fake.close()
    check_calls(fake.calls)


@pytest.fixture
def settings(tmp_path: Path, fake_slack: FakeSlack) -> Settings:
    return Settings(
        mode=Mode.HTTP,
        data_dir=tmp_path,
        bot_token=TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake_slack.api_url,
    )


@pytest.fixture
def asker() -> FakeAsker:
    return FakeAsker()


@pytest.fixture
def store(settings: Settings) -> Iterator[BotStore]:
    store = BotStore(settings.db_path)
    yield store
    store.close()


@pytest.fixture
def answerer(asker: FakeAsker, store: BotStore) -> Answerer:
    return Answerer(asker, store)


@pytest.fixture
def app(settings: Settings, answerer: Answerer) -> App:
    return build_app(settings, answerer)


@pytest.fixture
def slack(app: App) -> Iterator[SlackSender]:
    """The app served over HTTP on 127.0.0.1 (front process and relay, as `newsdesk serve
    --http` runs it), and a sender of signed requests to it."""
    front = HttpFront(app, "127.0.0.1", 0, SIGNING_SECRET)
    try:
        yield SlackSender(f"http://127.0.0.1:{front.port}/slack/events")
    finally:
        front.stop()
