"""The daily digest through the fake Slack server: exactly once, catch-up, retries, /digest.

Time is a fake clock: each "fire" of the scheduler is a direct call of the job it runs.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import payloads
import pytest
from fake_slack import RESPONSE_URL, FakeSlack
from signed import SlackSender
from slack_bolt import App
from slack_checks import validate_blocks

from bot.answering import Answerer
from bot.app import build_app
from bot.config import ConfigError, DigestSchedule, Mode, Settings, load_settings
from bot.console import chat_reply
from bot.digest import Digests, IndexDigests
from bot.digest_blocks import digest_messages
from bot.digest_store import DigestStore
from bot.relay import HttpFront
from bot.schedule import CATCH_UP_JOB, DAILY_JOB, RETRY_JOB, digest_scheduler
from bot.web_client import build_web_client
from index import HashEmbedder, build_index
from index.digest import Digest, Window, iso
from index.models import Source
from index.store import Store
from index.stories import KeyPassage, Story, StoryArticle

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHANNEL = "C0DIGEST"
DAY1 = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)  # the digest time on the first day
SCHEDULE = DigestSchedule(at=time(8, 0), tz="UTC", channels=(CHANNEL,))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, as if indexed early on the first day."""
    data = tmp_path_factory.mktemp("digest-index")
    build_index([str(SEEDS)], data, HashEmbedder())
    store = Store(data)
    store.db.execute("UPDATE articles SET first_indexed_at = ?", [iso(DAY1 - timedelta(hours=2))])
    store.close()
    return data


@pytest.fixture
def source(index_dir: Path) -> Iterator[IndexDigests]:
    store = Store(index_dir)
    yield IndexDigests(store, HashEmbedder())
    store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


@pytest.fixture
def start(settings: Settings, source: IndexDigests, clock: Clock):  # type: ignore[no-untyped-def]
    """Start a bot process: its own bot.db connection and Slack client over the same folder."""
    stores: list[DigestStore] = []

    def process(schedule: DigestSchedule = SCHEDULE, src: object = source) -> Digests:
        store = DigestStore(settings.db_path)
        stores.append(store)
        return Digests(src, store, schedule, build_web_client(settings), clock)  # type: ignore[arg-type]

    yield process
    for store in stores:
        store.close()


def posts(fake: FakeSlack, thread: bool = False) -> list[dict]:
    return [
        c.params for c in fake.ok_calls("chat.postMessage") if ("thread_ts" in c.params) == thread
    ]


