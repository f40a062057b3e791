"""Whose a figure is: the name in what it counts, or the subject that does what it ends."""

from __future__ import annotations

import pytest

from index.figure_owners import owner, same_owner, tied, ties


def whose(sentence: str, what: str | None = None, before: str = "") -> tuple[str, ...] | None:
    at = next(i for i, c in enumerate(sentence) if c.isdigit())
    return owner(sentence, at, what, before)


@pytest.mark.parametrize(
    ("sentence", "what", "expected"),
    [
        ("Also on Wednesday, Microsoft announced 10,000 job cuts.", "job cuts", ("Microsoft",)),
        ("And Facebook parent Meta announced 11,000 job cuts.", "job cuts", ("Meta",)),
        ("By contrast, Google's 12,000 job cuts hit hard.", "job cuts", ("Google",)),
        ("- North Korea plans to send a total of 10,000 troops.", "troops", ("North", "Korea")),
        (
            "Budanov said 11,000 North Korean soldiers are training.",
            "North Korean soldiers",
            ("North", "Korean"),
        ),
        (
            "By January, Russia had amassed 130,000 troops near Ukraine's border.",
            "troops near Ukraine's border",
            ("Russia",),
        ),
        # a claimant tells the number, it does not own it
        ("John Kirby said 3,000 troops had arrived.", "troops", None),
        ("Pichai said that 12,000 jobs would go.", "jobs", None),
        ("Flooding in western Kentucky killed 37 people.", "people killed", None),
        ("Nearly 30 people died.", "people died", None),
        ("The 12,000 job cuts announced Friday represent 6% of staff.", "job cuts", None),
        # the place a sentence opens with frames what follows: a list item's label, "In X,"
        ("• Kansas: 3 people have died in crashes.", "people died", ("Kansas",)),
        ("• Colorado: Police reported 2 deaths since Thursday.", "deaths", ("Colorado",)),
        ("• Washington, DC: 12 degrees; with minus 3 wind chill", None, ("Washington",)),
        ("In north-central Kansas, 3 people were killed.", "people killed", ("Kansas",)),
        ("And in Ohio, 4 people have died.", "people died", ("Ohio",)),
        ("• New York: Erie County has had 3 storm deaths.", "storm deaths", ("Erie", "County")),
        ("• Update: 40 people were rescued.", "people", None),
        ("In Kentucky, Gov. Andy Beshear said 37 people died.", "people died", ("Kentucky",)),
        # ... up to a clause that turns to a name of its own
        ("In Pakistan, nine died, while Afghanistan reported 200 injured.", "injured", None),
        ("In Ohio, four died; Indiana had 3 deaths.", "deaths", ("Indiana",)),
        ("Crews in Ohio said 40 people were rescued.", "people", None),
    ],
)
def test_an_owner_is_read_only_where_the_sentence_says_it_plainly(
    sentence: str, what: str | None, expected: tuple[str, ...] | None
) -> None:
    assert whose(sentence, what) == expected


def test_a_name_that_starts_a_sentence_must_stand_alone_elsewhere() -> None:
    sentence = "Amazon plans to lay off about 10,000 employees."
    assert whose(sentence, "employees laid off") is None
    assert whose(sentence, "employees laid off", "Shares of Amazon fell.") == ("Amazon",)
    assert whose("Employers added 528,000 jobs.", "jobs", "Employers said so.") is None
    assert whose("New layoffs of 8,000 began.", "layoffs", "She lives in New York.") is None
    # a country is a name wherever it stands
    assert whose("Russia has called up 300,000 reservists.", "reservists") == ("Russia",)
    assert whose("German police arrested 25 people.", "people") == ("German",)
    assert whose("Philippe named 12 ministers.", "ministers") is None
    assert whose("“Overall we’ll see 3 to 4 inches,” he said.", None) is None


def test_owners_are_one_when_one_names_the_other() -> None:
    assert same_owner(("North", "Korea"), ("North", "Korean"))
    assert same_owner(("Hurricane", "Ian"), ("Ian",))
    assert same_owner(("Moscow",), ("Russia",))  # a capital for its country
    assert not same_owner(("North", "Korea"), ("South", "Korea"))
    assert not same_owner(("Microsoft",), ("Meta",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Monday, Russian President Vladimir Putin spoke.",
            [({"Vladimir", "Putin"}, "Russian")],
        ),
        ("Vladimir Putin, the Russian president, spoke.", [({"Vladimir", "Putin"}, "Russian")]),
        ("Then Andy Jassy, Amazon's chief executive, wrote.", [({"Andy", "Jassy"}, "Amazon")]),
        (
            "In a memo, Facebook parent Meta CEO Mark Zuckerberg wrote.",
            [({"Mark", "Zuckerberg"}, "Meta")],
        ),
        # a word that qualifies the holder, or starts a sentence, names no body
        ("Later, Former President Donald Trump spoke.", []),
        ("Although President Joe Biden spoke, no one listened.", []),
        ("Finland\n\nPresident Joe Biden spoke.", []),
        ("Dmitry Peskov, the Russian president's spokesman, spoke.", []),
        # one person, two bodies: neither
        ("As Tesla CEO Elon Musk and as Twitter owner Elon Musk, he spoke.", []),
    ],
)
def test_an_article_ties_a_person_to_the_body_their_title_names(
    text: str, expected: list[tuple[set[str], str]]
) -> None:
    assert [(set(names), " ".join(body)) for names, body in ties(text)] == expected


def test_a_tied_person_is_also_their_body() -> None:
    known = ties("On Monday, Russian President Vladimir Putin spoke.")
    assert tied(("Putin",), known) == (("Putin",), ("Russian",))
    assert same_owner(tied(("Putin",), known)[1], ("Kremlin",))  # the Kremlin is Russia's
    assert tied(("Biden",), known) == (("Biden",),)
