"""Figure lookup: matching a topic to what figures count, grouping, summaries, hostile topics."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.figures import IndexFigures
from index import (
    BadInput,
    HashEmbedder,
    NoIndex,
    TorchFreeMiniLM,
    build_index,
    figure_lookup,
    open_corpus,
    phrase_vectors,
)
from index.figure_lookup import (
    Figure,
    FigureLookup,
    _what_clusters,
    all_figures,
    lookup_figures,
    open_store,
)
from index.models import Source
from index.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def hash_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The seeds indexed with the fake embedder (read-only for tests)."""
    data = tmp_path_factory.mktemp("figures-hash")
    build_index([str(SEEDS)], data, HashEmbedder())
    store = open_store(data)
    yield store
    store.close()


def ids(found: FigureLookup) -> set[int]:
    return {f.id for g in found.groups for f in g.figures}


def values(found: FigureLookup, group: int = 0) -> list[float]:
    return [f.value for f in found.groups[group].figures]


def test_conflicting_troop_numbers_form_one_group_with_claimants(hash_store: Store) -> None:
    found = lookup_figures(hash_store, HashEmbedder(), "North Korean soldiers")
    first = found.groups[0]
    assert {3000, 10000, 11000, 12000} <= set(values(found))
    # The fake embedder knows no synonyms, so the "troops" figures may stay out (the real-model
    # test below brings them in).
    spread = r"[\d,]+ to 12,000 North Korean soldiers reported, by \d+ sources"
    assert re.fullmatch(spread, first.summary) and first.what == "North Korean soldiers"
    claimants = {f.claimant for f in first.figures}
    assert {"Kyrylo Budanov", "John Kirby", "Lloyd Austin", "Volodymyr Zelenskyy"} <= claimants
    # the one dated article comes first; undated ones follow, each part by value
    assert first.figures[0].source.date == "2024-10-23"
    undated = [f.value for f in first.figures if f.source.date is None]
    assert undated == sorted(undated)


def test_other_quantities_are_not_merged_into_the_troop_count(hash_store: Store) -> None:
    soldiers, troops = (
        lookup_figures(hash_store, HashEmbedder(), t) for t in ("soldiers", "troops")
    )
    summaries = [g.summary for found in (soldiers, troops) for g in found.groups]
    assert "30,000 soldiers a month reported by US officials" in summaries  # a rate
    assert any(s.startswith("1.2 million troops reported in ") for s in summaries)  # an army
    assert max(values(soldiers)) == max(values(troops)) == 12000


def test_a_figure_without_what_is_found_by_the_words_before_it(hash_store: Store) -> None:
    found = lookup_figures(hash_store, HashEmbedder(), "recruitment")
    [group] = found.groups
    assert group.summary == "78% reported by Dmitry Medvedev"
    assert group.figures[0].what is None and group.figures[0].to_json()["what"] == ""
    soldiers = lookup_figures(hash_store, HashEmbedder(), "soldiers")
    assert 2600 in values(soldiers)  # "the first batch of North Korean soldiers, numbering 2,600"


def test_one_source_summary_names_it(hash_store: Store) -> None:
    found = lookup_figures(hash_store, HashEmbedder(), "aid")
    assert [g.summary for g in found.groups] == [
        "$400 million military aid package reported by Lloyd Austin"
    ]
    assert found.groups[0].unit == "USD"


def test_unknown_topic_names_the_nearest_topics(hash_store: Store) -> None:
    found = lookup_figures(hash_store, HashEmbedder(), "  weather\n")
    assert found.topic == "weather" and found.groups == ()
    whats = {f.what for f in all_figures(hash_store)}
    assert found.nearest and set(found.nearest) <= whats
    assert len(set(found.nearest)) == len(found.nearest)


