"""/figure TOPIC through the real HTTP adapter and `newsdesk chat`, over the seeds' figures."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import payloads
import pytest
from fake_slack import RESPONSE_URL, FakeSlack
from fakes import FakeAsker, scripted
from signed import SlackSender
from slack_bolt import App

from bot.answering import Answerer
from bot.app import build_app
from bot.config import Settings
from bot.console import run_chat
from bot.figures import IndexFigures, warm_figures
from bot.listeners.common import APOLOGY
from bot.listeners.figures import CHART_FAILED
from index import HashEmbedder, build_index
from index.figure_lookup import FigureLookup, open_store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def figure_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds indexed with the fake embedder (read-only for tests)."""
    data = tmp_path_factory.mktemp("figure-index")
    build_index([str(SEEDS)], data, HashEmbedder())
    return data


@dataclass
class SlowFigures:
    """A figure source that takes its time, or fails."""

    inner: IndexFigures
    fail: bool = False
    held: threading.Event | None = None  # each lookup waits for it (at most 10 s)
    looked_up: int = 0

    def lookup(self, topic: str) -> FigureLookup:
        if self.held is not None:
            self.held.wait(10)
        if self.fail:
            raise RuntimeError("the index is unavailable")
        found = self.inner.lookup(topic)
        self.looked_up += 1
        return found


@pytest.fixture
def figures(figure_index: Path) -> Iterator[SlowFigures]:
    store = open_store(figure_index)
    yield SlowFigures(IndexFigures(store, HashEmbedder()))
    store.close()


@pytest.fixture
def app(settings: Settings, answerer: Answerer, figures: SlowFigures) -> App:
    """The app with figures (conftest's `slack` fixture serves this one)."""
    return build_app(settings, answerer, figures=figures)


def figure(slack: SlackSender, fake_slack: FakeSlack, text: str) -> str:
    response = slack.command(payloads.slash("/figure", text, fake_slack.response_url()))
    assert response.status == 200
    return response.body


def texts(params: dict) -> str:
    return json.dumps(params, ensure_ascii=False)


def test_figure_acks_at_once_answers_privately_and_uploads_the_chart(
    slack: SlackSender, fake_slack: FakeSlack, figures: SlowFigures
) -> None:
    figures.held = threading.Event()
    assert figure(slack, fake_slack, "North Korean soldiers") == ""
    assert figures.looked_up == 0  # acked before the figures were found
    figures.held.set()
    (answer,) = fake_slack.wait_for(RESPONSE_URL)
    params = answer.params
    assert params["response_type"] == "ephemeral"
    blocks = params["blocks"]
    assert blocks[0]["elements"][0]["text"] == "You asked for figures on “North Korean soldiers”"
    assert blocks[1]["text"]["text"].endswith(
        " to 12,000 North Korean soldiers reported, by 12 sources*"
    )
    lines = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert any(line.startswith("*at least 3,000* — John Kirby · ") for line in lines)
    assert any(line.startswith("*11,000* — Kyrylo Budanov · ") for line in lines)
    assert params["text"].startswith("Figures on “North Korean soldiers”: ")

    (complete,) = fake_slack.wait_for("files.completeUploadExternal", timeout=20)
    (get_url,) = fake_slack.ok_calls("files.getUploadURLExternal")
    assert get_url.params["filename"] == "figures-north-korean-soldiers.png"
    (file,) = complete.params["files"]
    png = fake_slack.uploads[file["id"]]
    assert png.startswith(PNG) and int(get_url.params["length"]) == len(png)
    assert file["title"] == "Figures on “North Korean soldiers”"
    assert complete.params["channel_id"] == payloads.CHANNEL
    assert complete.params["initial_comment"] == (
        "<@U0ASKER> asked for the figures on “North Korean soldiers”"
    )
    fake_slack.settle()
    assert len(fake_slack.ok_calls(RESPONSE_URL)) == 1  # no complaint about the chart


@pytest.mark.parametrize(
    ("error", "explained"),
    [
        ("not_in_channel", "I can't post the chart in this conversation. Invite me first "
                           "(`/invite @newsdesk`)."),
        ("channel_not_found", "I can't post the chart in this conversation. Invite me first "
                              "(`/invite @newsdesk`)."),
        ("file_uploads_disabled", CHART_FAILED),
    ],
)  # fmt: skip
def test_a_chart_the_bot_cannot_post_is_explained_privately(
    slack: SlackSender, fake_slack: FakeSlack, error: str, explained: str
) -> None:
    fake_slack.fail_next(1, status=200, error=error, method="files.completeUploadExternal")
    figure(slack, fake_slack, "aid")
    answer, notice = fake_slack.wait_for(RESPONSE_URL, 2, timeout=20)
    assert "$400 million military aid package" in answer.params["text"]
    assert notice.params == {"text": explained, "response_type": "ephemeral"}


