"""Configuration, the bot's SQLite file, feedback listing, and the spec subset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import TROOPS

from bot.config import ConfigError, Mode, load_settings
from bot.feedback import Verdict, format_feedback, list_feedback, record_feedback
from bot.store import BotStore, answer_from_dict, answer_to_dict
from index.models import Answer

SPEC = Path(__file__).resolve().parents[3] / "shared" / "slack" / "slack_web_openapi_v2.json"


def test_missing_settings_are_named_in_one_line() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({}, Mode.SOCKET)
    assert str(error.value) == (
        "missing settings for socket mode: SLACK_BOT_TOKEN, SLACK_APP_TOKEN"
    )
    with pytest.raises(ConfigError, match=r"^missing setting for http mode: SLACK_SIGNING_SECRET$"):
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}, Mode.HTTP)


def test_settings_are_read_once(tmp_path: Path) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
        "NEWSDESK_DATA": str(tmp_path),
    }
    settings = load_settings(env, Mode.SOCKET)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.db_path == tmp_path / "bot.db"
    assert "xoxb" not in repr(settings)
    assert load_settings({}, Mode.CONSOLE, data_dir=tmp_path).data_dir == tmp_path


def test_malformed_tokens_are_reported() -> None:
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN should start with xapp-"):
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, Mode.SOCKET)


def test_answers_round_trip_through_the_store(tmp_path: Path) -> None:
    answer = Answer("how many?", True, TROOPS, related=TROOPS[:1], confidence=0.5)
    assert answer_from_dict(json.loads(json.dumps(answer_to_dict(answer)))) == answer
    store = BotStore(tmp_path / "bot.db")
    answer_id = store.save_answer(answer, "C1", "U1")
    stored = store.load_answer(answer_id)
    assert stored is not None and stored.answer == answer and stored.channel == "C1"
    assert store.load_answer(answer_id + 1) is None
    store.close()


def test_threads_and_messages_are_remembered(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "bot.db")
    store.remember_thread("C1", "1.1")
    assert store.claim_message("C1", "1.2") and not store.claim_message("C1", "1.2")
    store.close()
    reopened = BotStore(tmp_path / "bot.db")
    assert reopened.is_bot_thread("C1", "1.1") and not reopened.is_bot_thread("C1", "1.3")
    reopened.close()


def test_feedback_is_listed_from_the_data_folder(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "bot.db")
    answer_id = store.save_answer(Answer("how many?", True, TROOPS), "C1", "U1")
    record_feedback(store, answer_id, 1, Verdict.HELPFUL, "C1", "U2")
    assert record_feedback(store, 999, 0, Verdict.HELPFUL, "C1", "U2") is None
    store.close()
    (record,) = list_feedback(tmp_path / "bot.db")
    assert record.verdict is Verdict.HELPFUL and record.user == "U2"
    assert [q.outlet for q in record.quotes] == ["Warrior Maven"]  # page 1 showed quote 4
    assert record.quotes[0].text == TROOPS[3].text
    assert format_feedback(record).endswith("+ C1 “how many?” (Warrior Maven)")


@pytest.mark.skipif(not SPEC.exists(), reason="Slack's spec is not in this checkout")
def test_spec_subset_is_up_to_date() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
    from make_slack_spec_subset import OUT, subset

    expected = subset(json.loads(SPEC.read_text(encoding="utf-8")))
    assert json.loads(OUT.read_text(encoding="utf-8")) == expected


def test_what_no_one_can_use_is_forgotten_after_its_time(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "bot.db")
    answer = Answer("how many?", True, TROOPS)
    old, voted, fresh = (store.save_answer(answer, "C1", "U1") for _ in range(3))
    record_feedback(store, voted, 0, Verdict.HELPFUL, "C1", "U2")
    store.remember_thread("C1", "1.1")
    store.claim_message("C1", "1.2")
    store.claim_page(old, 1)
    long_ago = "2020-01-01T00:00:00+00:00"
    for table, column in (("answers", "created_at"), ("threads", "created_at"),
                          ("messages_answered", "answered_at")):  # fmt: skip
        store.db.execute(f"update {table} set {column} = ? where rowid != ?", [long_ago, fresh])
    store.db.conn.commit()
    store.close()
    reopened = BotStore(tmp_path / "bot.db")  # prunes as it opens
    assert reopened.load_answer(old) is None
    assert reopened.load_answer(voted) is not None  # kept with its vote
    assert reopened.load_answer(fresh) is not None
    assert not reopened.is_bot_thread("C1", "1.1")
    assert reopened.claim_message("C1", "1.2")  # forgotten: a day is plenty against retries
    assert reopened.claim_page(old, 1)
    reopened.close()


def test_a_users_second_vote_on_an_answer_replaces_the_first(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "bot.db")
    answer_id = store.save_answer(Answer("how many?", True, TROOPS), "C1", "U1")
    record_feedback(store, answer_id, 0, Verdict.HELPFUL, "C1", "U2")
    record_feedback(store, answer_id, 0, Verdict.HELPFUL, "C1", "U2")  # pressed twice
    record_feedback(store, answer_id, 0, Verdict.NOT_HELPFUL, "C1", "U2")  # changed mind
    record_feedback(store, answer_id, 0, Verdict.HELPFUL, "C1", "U3")
    store.close()
    votes = sorted((r.user, r.verdict) for r in list_feedback(tmp_path / "bot.db"))
    assert votes == [("U2", Verdict.NOT_HELPFUL), ("U3", Verdict.HELPFUL)]


def test_stopping_finishes_answers_in_progress_before_closing_bot_db(tmp_path: Path) -> None:
    """Slack has its ack for these and will not send them again: they must not be lost."""
    import time

    from fakes import FakeAsker

    from bot.answering import Answerer
    from bot.app import listener_pool
    from bot.serve import stop_serving

    store = BotStore(tmp_path / "bot.db")
    pool, saved = listener_pool(), []

    def answering() -> None:
        time.sleep(0.3)
        saved.append(store.save_answer(Answer("how many?", False), "C1", "U1"))

    futures = [pool.submit(answering) for _ in range(3)]
    stop_serving(None, pool, Answerer(FakeAsker(), store))
    assert [f.exception() for f in futures] == [None] * 3 and len(saved) == 3


def test_an_answer_id_is_never_given_twice_after_pruning(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "bot.db")
    old = [store.save_answer(Answer("how many?", False), "C1", "U1") for _ in range(3)]
    store.claim_page(old[-1], 1)
    store.db.execute("update answers set created_at = '2020-01-01T00:00:00+00:00'")
    store.db.conn.commit()
    store.close()
    reopened = BotStore(tmp_path / "bot.db")  # a quiet month: every answer is old
    new = reopened.save_answer(Answer("what now?", False), "C1", "U1")
    assert new > max(old)  # an old button cannot open the new answer
    assert reopened.load_answer(old[0]) is None
    assert not reopened.claim_page(old[-1], 1)  # the kept answer keeps its claims
    reopened.close()