@pytest.mark.parametrize(
    ("topic", "message"),
    [
        ("", "the topic is empty"),
        (" \n\t ", "the topic is empty"),
        ("x" * 2001, "the topic is too long (2,001 characters; the limit is 200)"),
    ],
)
def test_unusable_topics_are_bad_input(hash_store: Store, topic: str, message: str) -> None:
    with pytest.raises(BadInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        lookup_figures(hash_store, HashEmbedder(), topic)


@pytest.mark.parametrize(
    "topic",
    [
        "<!channel>",
        "<@U123ABC> troops",
        "troops'; DROP TABLE figures; --",
        '" OR 1=1 OR "',
        "troops* NEAR(soldiers)",
        "x" * 200,
    ],
)
def test_hostile_topics_are_only_data(hash_store: Store, topic: str) -> None:
    before = len(all_figures(hash_store))
    found = lookup_figures(hash_store, HashEmbedder(), topic)
    assert isinstance(found, FigureLookup)
    assert len(all_figures(hash_store)) == before


def test_all_figures_quote_the_file_verbatim(hash_store: Store) -> None:
    figures = all_figures(hash_store)
    count = hash_store.db.execute("SELECT count(*) FROM figures").fetchone()[0]
    assert len(figures) == count > 30
    for f in figures:
        data = f.to_json()
        text = Path(f.source.path).read_text("utf-8")
        assert text[f.start : f.end] == f.sentence == data["quote"]["text"]
        number = data["number"]
        assert text[number["start"] : number["end"]] == f.text  # the number itself, in place
        assert f.start <= number["start"] < number["end"] <= f.end
        assert set(data) == {
            "value",
            "text",
            "unit",
            "what",
            "hedge",
            "claimant",
            "quote",
            "number",
            "source",
        }
        assert set(data["source"]) == {"path", "title", "outlet", "date", "url"}
    assert figures[0].source.date is not None and figures[-1].source.date is None


class CountingEmbedder:
    """The fake embedder, counting the texts it is asked to embed."""

    name = "hash-bow-counting"
    dim = 64

    def __init__(self) -> None:
        self.inner = HashEmbedder(self.dim)
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.encode(texts)


def test_what_phrases_are_embedded_once_per_process(hash_store: Store) -> None:
    embedder = CountingEmbedder()
    lookup_figures(hash_store, embedder, "troops")
    assert len(embedder.texts) > 10
    embedder.texts.clear()
    lookup_figures(hash_store, embedder, "containers")
    assert embedder.texts == ["containers"]


def test_no_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NoIndex):
        open_store(tmp_path)
    assert not (tmp_path / "newsdesk.db").exists()


# -- the real model: matching by meaning ------------------------------------------------


def found_whats(found: FigureLookup) -> set[str | None]:
    return {f.what for g in found.groups for f in g.figures}


@pytest.mark.slow
def test_troops_soldiers_and_forces_find_the_same_figures(
    seed_data_dir: Path, query_encoder: TorchFreeMiniLM
) -> None:
    store = open_store(seed_data_dir)
    try:
        troops, soldiers, forces = (
            lookup_figures(store, query_encoder, t)
            for t in ("troops", "soldiers", "North Korean forces")
        )
        assert ids(troops) == ids(soldiers) == ids(forces)
        assert {"troops", "soldiers", "North Korean soldiers", "North Korean troops"} <= (
            found_whats(troops)
        )
        assert not found_whats(troops) & {"war", "containers", "military aid package"}
        assert troops.groups[0].summary.startswith("1,500 to 12,000 North Korean soldiers")
        figures: list[Figure] = list(troops.groups[0].figures)
        assert {3000, 10000, 11000, 12000} <= {f.value for f in figures}
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("containers", {"containers", "containers of artillery shells"}),
        ("shells", {"containers of artillery shells"}),
        ("aid", {"military aid package"}),
        ("recruitment", {None}),  # "Russia's recruitment plan was 78% fulfilled"
    ],
)
def test_other_topics_find_only_their_figures(
    seed_data_dir: Path, query_encoder: TorchFreeMiniLM, topic: str, expected: set[str | None]
) -> None:
    store = open_store(seed_data_dir)
    try:
        assert found_whats(lookup_figures(store, query_encoder, topic)) == expected
    finally:
        store.close()


def test_a_money_amount_with_no_what_is_found_by_the_words_before_it(tmp_path: Path) -> None:
    (tmp_path / "fuel.txt").write_text(
        "Fuel desk report\n\nDiesel prices reached $5.20 at most stations, drivers said.\n"
    )
    build_index([str(tmp_path / "fuel.txt")], tmp_path / "data", HashEmbedder())
    store = Store(tmp_path / "data")
    (fig,) = all_figures(store)
    assert (fig.text, fig.unit, fig.what) == ("$5.20", "USD", None)
    assert "diesel" in fig.label and "price" in fig.label  # what a topic is matched against
    store.close()


