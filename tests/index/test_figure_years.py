"""Which earlier year a reported quantity belongs to (index/figure_years.py)."""

from __future__ import annotations

import pytest

from index.figure_years import past_year

ARTICLE_DATE = "2022-12-24"


def year_of(sentence: str, number: str, article_date: str | None = ARTICLE_DATE) -> int | None:
    start = sentence.index(number)
    return past_year(sentence, start, start + len(number), article_date)


@pytest.mark.parametrize(
    ("sentence", "number", "year"),
    [
        ("The blizzard in January 1977 killed 29 people over four days.", "29", 1977),
        ("In the 1977 storm, 29 people died in four days.", "29", 1977),
        ("In 2003, it came around 4.5 million miles close to Earth.", "4.5 million", 2003),
        ("1990 — George Brett won a batting title in three different decades.", "three", 1990),
        ("House Speaker Nancy Pelosi was elected with 216 votes in 2021.", "216", 2021),
        ("Jackson has 150,000 residents, down from nearly 200,000 in 1990.", "200,000", 1990),
        ("the 1993 Storm of the Century, which killed more than 300 people", "300", 1993),
        ("the drill marks the 1985 tragedy that killed nearly 10,000 people", "10,000", 1985),
        ("Missile launches stayed low: just four in 2020 and eight in 2021.", "eight", 2021),
        ("When Kilauea erupted in 2018, it spewed lava, destroying 700 homes.", "700", 2018),
    ],
)
def test_a_figure_of_an_earlier_year_has_that_year(sentence: str, number: str, year: int) -> None:
    assert year_of(sentence, number) == year


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("The death toll rose to 39, the deadliest storm since 1977.", "39"),  # measured from it
        ("About a quarter of the houses were built before 1940.", "a quarter"),
        ("Support is at 68%, up 14 points from 2014.", "14"),
        ("The rule would cut methane emissions 87% below 2005 levels.", "87%"),
        ("Pelosi, 82, rose to the top of the House caucus in 2002.", "82"),  # a clause away
        ("Jackson has 150,000 residents, down from nearly 200,000 in 1990.", "150,000"),
        ("Licht said in May 2021 that Brady could play until he was 50.", "50"),
        ("Revenue grew from $4 billion in 2013 to over $17 billion last year.", "$17 billion"),
        ("The storm has killed 39 people this week, as it did in 2022.", "39"),  # not earlier
        (  # too far from the number to say when it was
            "Boeing will pay $200 million for misleading the public about the safety of its "
            "plane after two crashes in 2018.",
            "$200 million",
        ),
    ],
)
def test_a_figure_of_the_articles_own_time_has_none(sentence: str, number: str) -> None:
    assert year_of(sentence, number) is None


@pytest.mark.parametrize("article_date", [None, "", "unknown"])
def test_an_undated_article_has_no_earlier_year(article_date: str | None) -> None:
    assert year_of("The blizzard in 1977 killed 29 people.", "29", article_date) is None
