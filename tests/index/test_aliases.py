"""Other names for a question's names: capitals for their countries, initials spelled out."""

from __future__ import annotations

from index.aliases import all_mentioned_in, mentioned, spelled_out
from index.terms import tokens


def test_a_capital_is_mentioned_by_its_country() -> None:
    words = tokens("South Korea's defense minister said on Monday")
    assert mentioned("Seoul", words)
    assert not mentioned("Pyongyang", words)  # needs both "north" and "korea"
    assert mentioned("Pyongyang", tokens("North Korea denied it"))


def test_a_name_is_mentioned_by_its_prefix() -> None:
    assert mentioned("Zelensky", tokens("President Zelenskyy said"))
    assert not mentioned("Biden", tokens("President Zelenskyy said"))


def test_initials_are_spelled_out_by_the_commonest_phrase() -> None:
    texts = [
        "North Korea sent troops. North Korea denies it.",
        "The North Korean soldiers, the UN Security Council heard,",
    ]
    assert spelled_out("NK", texts) == "North Korea"
    assert spelled_out("NIS", ["South Korea's National Intelligence Service (NIS)"]) == (
        "National Intelligence Service"
    )


def test_initials_are_not_spelled_by_other_initials_or_lower_case() -> None:
    # "UN Security" must not spell "US"; "new kind" is not a name.
    assert spelled_out("US", ["the UN Security Council met"]) is None
    assert spelled_out("NK", ["a new kind of war"]) is None
    # A list of places is not a phrase.
    assert spelled_out("UK", ["bases in Ussuriysk, Khabarovsk and Blagoveshchensk"]) is None


def test_a_long_text_mentions_a_name_as_its_words_would() -> None:
    text = "At the Pentagon, Zelenskyy met officials of North Korea.\nThe sub-Pentagon..."
    for name in ("Zelensky", "Pyongyang", "Pentagon", "Kyiv", "Agon"):
        assert all_mentioned_in([name], text) == mentioned(name, tokens(text)), name
    assert all_mentioned_in(["Pyongyang"], text) and not all_mentioned_in(["Kyiv"], text)
    assert all_mentioned_in(["Pyongyang", "Zelensky"], text)
    assert not all_mentioned_in(["Pyongyang", "Kyiv"], text)
    assert not all_mentioned_in(["Agon"], text)  # "Pentagon" holds it, but does not start with it
    # Any case the text writes a name in, without lower-casing the whole article.
    for written in ("PYONGYANG SAID", "in pyongyang.", "(Pyongyang's)"):
        assert all_mentioned_in(["Pyongyang"], written), written
    assert all_mentioned_in(["Kyiv"], "pro-KYIV") and not all_mentioned_in(["Kyiv"], "SUBKYIV")