DESK = {
    "maui-1.txt": "Wildfire in Maui\n\nThe wildfire that swept through Lahaina on Maui has killed "
    "at least 55 people, officials said. Crews in Lahaina searched burned homes on Maui.",
    "maui-2.txt": "Maui wildfire toll rises\n\nThe death toll from the Lahaina wildfire on Maui "
    "rose to 80. Crews in Lahaina on Maui searched more burned homes.",
    "quake.txt": "Earthquake in Turkey\n\nThe earthquake in southern Turkey killed more than "
    "60 people. Rescuers in Antakya dug through collapsed apartment blocks.",
    "jobs.txt": "Jobs report\n\nThe unemployment rate fell to 3.5% in July, the Labor Department "
    "said.",
    "fed.txt": "The Fed raises rates\n\nThe Federal Reserve raised its benchmark interest rate to "
    "5.25% on Wednesday.",
    "prices-1.txt": "Consumer prices\n\nInflation remains above the Fed's 2% target, "
    "economists said of consumer prices in the consumer prices report.",
    "prices-2.txt": "Consumer prices\n\nInflation is heading back to the Fed's 2% goal, "
    "Powell said of consumer prices in the consumer prices report.",
}


def indexed(factory: pytest.TempPathFactory, articles: dict[str, str]) -> Iterator[Store]:
    """The articles (file name: text) indexed with the fake embedder, as an open store."""
    folder = factory.mktemp("articles")
    for name, text in articles.items():
        (folder / name).write_text(text, "utf-8")
    data = factory.mktemp("data")
    build_index([str(folder)], data, HashEmbedder())
    store = open_store(data)
    yield store
    store.close()