def test_a_topic_with_no_figures_names_the_nearest_and_draws_nothing(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    figure(slack, fake_slack, "penguins")
    (answer,) = fake_slack.wait_for(RESPONSE_URL)
    assert answer.params["text"].startswith(
        "No figures on “penguins”. Nearest topics with figures: “North Korean soldiers”, "
    )
    fake_slack.settle()
    assert fake_slack.ok_calls("files.getUploadURLExternal") == []


@pytest.mark.parametrize(
    "text",
    ["&lt;!channel&gt; aid", "<!channel> aid", "<!here|here> aid", "<@U0OTHER> aid"],
    ids=["escaped-channel", "raw-channel", "raw-here", "user-mention"],
)
def test_hostile_topics_are_echoed_escaped_and_never_mention_anyone(
    slack: SlackSender, fake_slack: FakeSlack, text: str
) -> None:
    figure(slack, fake_slack, text)
    (answer,) = fake_slack.wait_for(RESPONSE_URL)
    (complete,) = fake_slack.wait_for("files.completeUploadExternal", timeout=20)
    sent = texts(answer.params) + complete.params["initial_comment"]
    assert "<!" not in sent and "<@U0OTHER" not in sent
    assert "$400 million military aid package" in answer.params["text"]
    if text.startswith("&lt;"):  # typed as text: echoed as typed, escaped
        assert "You asked for figures on “&lt;!channel&gt; aid”" in sent
        assert complete.params["initial_comment"].endswith("“&lt;!channel&gt; aid”")
    elif text.startswith("<!"):  # a real special mention: no words of the topic, dropped
        assert "You asked for figures on “aid”" in sent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Usage: `/figure TOPIC`"),
        ("   ", "Usage: `/figure TOPIC`"),
        ("<@U0OTHER>", "Usage: `/figure TOPIC`"),
        ("troops " * 100, "Sorry, the topic is too long (699 characters; the limit is 200)."),
    ],
    ids=["empty", "blank", "only-a-mention", "too-long"],
)
def test_unusable_topics_are_refused_in_the_ack(
    slack: SlackSender, fake_slack: FakeSlack, figures: SlowFigures, text: str, expected: str
) -> None:
    figures.fail = True  # no lookup may happen
    assert figure(slack, fake_slack, text) == ""  # acked at once...
    message = fake_slack.only_ack_message()  # ...and what the ack said, privately
    assert message.startswith(expected)
    assert "troops troops" not in message


def test_a_failed_lookup_apologizes(
    slack: SlackSender, fake_slack: FakeSlack, figures: SlowFigures
) -> None:
    figures.fail = True
    figure(slack, fake_slack, "troops")
    (answer,) = fake_slack.wait_for(RESPONSE_URL)
    assert answer.params["text"] == APOLOGY


def test_chat_figure_prints_the_groups_and_saves_the_chart(
    figures: SlowFigures, tmp_path: Path
) -> None:
    out: list[str] = []
    charts = tmp_path / "charts"
    lines = ["/figure aid", "/figure penguins", "/figure", "quit"]
    run_chat(FakeAsker(), scripted(lines), out.append, figures=figures, charts_dir=charts)
    aid, penguins, usage = out[1:]
    path = charts / "figures-aid.png"
    assert "$400 million military aid package reported by Lloyd Austin" in aid
    assert "a new **$400 million** military aid package to support Ukraine" in aid  # the quote
    assert aid.endswith(f"    — Chart: {path}")
    assert path.read_bytes().startswith(PNG)
    assert penguins.startswith("    — You asked for figures on “penguins”\nNo figures on")
    assert usage.startswith("Usage: `/figure TOPIC`")


def test_warming_the_figures_reads_them_once_and_survives_a_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    asked: list[str] = []

    class Source:
        fail = False

        def lookup(self, topic: str) -> FigureLookup:
            asked.append(topic)
            if self.fail:
                raise OSError("disk gone")
            return FigureLookup(topic, ())

    source = Source()
    warm_figures(source)
    assert len(asked) == 1
    source.fail = True
    with caplog.at_level(logging.ERROR, logger="bot.figures"):
        warm_figures(source)  # logged, not raised: the bot serves on
    assert "warming the figures failed" in caplog.text
