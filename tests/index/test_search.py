"""Search behaviour with the fake embedder: verbatim quotes, grouping, abstention, input limits."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from index import BadInput, HashEmbedder, SearchParams, build_index, open_corpus
from index.corpus import Corpus
from index.coverage import question_pairs, text_pairs
from index.models import Quote, Source
from index.search import PREFETCHED
from index.store import PassageRow


@pytest.fixture
def corpus(seeds_copy: Path, tmp_path: Path) -> Corpus:
    build_index([str(seeds_copy)], tmp_path / "data", HashEmbedder())
    return open_corpus(tmp_path / "data", HashEmbedder())


def test_every_quote_is_verbatim_with_its_key_sentence_inside(corpus: Corpus) -> None:
    for question in [
        "How many containers has North Korea shipped?",
        "Kyrylo Budanov 11,000 soldiers",
        "Medvedev recruitment plan 78%",
    ]:
        answer = corpus.ask(question)
        for quote in answer.quotes + answer.related:
            text = Path(quote.source.path).read_text("utf-8")
            assert text[quote.start : quote.end] == quote.text
            assert quote.start <= quote.key_start < quote.key_end <= quote.end
            assert len(quote.text) <= 350 or quote.key_start == quote.start


def test_keyword_question_finds_the_sentence_and_marks_it(corpus: Corpus) -> None:
    answer = corpus.ask("Medvedev recruitment plan fulfilled")
    assert answer.answered
    assert "recruitment plan was 78% fulfilled" in answer.quotes[0].key_sentence


def test_same_fact_in_two_articles_becomes_one_quote_with_also_in(
    seeds_copy: Path, tmp_path: Path
) -> None:
    src = tmp_path / "twins"
    src.mkdir()
    shared = "Pyongyang has shipped 13,000 containers of artillery shells to Russia."
    (src / "a.txt").write_text(f"Story A\n\n{shared} Officials in Seoul confirmed it.\n")
    (src / "b.txt").write_text(f"Story B\n\n{shared} Officials in Kyiv confirmed it.\n")
    build_index([str(src)], tmp_path / "d", HashEmbedder())
    answer = open_corpus(tmp_path / "d", HashEmbedder()).ask("13,000 containers artillery")
    assert len(answer.quotes) == 1
    assert [Path(a.path).name for a in answer.quotes[0].also_in] == ["b.txt"]


def test_question_the_coverage_cannot_answer_is_not_answered(corpus: Corpus) -> None:
    answer = corpus.ask("What is the recipe for sourdough bread?")
    assert not answer.answered and answer.quotes == ()
    assert answer.to_json()["quotes"] == []


@pytest.mark.parametrize(
    ("question", "message"),
    [("   ", "empty"), ("x" * 3199, "too long (3,199 characters; the limit is 1,000)")],
)
def test_bad_questions_raise_one_clear_error(corpus: Corpus, question: str, message: str) -> None:
    with pytest.raises(BadInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        corpus.ask(question)


def test_fts_syntax_in_a_question_is_treated_as_words(corpus: Corpus) -> None:
    answer = corpus.ask('troops" OR NEAR(x AND -y) * ^"')
    assert answer.question.startswith("troops")


def test_json_shape(corpus: Corpus) -> None:
    data = corpus.ask("North Korean soldiers Kursk").to_json()
    assert set(data) == {"question", "answered", "quotes", "related"}
    quote = (data["quotes"] or data["related"])[0]
    assert set(quote) == {
        "text",
        "start",
        "end",
        "key_start",
        "key_end",
        "score",
        "source",
        "also_in",
    }
    assert set(quote["source"]) == {"path", "title", "outlet", "author", "date", "url"}


def test_corpus_reloads_when_an_index_run_saves(seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_index([str(next(seeds_copy.glob("000_*")))], data, HashEmbedder())
    corpus = open_corpus(data, HashEmbedder())
    assert "Budanov" not in " ".join(q.text for q in corpus.ask("Kyrylo Budanov").quotes)
    build_index([str(seeds_copy)], data, HashEmbedder())
    assert "Budanov" in corpus.ask("Kyrylo Budanov").quotes[0].text


def test_rows_read_while_the_keyword_legs_run_give_the_same_answers(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = [
        "How many North Korean soldiers are in Russia?",
        "What did the Pentagon say?",
        "drone factory",
    ]
    before = [corpus.ask(q) for q in questions]
    searcher = corpus.searcher()
    store = searcher.store
    slow_search = store.keyword_search
    read: list[list[int]] = []
    passages = store.passages

    def slow(*args: object) -> list[tuple[int, float]]:
        time.sleep(0.2)  # the keyword leg is still running when the dense candidates are known
        return slow_search(*args)  # type: ignore[arg-type]

    def counted(ids: list[int]) -> dict[int, PassageRow]:
        read.append(list(ids))
        return passages(ids)

    monkeypatch.setattr(store, "keyword_search", slow)
    monkeypatch.setattr(store, "passages", counted)
    for question, answer in zip(questions, before, strict=True):
        read.clear()
        assert corpus.ask(question).to_json() == answer.to_json()
        assert len(read[0]) == PREFETCHED  # the early read, then only what grouping lacked
        ids = [pid for batch in read for pid in batch]
        assert len(ids) == len(set(ids))  # nothing read twice


def test_word_pairs_hold_adjacent_and_content_words_but_not_two_stop_words() -> None:
    pairs = question_pairs("How many troops are in Russia?")
    assert ("troop", "russia") in pairs  # "in" left out
    assert ("in", "russia") in pairs
    assert ("are", "in") not in pairs and ("how", "many") not in pairs
    assert ("troop", "russia") in text_pairs("Troops in Russia")
    assert ("russia", "troop") not in text_pairs("Troops in Russia")


def _harbour_reports(tmp_path: Path, bodies: dict[str, str]) -> Path:
    """An index of one short report per file name, with the fake embedder."""
    src = tmp_path / "src"
    src.mkdir()
    for name, body in bodies.items():
        (src / name).write_text(f"Harbour report\n\n{body}\n")
    build_index([str(src)], tmp_path / "d", HashEmbedder())
    return tmp_path / "d"


def _ranked_files(data: Path, question: str, params: SearchParams) -> list[str]:
    """File names of the passages `retrieve` ranks, best first."""
    searcher = open_corpus(data, HashEmbedder(), params=params).searcher()
    qvec = searcher.embedder.encode([question])[0]
    ranked = searcher.retrieve(question, qvec, 10)
    rows = searcher.store.passages([pid for pid, _ in ranked])
    return [Path(rows[pid].path).name for pid, _ in ranked]


@pytest.mark.parametrize(
    ("a", "b", "question", "bonus_off"),
    [
        # The same words in another order: the same BM25 and the same bag-of-words vector, so
        # only the word pairs tell them apart (a tie without them).
        (
            "The house by the river was red and the ferry left.",
            "The red house by the river was left and the ferry.",
            "Which red house stands by the river?",
            SearchParams(phrase_weight=0.0),
        ),
        # "today" favours a.txt; only b.txt holds the number "how many" asks for.
        (
            "The ferry carried passengers across the harbour today.",
            "The ferry carried 300 passengers across the harbour.",
            "How many passengers did the ferry carry across the harbour today?",
            SearchParams(kind_weight=0.0),
        ),
    ],
    ids=["word pairs", "answer kind"],
)
def test_a_re_ranking_bonus_puts_the_passage_that_earns_it_first(
    tmp_path: Path, a: str, b: str, question: str, bonus_off: SearchParams
) -> None:
    data = _harbour_reports(tmp_path, {"a.txt": a, "b.txt": b})
    bonus_on = replace(bonus_off, phrase_weight=0.3, kind_weight=0.5)
    assert _ranked_files(data, question, bonus_off) == ["a.txt", "b.txt"]
    assert _ranked_files(data, question, bonus_on) == ["b.txt", "a.txt"]


def test_a_long_article_lends_each_passage_less_of_its_words(tmp_path: Path) -> None:
    # brief.txt is one passage; long.txt says the same words over a dozen passages. Their articles
    # match the question alike, but only the brief's match is its passage's context.
    src = tmp_path / "src"
    src.mkdir()
    filler = " ".join(
        f"Paragraph {i} tells of harbour cranes, tides and the ferry timetable." for i in range(40)
    )
    (src / "brief.txt").write_text("Harbour brief\n\nThe red ferry sank near the pier.\n")
    (src / "long.txt").write_text(f"Harbour log\n\nThe red ferry sank near the pier. {filler}\n")
    build_index([str(src)], tmp_path / "d", HashEmbedder())
    searcher = open_corpus(tmp_path / "d", HashEmbedder()).searcher()
    rows = searcher.store.passages(list(range(1, 100)))
    by_file: dict[str, list[int]] = {}
    for pid, row in sorted(rows.items()):
        by_file.setdefault(Path(row.path).name, []).append(pid)
    assert len(by_file["brief.txt"]) == 1 and len(by_file["long.txt"]) > 8
    articles = {searcher.store.article_of([pids[0]])[pids[0]]: 5.0 for pids in by_file.values()}
    bonus = searcher.article_bonus([p for pids in by_file.values() for p in pids], articles)
    assert bonus[by_file["brief.txt"][0]] == 1.0
    share = 8 / len(by_file["long.txt"])
    assert all(bonus[p] == pytest.approx(share) for p in by_file["long.txt"])
    full = SearchParams(article_passages=100)
    searcher = open_corpus(tmp_path / "d", HashEmbedder(), params=full).searcher()
    assert searcher.article_bonus(by_file["long.txt"], articles)[by_file["long.txt"][0]] == 1.0


def test_quotes_are_ordered_by_the_question_words_they_hold(corpus: Corpus) -> None:
    searcher = corpus.searcher()
    row = next(iter(searcher.store.passages([1]).values()))
    source = Source(row.path, None, None, None, None, None)

    def quote(text: str, score: float) -> tuple[Quote, PassageRow]:
        return Quote(text, 0, len(text), 0, len(text), score, source), row

    weights = {"ferri": 2.0, "strike": 1.0, "crew": 1.0}
    quotes = [quote("The crews met at dawn.", 0.80), quote("Ferry crews went on strike.", 0.75)]
    ordered = searcher._by_coverage("Will the ferry crews strike?", quotes, weights)
    assert [q.text for q, _ in ordered] == ["Ferry crews went on strike.", "The crews met at dawn."]
    assert [q.score for q, _ in ordered] == pytest.approx([0.75 + 0.2, 0.80 + 0.2 * 0.25])
    plain = open_corpus(
        searcher.store.data_dir, HashEmbedder(), SearchParams(quote_coverage_weight=0)
    )
    assert plain.searcher()._by_coverage("Will the ferry crews strike?", quotes, weights) == quotes


def test_the_first_quotes_do_not_depend_on_how_many_are_asked_for(corpus: Corpus) -> None:
    for question in [
        "Where were the North Korean troops stationed?",
        "Which lawmakers attended the NIS briefing?",
    ]:
        many, few = corpus.ask(question, limit=10), corpus.ask(question, limit=3)
        assert [q.start for q in few.quotes] == [q.start for q in many.quotes][:3]
        scores = [q.score for q in many.quotes]
        assert scores == sorted(scores, reverse=True)


def test_initials_an_unrelated_article_uses_are_still_spelled_out(
    seeds_copy: Path, tmp_path: Path
) -> None:
    # In a large index some article holds almost any initials as a word; the passages the
    # question finds spell "NK" out, so it is searched as "North Korean".
    (seeds_copy / "clinic.txt").write_text(
        "Immune clinic notes\n\nNK cells are white blood cells. NK cell counts rose in the trial.\n"
    )
    build_index([str(seeds_copy)], tmp_path / "d", HashEmbedder())
    corpus = open_corpus(tmp_path / "d", HashEmbedder())
    searcher = corpus.searcher()
    assert searcher.store.document_frequencies(["NK"])["NK"] > 0
    question = "How many NK soldiers are in Russia?"
    assert searcher.spell_out(question) == "How many North Korean soldiers are in Russia?"
    answer = corpus.ask(question)
    assert answer.question == question
    shown = answer.quotes + answer.related
    assert shown and all(Path(q.source.path).name != "clinic.txt" for q in shown)
    assert "North Korean" in shown[0].text
    # Where the passages found use the initials themselves, they stay.
    assert searcher.spell_out("How do NK cell counts change?") == "How do NK cell counts change?"


def test_question_weights_count_words_over_the_story_not_the_whole_index(tmp_path: Path) -> None:
    # Among many other stories the story's own words are rare; over its own passages they are
    # common, and the word that tells its passages apart weighs most.
    src = tmp_path / "src"
    src.mkdir()
    story = [
        "North Korean troops are in Russia. North Korean troops trained on drones there.",
        "North Korean troops reached the front. Officials counted North Korean troops.",
    ]
    for i, body in enumerate(story):
        (src / f"story{i}.txt").write_text(f"Troops report {i}\n\n{body}\n")
    for i in range(30):
        (src / f"other{i}.txt").write_text(
            f"Club news {i}\n\nThe club trained on grass in week {i}. Fans watched.\n"
        )
    build_index([str(src)], tmp_path / "d", HashEmbedder())
    searcher = open_corpus(tmp_path / "d", HashEmbedder()).searcher()
    store = searcher.store
    question = "What were the North Korean troops trained on?"
    everywhere = searcher._idf_weights(question)
    assert everywhere["korean"] > everywhere["train"]

    def passages_where(path: str) -> list[tuple[int, float]]:
        rows = store.db.execute(
            "SELECT p.id FROM passages p JOIN articles a ON a.id = p.article_id"
            " WHERE a.path LIKE ? ORDER BY p.id",
            [f"%/src/{path}%"],
        ).fetchall()
        return [(pid, 1.0) for (pid,) in rows]

    ranked = passages_where("story")
    alone = searcher.question_weights(question, ranked)
    assert alone.story["train"] > alone.story["korean"]
    assert searcher.story_weights(question, ranked) == alone.story
    # The judge counts over the candidates' articles that mention the question's names: club
    # reports among the first candidates make "trained" common in the story's count only.
    mixed = searcher.question_weights(question, passages_where("other")[:8] + ranked)
    assert mixed.judge == alone.judge
    assert mixed.judge["train"] > mixed.story["train"]

    articles = sorted(set(store.article_of([pid for pid, _ in ranked]).values()))
    passages = set(store.passages_of(articles).tolist())
    assert passages == {pid for pid, _ in ranked}
    assert store.passages_of([]).size == 0
    holding = {
        w: set(ids.tolist()) for w, ids in store.holding(["korean", "trained", "grass"]).items()
    }
    assert holding["korean"] == passages
    assert len(holding["trained"] & passages) == 1 and len(holding["trained"]) == 31
    assert len(holding["grass"]) == 30 and not holding["grass"] & passages