@pytest.fixture(scope="module")
def desk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Small articles about several events."""
    yield from indexed(tmp_path_factory, DESK)


def group_values(found: FigureLookup) -> list[list[float]]:
    return sorted(sorted(f.value for f in g.figures) for g in found.groups)


def values_found(store: Store, topic: str) -> set[float]:
    """Every value a lookup of topic finds, in whatever group."""
    return {f.value for g in lookup_figures(store, HashEmbedder(), topic).groups for f in g.figures}


@pytest.mark.parametrize("topic", ["deaths", "killed", "death toll", "people killed"])
def test_death_counts_are_found_by_any_word_for_them_and_split_by_story(
    desk_store: Store, topic: str
) -> None:
    found = lookup_figures(desk_store, HashEmbedder(), topic)
    assert group_values(found) == [[55, 80], [60]]  # Maui's toll apart from the quake's


def test_a_topics_other_words_narrow_a_match_by_its_head_noun(desk_store: Store) -> None:
    assert group_values(lookup_figures(desk_store, HashEmbedder(), "unemployment rate")) == [[3.5]]
    assert group_values(lookup_figures(desk_store, HashEmbedder(), "interest rate")) == [[5.25]]


def test_the_same_value_from_two_outlets_is_one_group(desk_store: Store) -> None:
    found = lookup_figures(desk_store, HashEmbedder(), "inflation")
    assert group_values(found) == [[2, 2]]
    assert found.groups[0].summary == "2% reported, by 2 sources"


DESK_2 = {
    "rates.txt": "Rates\n\nThirty-year fixed mortgage rates hit a high of 4.21%. The unemployment "
    "rate fell to 3.5%. Hotel rates dipped 2%.",
    "fire.txt": "Fire and jobs\n\nThe fire had burned more than 600 acres. Employers added 528,000 "
    "jobs in July. More than 2,700 structures were destroyed. About 1,000 people remain missing. "
    "Wind speeds reached 185 mph. "
    "Some 300 people were evacuated. About 40 people attended a vigil.",
    "heat.txt": "Heat\n\nEven Los Angeles could hit 100 degrees with Death Valley potentially "
    "hitting 125.",
    "changes.txt": "Changes\n\nThe jobless rate fell from 3.7% to 3.4%. OhioHealth is eliminating "
    "637 jobs. China is home to seven of the top ten ports. About 14,000 customers were without "
    "power. Some 1.85 million customers were without running water.",
    "tornado-2023.md": "---\ndate: 2023-03-26\n---\nTornado outbreak\n\nThe tornado outbreak in "
    "Mississippi killed 26 people, officials said of the tornado outbreak.",
    "tornado-2024.md": "---\ndate: 2024-05-20\n---\nTornado outbreak\n\nThe tornado outbreak in "
    "Mississippi killed 12 people, officials said of the tornado outbreak.",
    "amazon.txt": "Amazon cuts\n\nAmazon plans to lay off about 10,000 employees. The company has "
    "more than 1.5 million employees worldwide.",
    "tech.txt": "Tech layoffs\n\nTwitter is laying off 3,700 staff. Salesforce will cut 10% of its "
    "workforce. Meta is cutting 1,200 jobs. The mother of four had been laid off in May.",
}


@pytest.fixture(scope="module")
def desk_2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from indexed(tmp_path_factory, DESK_2)


@pytest.mark.parametrize(
    ("topic", "wanted", "unwanted"),
    [
        ("mortgage rates", {4.21}, {3.5, 2}),  # its own qualifier says which rate it is
        ("unemployment rate", {3.5}, {4.21, 2}),
        ("jobs added", {528000}, {637}),  # "jobs" is the head, "added" says which jobs
        ("homes destroyed", set(), {7}),  # "China is home to seven of the top ten ports"
        ("customers without power", {14000}, {1.85e6}),
        ("jobless rate", {3.7, 3.4}, {3.5, 4.21}),  # both ends of "fell from 3.7% to 3.4%"
        ("structures destroyed", {2700}, set()),
        ("missing", {1000}, {40, 300}),
        ("people evacuated", {300}, {40, 1000}),  # what befell them, not "people"
        ("acres burned", {600}, set()),  # a measure is found by its unit
        ("wind speed", {185}, {600}),  # and by what its unit measures
        ("killed", {26, 12}, {125}),  # "Death Valley potentially hitting 125" is a place
        ("layoffs", {10000}, {1.5e6}),  # "lay off 10,000 employees", not the whole staff
        # staff, a workforce's share and jobs laid off or cut; not a mother's four children
        ("layoffs", {3700, 10, 1200}, {4}),
        ("laid off", {10000}, {1.5e6}),
        ("employees", {10000, 1.5e6}, set()),
    ],
)
def test_topics_find_what_they_name_and_not_their_neighbours(
    desk_2: Store, topic: str, wanted: set[float], unwanted: set[float]
) -> None:
    found = values_found(desk_2, topic)
    assert wanted <= found and not unwanted & found


def test_reports_a_year_apart_are_not_one_group(desk_2: Store) -> None:
    found = lookup_figures(desk_2, HashEmbedder(), "killed")  # ("deaths" hashes as "jobs")
    assert group_values(found) == [[12], [26]]  # the same words, two outbreaks


@pytest.fixture(scope="module")
def storm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from indexed(
        tmp_path_factory,
        {
            "storm.txt": "Hurricane nears\n\nForecasters warned of a storm surge of up to 15 feet "
            "along the coast. Waves of 30 feet were reported offshore. The bridge stands 200 feet "
            "above the river. Rain totals reached 10 inches. Snow piled 20 inches deep in the "
            "hills. Wildfires have consumed 1 million acres.",
        },
    )


@pytest.mark.parametrize(
    ("topic", "wanted"),
    [
        ("storm surge", {15}),  # a thing measured in feet: its sentence must say it
        ("rainfall", {10}),  # "rain" says rainfall; snow does not
        ("height", {15, 30, 200}),  # what feet measure in general: every height
        ("acres burned", {1e6}),  # "consumed" says burned
    ],
)
def test_a_unit_finds_only_the_things_a_topic_names(
    storm: Store, topic: str, wanted: set[float]
) -> None:
    assert values_found(storm, topic) == wanted


@pytest.fixture(scope="module")
def forecast(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from indexed(
        tmp_path_factory,
        {
            "forecast.txt": "Storm nears\n\nUp to a foot of snow could sweep across parts of "
            "Maine, AccuWeather said. Boston was expecting up to 8 inches. Some snow will fall in "
            "the hills, but a change to rain will hold down totals. Hartford could get 2 inches. "
            "Rain totals reached 3 inches in Providence. Worcester had 4 inches. More rain is "
            "due tonight. Hailstones of up to 1.5 inches are possible. The gunman was sentenced "
            "in March. He had worked at the plant for 15 years.",
        },
    )


@pytest.mark.parametrize(
    ("topic", "wanted"),
    [
        ("snowfall", {8}),  # the sentence before names the snow, and nothing else in inches
        ("rainfall", {3, 4}),  # "snow ... but a change to rain": neither for Hartford's 2
        ("hail", {1.5}),  # its own sentence names hail, whatever the one before says
        ("prison sentence", set()),  # years are no term for the sentence before
    ],
)
def test_inches_may_leave_what_they_measure_to_the_sentence_before(
    forecast: Store, topic: str, wanted: set[float]
) -> None:
    assert values_found(forecast, topic) == wanted


def test_what_a_measure_is_of_says_which_precipitation_it_is(tmp_path: Path) -> None:
    text = (
        "Thaw\n\nBuffalo faces a risk of flooding as rising temperatures melt the snow and 1 "
        "to 2 inches of rain is forecast. The Northeast braced for heavy rainfall days after a "
        "storm dropped up to 22 inches of snow."
    )
    _, data = index_files(tmp_path, {"thaw.txt": text})
    store = open_store(data)
    assert values_found(store, "snowfall") == {22}  # "1 to 2 inches of rain" beside the snow
    assert values_found(store, "rainfall") == {1, 2}  # "22 inches of snow" beside the rainfall
    store.close()


def test_snow_in_feet_is_snowfall_but_not_an_elevation_or_a_spacing(tmp_path: Path) -> None:
    text = (
        "Blizzard\n\nThe storm dumped up to 5 feet of snow in the Sierra. Snow is likely "
        "above 8,000 feet tonight. The heavy snowfall, totaling almost 12 feet in December, "
        "closed roads. The resort sits at 9,000 feet and got more snow. Skiers lined up 6 feet "
        "apart in the snow. Waves of 30 feet were reported offshore. A storm surge of up to 20 "
        "feet above sea level hit the Keys."
    )
    _, data = index_files(tmp_path, {"blizzard.txt": text})
    store = open_store(data)
    assert values_found(store, "snowfall") == {5, 12}
    assert values_found(store, "snow") == {5, 12}
    assert values_found(store, "waves") == {30}
    assert values_found(store, "storm surge") == {20}  # a height it is "of", wherever it lies
    store.close()


@pytest.fixture(scope="module")
def trial(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from indexed(
        tmp_path_factory,
        {
            "trial.txt": "Gunman sentenced\n\nThe gunman who killed Madison Mogen, 21, and Ethan "
            "Chapin, 20, was sentenced to 30 years in prison. Prosecutors had asked for 40 years.",
        },
    )


def test_ages_are_never_grouped_with_durations(trial: Store) -> None:
    assert group_values(lookup_figures(trial, HashEmbedder(), "years")) == [[30, 40]]
    assert group_values(lookup_figures(trial, HashEmbedder(), "age")) == [[20, 21]]


def test_a_prison_term_labelled_by_its_unit_is_found_by_its_sentence(trial: Store) -> None:
    assert group_values(lookup_figures(trial, HashEmbedder(), "prison sentence")) == [[30]]


def test_a_span_of_time_that_says_when_is_no_prison_term(tmp_path: Path) -> None:
    text = (
        'Vigil held\n\nThe shooter was sentenced to 25 years in prison. "They shoot first and '
        "think later. Twenty or 30 years later, sitting in a jail cell thinking about how they "
        "shouldn't have done that.\" Two years ago, his brother left jail."
    )
    _, data = index_files(tmp_path, {"vigil.txt": text})
    store = open_store(data)
    assert group_values(lookup_figures(store, HashEmbedder(), "prison sentence")) == [[25]]
    assert [2] in group_values(lookup_figures(store, HashEmbedder(), "years"))  # still years
    store.close()


def test_figures_about_different_subjects_are_not_one_group(tmp_path: Path) -> None:
    text = (
        "Tech layoffs\n\nThe 12,000 job cuts announced Friday represent more than 6% of total "
        "staff. New layoff notifications for about 8,000 employees began Wednesday – just "
        "months after an initial round of 10,000 job cuts. Also on Wednesday, Microsoft "
        "announced 10,000 job cuts, or nearly 5% of its workforce. And Facebook parent Meta "
        "announced 11,000 job cuts, or 13% of its workforce, in November."
    )
    _, data = index_files(tmp_path, {"layoffs.txt": text})
    store = open_store(data)
    found = lookup_figures(store, HashEmbedder(), "job cuts")
    # Microsoft's and Meta's apart; the cuts whose sentences name no one stay together, as
    # before owners were read (split by value, equal figures of different places or days would
    # read as sources agreeing).
    assert sorted(group_values(found)) == [[10000], [10000, 12000], [11000]]
    store.close()


def test_a_leader_s_figures_are_his_country_s_where_his_article_says_he_leads_it(
    tmp_path: Path,
) -> None:
    story = " Russia's mobilisation of reservists for the war in Ukraine goes on."
    files = {
        "putin.txt": "Mobilisation\n\nOn Wednesday, Russian President Vladimir Putin spoke. "
        "Vladimir Putin announced 300,000 reservists would be called up." + story,
        "kremlin.txt": "Mobilisation\n\nThe Kremlin has mobilised 300,000 reservists." + story,
        "kyiv.txt": "Mobilisation\n\nThe Ukrainian leader spoke. Vladimir Putin ordered 300,000 "
        "reservists to report." + story,
    }
    _, data = index_files(tmp_path, files)
    store = open_store(data)
    found = lookup_figures(store, HashEmbedder(), "reservists")
    # Putin's and the Kremlin's are one owner's where his article calls him Russia's
    # president; where it does not, his figure stays Putin's, with his other figure.
    assert [sorted(Path(f.source.path).name for f in g.figures) for g in found.groups] == [
        ["kremlin.txt", "kyiv.txt", "putin.txt"]
    ]
    store.close()


def index_files(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path]:
    """The files written to tmp_path/in and indexed into tmp_path/data: (folder, data)."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    data = tmp_path / "data"
    build_index([str(folder)], data, HashEmbedder())
    return folder, data