def test_a_restart_never_posts_a_day_twice(start, clock: Clock, fake_slack: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    first = start()
    (result,) = first.run_due()  # the 08:00 job fires
    assert result.status == "posted"
    second = start()  # the process restarts...
    assert second.catch_up() == []
    clock.now += timedelta(minutes=5)
    assert second.run_due() == []  # ...and the job fires again (a clock jump, a second timer)
    assert second.retry() == []
    (post,) = posts(fake_slack)
    assert post["channel"] == CHANNEL
    assert "5 new articles" in post["text"]
    (row,) = first.store.posts()
    assert (row.day, row.status, row.ts) == ("2030-01-01", "posted", result.ts)


def test_the_digest_records_its_window_articles_and_figures(start, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    digests = start()
    digests.run_due()
    db = digests.store._conn
    window = db.execute("SELECT window_start, window_end FROM digests").fetchone()
    assert window == ("2029-12-31T08:00:00+00:00", "2030-01-01T08:00:00+00:00")
    assert db.execute("SELECT count(*) FROM digest_articles").fetchone()[0] == 5
    assert db.execute("SELECT count(*) FROM digest_figures").fetchone()[0] > 5
    stored = digests.store.daily("2030-01-01")
    assert stored is not None
    summaries = [f["summary"] for f in stored.data["figures"]]
    assert any(s.startswith("North Korean soldiers: 3,000 (John Kirby") for s in summaries)


def test_the_next_day_covers_what_came_after_the_last_digest(start, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    digests = start()
    digests.run_due()
    clock.now += timedelta(days=1)
    (result,) = digests.run_due()
    stored = digests.store.daily("2030-01-02")
    assert stored is not None and result.status == "posted"
    assert stored.data["window"]["start"] == "2030-01-01T08:00:00+00:00"
    assert stored.data["articles"] == 0


def test_a_day_missed_while_down_is_posted_on_start(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    start().run_due()
    clock.now = DAY1 + timedelta(days=2, hours=3)  # down over the next two digest times
    (result,) = start().catch_up()
    assert (result.day, result.status) == ("2030-01-03", "posted")
    assert start().catch_up() == []
    assert len(posts(fake_slack)) == 2


def test_catch_up_can_be_turned_off_and_a_first_start_is_not_a_missed_day(
    start, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.now = DAY1 + timedelta(hours=3)
    assert start().catch_up() == []  # nothing was ever posted: wait for the time
    start().run_due()
    clock.now += timedelta(days=1)
    off = DigestSchedule(at=time(8, 0), channels=(CHANNEL,), catch_up=False)
    assert start(off).catch_up() == []


def test_before_the_time_the_due_day_is_yesterday(start, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(2030, 1, 1, 23, 30, tzinfo=UTC)  # 08:30 on Jan 2 in Tokyo
    tokyo = start(DigestSchedule(at=time(9, 0), tz="Asia/Tokyo", channels=(CHANNEL,)))
    assert tokyo.due_day(clock.now).isoformat() == "2030-01-01"
    clock.now += timedelta(hours=1)
    assert tokyo.due_day(clock.now).isoformat() == "2030-01-02"


def test_a_503_on_the_first_try_still_ends_with_one_post(start, fake_slack: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    fake_slack.fail_next(status=503, method="chat.postMessage")
    (result,) = start().run_due()
    assert result.status == "posted"
    assert len(posts(fake_slack)) == 1
    assert [c.status for c in fake_slack.calls if c.method == "chat.postMessage"] == [503, 200]


def test_a_500_may_have_posted_so_the_channel_is_checked_before_posting_again(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    fake_slack.fail_next(status=500, method="chat.postMessage")
    digests = start()
    (result,) = digests.run_due()
    assert result.status == "unsure" and posts(fake_slack) == []
    assert [c.status for c in fake_slack.calls if c.method == "chat.postMessage"] == [500]
    clock.now += timedelta(minutes=10)
    (again,) = digests.retry()  # the channel lacks it: posted now, once
    assert again.status == "posted" and len(posts(fake_slack)) == 1
    assert len(fake_slack.ok_calls("conversations.history")) == 1


def test_a_post_that_failed_every_try_is_retried_later_once(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    fake_slack.fail_next(3, status=503, method="chat.postMessage")
    digests = start()
    (result,) = digests.run_due()
    assert result.status == "failed" and posts(fake_slack) == []
    clock.now += timedelta(minutes=10)
    (again,) = digests.retry()
    assert again.status == "posted"
    assert digests.retry() == [] and start().catch_up() == []
    assert len(posts(fake_slack)) == 1


def test_two_processes_firing_together_post_once(start, fake_slack: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    processes = [start(), start()]
    barrier = threading.Barrier(2)
    results: list = []

    def fire(digests: Digests) -> None:
        barrier.wait()
        results.extend(digests.run_due())

    threads = [threading.Thread(target=fire, args=(p,)) for p in processes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(r.status for r in results) == ["done", "posted"]
    assert len(posts(fake_slack)) == 1


def test_a_claim_left_by_a_crashed_process_is_retaken_once_stale(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    crashed = start()
    stored = crashed.store.record(
        crashed.source.build(Window.since(DAY1, DAY1)), "daily", "2030-01-01", DAY1
    )
    assert crashed.store.claim(
        stored.id, "2030-01-01", CHANNEL, "dead:1", DAY1, timedelta(minutes=30)
    )
    clock.now += timedelta(minutes=10)
    assert [r.status for r in start().run_due()] == ["done"]  # it may still be posting
    clock.now += timedelta(minutes=25)
    (result,) = start().retry()
    assert result.status == "posted" and len(posts(fake_slack)) == 1


def test_an_empty_day_says_so_in_one_line_or_is_skipped(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    start().run_due()
    clock.now += timedelta(days=1)
    start().run_due()
    empty = posts(fake_slack)[-1]
    assert empty["text"] == "No new articles since 2030-01-01 08:00 UTC."
    assert len(empty["blocks"]) == 2  # the header and the one line
    clock.now += timedelta(days=1)
    skip = DigestSchedule(at=time(8, 0), channels=(CHANNEL,), skip_empty=True)
    (result,) = start(skip).run_due()
    assert result.status == "skipped" and len(posts(fake_slack)) == 2


class ManyStories:
    """A source whose digest has more stories than one message holds."""

    def build(self, window: Window) -> Digest:
        stories = []
        for n in range(30):
            src = Source(f"a{n}.txt", f"Story {n}", "Outlet", None, None, None)
            stories.append(
                Story(f"Story {n}", (StoryArticle(n, src, iso(DAY1)),),
                      (KeyPassage(f"Passage {n}.", 0, 11, src),), ("Outlet",))
            )  # fmt: skip
        paths = tuple(f"a{n}.txt" for n in range(30))
        return Digest(window, tuple(stories), outlets=(("Outlet", 30),),
                      article_ids=tuple(range(30)), article_paths=paths)  # fmt: skip


def test_a_long_digest_continues_in_the_thread(start, fake_slack: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    (result,) = start(src=ManyStories()).run_due()
    (post,) = posts(fake_slack)
    replies = posts(fake_slack, thread=True)
    assert replies and all(r["thread_ts"] == result.ts for r in replies)
    blocks = post["blocks"] + [b for r in replies for b in r["blocks"]]
    assert sum(b["type"] == "rich_text" for b in blocks) == 30
    for message in [post, *replies]:
        validate_blocks(message["blocks"])


def test_digest_blocks_fit_and_keep_stories_whole() -> None:
    data = ManyStories().build(Window.since(DAY1, DAY1)).to_json()
    messages = digest_messages(data)
    assert [len(m) for m in messages] == [50, 44]  # 2 + 16 stories of 3, then 14 + coverage
    assert messages[1][0]["type"] == "section"


def test_the_scheduler_runs_the_job_daily_at_the_configured_time_and_zone(start) -> None:  # type: ignore[no-untyped-def]
    schedule = DigestSchedule(at=time(8, 0), tz="Europe/Paris", channels=(CHANNEL,))
    digests = start(schedule)
    scheduler = digest_scheduler(digests, schedule)
    scheduler.start(paused=True)
    try:
        daily = scheduler.get_job(DAILY_JOB)
        assert daily.func == digests.run_due
        when = daily.next_run_time
        assert (when.hour, when.minute, str(when.tzinfo)) == (8, 0, "Europe/Paris")
        assert scheduler.get_job(RETRY_JOB).func == digests.retry
        assert scheduler.get_job(CATCH_UP_JOB).func == digests.catch_up
    finally:
        scheduler.shutdown(wait=False)


def test_digest_settings_are_read_once_and_checked(tmp_path: Path) -> None:
    env = {"NEWSDESK_DIGEST_AT": "07:30", "NEWSDESK_DIGEST_TZ": "Europe/Paris",
           "NEWSDESK_DIGEST_CHANNELS": "C1, C2", "NEWSDESK_DIGEST_SKIP_EMPTY": "on"}  # fmt: skip
    settings = load_settings(env, Mode.CONSOLE, tmp_path)
    assert settings.digest == DigestSchedule(
        at=time(7, 30), tz="Europe/Paris", channels=("C1", "C2"), catch_up=True, skip_empty=True
    )
    assert load_settings({}, Mode.CONSOLE, tmp_path).digest is None
    for bad, message in [
        ({"NEWSDESK_DIGEST_AT": "8am", "NEWSDESK_DIGEST_CHANNELS": "C1"}, "like 08:00"),
        ({"NEWSDESK_DIGEST_AT": "08:00"}, "names no channel"),
        ({"NEWSDESK_DIGEST_CHANNELS": "C1"}, "NEWSDESK_DIGEST_AT is not"),
        ({"NEWSDESK_DIGEST_TZ": "Mars/Base"}, "time zone"),
        ({"NEWSDESK_DIGEST_CATCH_UP": "maybe"}, "on or off"),
    ]:
        with pytest.raises(ConfigError, match=message):
            load_settings(bad, Mode.CONSOLE, tmp_path)


@contextmanager
def served(app: App, settings: Settings) -> Iterator[SlackSender]:
    """The app served over HTTP on 127.0.0.1, and a sender of signed requests to it."""
    front = HttpFront(app, "127.0.0.1", 0, settings.signing_secret)
    try:
        yield SlackSender(f"http://127.0.0.1:{front.port}/slack/events")
    finally:
        front.stop()


def test_slash_digest_shows_the_latest_digest_privately(
    settings: Settings,
    answerer: Answerer,
    start,
    fake_slack: FakeSlack,  # type: ignore[no-untyped-def]
) -> None:
    digests = start()
    digests.run_due()
    with served(build_app(settings, answerer, digests=digests), settings) as sender:
        response = sender.command(payloads.slash("/digest", "", fake_slack.response_url()))
        assert response.status == 200
        (call,) = fake_slack.wait_for(RESPONSE_URL)
    assert call.params["response_type"] == "ephemeral"
    assert call.params["blocks"][0]["text"]["text"] == "Latest digest"
    assert "5 new articles" in call.params["text"]
    assert len(posts(fake_slack)) == 1  # showing it posts nothing


def test_slash_digest_with_a_day_shows_that_days_digest_and_anything_else_gets_usage(
    settings: Settings,
    answerer: Answerer,
    start,
    fake_slack: FakeSlack,  # type: ignore[no-untyped-def]
) -> None:
    digests = start()
    digests.run_due()
    with served(build_app(settings, answerer, digests=digests), settings) as sender:
        url = fake_slack.response_url()
        # Slack sends "<b>" as "&lt;b&gt;": shown back as it was typed, and escaped again.
        assert sender.command(payloads.slash("/digest", "yesterday &lt;b&gt;", url)).status == 200
        usage = fake_slack.only_ack_message()  # the ack says it: no lookup
        assert sender.command(payloads.slash("/digest", " 2024-10-23 ", url)).status == 200
        call = fake_slack.wait_for(RESPONSE_URL, 2)[1]
    assert call.params["response_type"] == "ephemeral"
    assert call.params["blocks"][0]["text"]["text"] == "Digest for 2024-10-23"
    day_line = "Digest: 1 new article in 1 story published on 2024-10-23."
    assert call.params["text"].startswith(day_line)
    assert usage == (
        "“yesterday &lt;b&gt;” is not a day. Usage: `/digest` for the latest digest, "
        "or `/digest 2024-10-23` for the articles published that day."
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/digest 2024-10-23", "Digest: 1 new article in 1 story published on 2024-10-23."),
        ("/digest 2024-10-23 2024-10-24", "“2024-10-23 2024-10-24” is not a day. Usage:"),
        ("/digest 20241023", "“20241023” is not a day. Usage:"),
        ("/digest 2024-02-30", "“2024-02-30” is not a day. Usage:"),
        ("/digest 2030-01-02", "2030-01-02 is still to come (today is 2030-01-01 in UTC)."),
    ],
)
def test_chat_digest_takes_a_day_too(start, answerer: Answerer, line: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    reply = chat_reply(answerer, line, None, digests=start())
    assert reply is not None and reply.text.startswith(expected)


def test_chat_digest_previews_since_the_last_one(start, answerer: Answerer) -> None:  # type: ignore[no-untyped-def]
    reply = chat_reply(answerer, "/digest", None, digests=start())
    assert reply is not None
    assert reply.blocks[0]["text"]["text"] == "Digest so far"  # none went out yet
    assert "5 new articles" in reply.text


def test_a_digest_shows_times_in_the_desks_zone_and_says_when_it_is_cut(start) -> None:  # type: ignore[no-untyped-def]
    seoul = DigestSchedule(at=time(17, 0), tz="Asia/Seoul", channels=(CHANNEL,))
    digests = start(seoul)
    digests.run_due()  # 08:00 UTC is 17:00 in Seoul: the day's digest goes out
    stored = digests.store.daily("2030-01-01")
    assert stored is not None and stored.data["window"]["tz"] == "Asia/Seoul"
    assert "since 2029-12-31 17:00 KST" in digest_messages(stored.data)[0][1]["elements"][0]["text"]
    many = {**stored.data, "stories": stored.data["stories"] * 30}
    digests.latest_or_preview = lambda: many  # type: ignore[method-assign]
    reply = digests.reply()
    assert len(reply.blocks) <= 50
    assert reply.blocks[-1]["elements"][0]["text"].endswith("in the thread of the posted digest._")


def test_a_post_that_timed_out_but_reached_slack_is_not_posted_again(
    settings: Settings, source: IndexDigests, clock: Clock, fake_slack: FakeSlack
) -> None:
    store = DigestStore(settings.db_path)
    digests = Digests(source, store, SCHEDULE, build_web_client(settings, timeout=1), clock)
    fake_slack.delay_next(seconds=2, method="chat.postMessage")  # Slack posts, answers late
    (result,) = digests.run_due()
    assert result.status == "unsure" and len(posts(fake_slack)) == 1
    clock.now += timedelta(minutes=10)
    (again,) = digests.retry()
    assert again.status == "posted"
    assert again.ts == fake_slack.messages[0]["ts"]  # the message Slack kept
    assert len(posts(fake_slack)) == 1
    assert len(fake_slack.ok_calls("conversations.history")) == 1
    assert digests.retry() == [] and store.posts()[0].status == "posted"
    store.close()


def test_a_post_that_timed_out_before_reaching_slack_is_posted_on_retry(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    digests = start()
    stored = digests.store.record(
        digests.source.build(Window.since(DAY1 - timedelta(days=1), DAY1)),
        "daily",
        "2030-01-01",
        DAY1,
    )
    post_id = digests.store.claim(
        stored.id, "2030-01-01", CHANNEL, "me:1", DAY1, timedelta(minutes=30)
    )
    assert post_id is not None
    digests.store.finish(post_id, "unsure", DAY1, error="TimeoutError('timed out')")
    fake_slack.fail_next(status=200, error="missing_scope", method="conversations.history")
    (held,) = digests.retry()  # the history cannot be read: left as it is, not posted
    assert held.status == "unsure" and posts(fake_slack) == []
    clock.now += timedelta(minutes=10)
    (result,) = digests.retry()  # the channel lacks it: posted now
    assert result.status == "posted" and len(posts(fake_slack)) == 1
    assert digests.retry() == []


def test_a_manual_post_takes_nothing_from_the_next_daily_digest(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    digests = start()
    digests.run_due()
    clock.now = DAY1 + timedelta(hours=6)
    assert digests.post_now("C0TEST").status == "posted"
    clock.now = DAY1 + timedelta(days=1)
    digests.run_due()
    day2 = digests.store.daily("2030-01-02")
    assert day2 is not None
    assert day2.data["window"]["start"] == DAY1.isoformat()  # where the last daily one ended
    assert digests.latest_or_preview()["window"] == day2.data["window"]
    assert [p["channel"] for p in posts(fake_slack)] == [CHANNEL, "C0TEST", CHANNEL]


class FailsOnce:
    """A digest source whose first build fails, as when an index run holds the database."""

    def __init__(self, source: IndexDigests) -> None:
        self.source, self.failed = source, False

    def build(self, window: Window) -> Digest:
        if not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("database is locked")
        return self.source.build(window)


def test_a_digest_that_could_not_be_built_is_retried_and_other_channels_still_get_theirs(
    start, source: IndexDigests, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    schedule = DigestSchedule(at=time(8, 0), tz="UTC", channels=(CHANNEL, "C0OTHER"))
    digests = start(schedule, FailsOnce(source))
    assert [r.status for r in digests.run_due()] == ["failed", "posted"]
    clock.now += timedelta(minutes=10)
    (result,) = digests.retry()
    assert (result.channel, result.status) == (CHANNEL, "posted")
    assert digests.retry() == []
    assert [p["channel"] for p in posts(fake_slack)] == ["C0OTHER", CHANNEL]


def test_a_digest_of_a_chosen_window_moves_no_ones_start(
    start, clock: Clock, fake_slack: FakeSlack
) -> None:  # type: ignore[no-untyped-def]
    digests = start()
    digests.run_due()
    clock.now = DAY1 + timedelta(hours=6)
    day = Window.of_day(DAY1.date(), "UTC")
    assert digests.post_now(CHANNEL, day).status == "posted"  # `--date`, to the daily channel
    assert digests.window_since_last(clock.now).start == DAY1
    assert digests.post_now(CHANNEL).status == "posted"  # `--post`: since the last one there
    assert digests.window_since_last(clock.now).start == clock.now


def test_a_figure_change_names_each_reporting_article_once() -> None:
    from bot.digest_blocks import figure_blocks

    def report(path: str) -> dict:
        return {"source": {"path": path, "title": path, "outlet": "Wire", "url": None,
                           "date": "2024-10-23"}}  # fmt: skip

    change = {"kind": "new", "summary": "troops: 3,000 · 12,000",
              "reports": [report("a.txt"), report("b.txt"), report("b.txt")]}  # fmt: skip
    (_, sources) = figure_blocks(change)
    assert [e["text"] for e in sources["elements"]] == [
        "Wire · a.txt · 2024-10-23",
        "Wire · b.txt · 2024-10-23",
    ]


def test_articles_without_an_outlet_are_not_counted_as_outlets() -> None:
    window = {"start": "2024-10-22T06:00:00+00:00", "end": "2024-10-23T06:00:00+00:00",
              "date": None, "tz": "UTC"}  # fmt: skip
    data = {"articles": 1, "outlets": [{"outlet": "unknown", "articles": 1}], "window": window,
            "stories": [], "figures": []}  # fmt: skip
    summary = digest_messages(data)[0][1]["elements"][0]["text"]
    assert summary.startswith("1 new article from no named outlet since 2024-10-22 06:00 UTC")


def test_figures_left_out_are_not_promised_in_the_json() -> None:
    """--json carries no more figures than the post (figures_omitted only counts the rest), so
    the note on them must not send readers there."""
    window = {"start": "2024-10-22T06:00:00+00:00", "end": "2024-10-23T06:00:00+00:00",
              "date": None, "tz": "UTC"}  # fmt: skip
    change = {"kind": "new", "summary": "troops: 3,000", "reports": []}
    data = {"articles": 1, "outlets": [{"outlet": "Wire", "articles": 1}], "window": window,
            "stories": [], "figures": [change], "figures_omitted": 7}  # fmt: skip
    (message,) = digest_messages(data)
    (note,) = [b for b in message if b["type"] == "context" and "7 more" in str(b)]
    assert note["elements"][0]["text"] == "…and 7 more not shown (`/figure TOPIC` lists them)"
    assert "--json" not in str(message)


def test_a_preview_with_no_daily_digest_does_not_promise_a_post(start) -> None:  # type: ignore[no-untyped-def]
    scheduled = start(src=ManyStories()).reply().blocks[-1]["elements"][0]["text"]
    assert scheduled == "_1 more part when it is posted._"
    unscheduled = start(None, ManyStories()).reply().blocks[-1]["elements"][0]["text"]
    assert unscheduled == "_1 more part not shown (no daily digest is scheduled)._"


def test_a_cut_preview_shows_whole_stories_each_quote_with_its_source(start) -> None:  # type: ignore[no-untyped-def]
    blocks = start(src=ManyStories()).reply().blocks  # a first message of exactly 50 blocks
    assert len(blocks) <= 50
    *shown, note = blocks
    assert note["type"] == "context" and "more part" in note["elements"][0]["text"]
    kinds = [b["type"] for b in shown[2:]]  # after the header and the summary
    assert kinds == ["section", "rich_text", "context"] * (len(kinds) // 3)