def test_phrase_vectors_outlive_the_process_and_a_folder_that_refuses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, data = index_files(tmp_path, DESK)
    store = open_store(data)
    first = CountingEmbedder()
    lookup_figures(store, first, "deaths")
    assert len(first.texts) > 5 and (data / "phrases.db").exists()
    monkeypatch.setattr(phrase_vectors, "_CACHE", {})  # as a new process starts
    again = CountingEmbedder()
    assert group_values(lookup_figures(store, again, "deaths")) == [[55, 80], [60]]
    assert again.texts == ["deaths"]  # the phrases came from phrases.db
    (data / "phrases.db").unlink()
    (data / "phrases.db").mkdir()  # a file that cannot be opened: embed, answer, go on
    monkeypatch.setattr(phrase_vectors, "_CACHE", {})
    assert group_values(lookup_figures(store, CountingEmbedder(), "deaths")) == [[55, 80], [60]]
    store.close()


def test_figures_read_once_are_read_again_after_an_index_run(tmp_path: Path) -> None:
    folder, data = index_files(tmp_path, {"a.txt": DESK["maui-1.txt"]})
    store = open_store(data)
    assert group_values(lookup_figures(store, HashEmbedder(), "killed")) == [[55]]
    (folder / "b.txt").write_text(DESK["maui-2.txt"], "utf-8")
    build_index([str(folder)], data, HashEmbedder())
    assert group_values(lookup_figures(store, HashEmbedder(), "killed")) == [[55, 80]]
    store.close()


def test_many_articles_are_split_by_story_in_one_pass(
    desk_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figure_lookup, "MAX_STORY_ARTICLES", 1)
    found = lookup_figures(desk_store, HashEmbedder(), "killed")
    assert group_values(found) == [[55, 80], [60]]


def test_figures_read_once_follow_a_rename(tmp_path: Path) -> None:
    folder, data = index_files(tmp_path, {"fire-a.txt": DESK["maui-1.txt"]})
    corpus = open_corpus(data, HashEmbedder())
    figures = IndexFigures(corpus.current_store, HashEmbedder())
    assert all_figures(corpus.current_store())[0].source.path.endswith("fire-a.txt")
    (folder / "fire-a.txt").rename(folder / "fire-z.txt")  # a name of the same length
    build_index([str(folder)], data, HashEmbedder(), prune=True)
    assert all_figures(corpus.current_store())[0].source.path.endswith("fire-z.txt")
    assert values(figures.lookup("killed")) == [55]
    corpus.close()


def test_figures_read_once_follow_a_rebuild(tmp_path: Path) -> None:
    folder, data = index_files(tmp_path, {"fire.txt": DESK["maui-1.txt"]})
    corpus = open_corpus(data, HashEmbedder())
    figures = IndexFigures(corpus.current_store, HashEmbedder())
    assert values(figures.lookup("killed")) == [55]
    (folder / "fire.txt").write_text(DESK["maui-1.txt"].replace("55", "47"), "utf-8")
    build_index([str(folder)], data, HashEmbedder(), rebuild=True)  # same counts
    assert values(figures.lookup("killed")) == [47]
    corpus.close()


def _figure(n: int, what: str) -> Figure:
    source = Source(f"{n}.txt", None, None, None, None, None)
    return Figure(n, float(n), str(n), None, what, None, None, "", 0, 0, source)


def _at(degrees: float) -> np.ndarray:
    return np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])


def test_what_phrases_cluster_around_a_leader_not_along_a_chain() -> None:
    # "troops" ~ "fighters" ~ "fighter jets" pair by pair, but jets are no troops.
    found = [_figure(1, "troops"), _figure(2, "troops"), _figure(3, "fighters")]
    found.append(_figure(4, "fighter jets"))
    vectors = {"troops": _at(0), "fighters": _at(35), "fighter jets": _at(70)}
    cluster = _what_clusters(found, vectors)
    assert cluster["troops"] == cluster["fighters"] != cluster["fighter jets"]
    # Two parties are close in meaning but never one count; two words for babies are.
    found = [_figure(1, "House Republicans"), _figure(2, "Democrats"), _figure(3, "babies")]
    found.append(_figure(4, "infants"))
    vectors = {"House Republicans": _at(0), "Democrats": _at(10), "babies": _at(90)}
    vectors["infants"] = _at(95)
    cluster = _what_clusters(found, vectors)
    assert cluster["House Republicans"] != cluster["Democrats"]
    assert cluster["babies"] == cluster["infants"]


def test_figures_of_earlier_years_stand_apart_after_the_storys_own(tmp_path: Path) -> None:
    text = (
        "Blizzard death toll\n\nThe blizzard has killed 39 people in Buffalo, officials said. "
        "Another report said 34 people died in the storm. The blizzard in January 1977 "
        "killed 29 people over four days. Forecasters recalled the 1993 Storm of the Century, "
        "which killed more than 200 people."
    )
    meta = json.dumps({"date": "2022-12-24"})
    _, data = index_files(tmp_path, {"blizzard.txt": text, "blizzard.meta.json": meta})
    store = open_store(data)
    found = lookup_figures(store, HashEmbedder(), "deaths")
    # One group would read as outlets disagreeing between 29 and 200 deaths.
    assert [sorted(f.value for f in g.figures) for g in found.groups] == [[34, 39], [29], [200]]
    assert [g.year for g in found.groups] == [None, 1977, 1993]
    assert found.groups[1].summary == "29 people killed in 1977 reported in Blizzard death toll"
    store.close()


def test_a_list_of_places_tolls_is_one_group_per_place(tmp_path: Path) -> None:
    text = (
        "Winter storm\n\nAt least 22 people have died since Wednesday across seven states.\n\n"
        "• Kansas: Three people have died in weather-related traffic accidents, police said.\n\n"
        "• Ohio: Eight people have died as a result of weather-related auto accidents.\n\n"
        "In Kentucky, four people died due to the storm, the governor said.\n"
    )
    _, data = index_files(tmp_path, {"storm.txt": text})
    store = open_store(data)
    # One group would read as outlets disagreeing between 3 and 22 deaths.
    found = lookup_figures(store, HashEmbedder(), "deaths")
    assert sorted(group_values(found)) == [[3], [4], [8], [22]]
    store.close()
