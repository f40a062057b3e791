"""What a figure labelled only by its unit measures, and so which topics find it.

"Wind speeds reached 185 mph" has no counted noun: its label is its unit, "mph". A topic that
names what a unit measures in general ("speed", "temperature", "area") finds every figure in
that unit. A topic that names one thing measured in it ("storm surge", "rainfall", "prison
sentence", "acres burned") finds only the figures whose sentence says that thing: "Waves of 30
feet were reported" and "the bridge stands 200 feet above the river" are in feet, but no storm
surge; "sentenced to 30 years in prison" and "consumed 1 million acres" are found. A weather
story may name the snow in one sentence and measure it in the next ("Heavy snow is forecast.
Boston was expecting up to 8 inches."): for inches, the sentence before may say it. Words
right after the measure say what it measures whatever else its sentence names: "as the snow
melts and 2 inches of rain is forecast" measures rain, not snowfall. A height that says where
something is measures none of its sentence's things: "5 feet of snow" is snowfall, "snow is
likely above 8,000 feet" is not.
"""

from __future__ import annotations

import re

from index.sentences import split_sentences
from index.terms import stem, stems

# Per unit: what its numbers measure in general, and the things often measured in it; each
# thing with the words a sentence may say it by ("gusts" are wind, "rain" is rainfall).
_Measures = tuple[str, dict[str, str]]
_SPEED: _Measures = ("speed", {"wind": "wind winds gust gusts"})
_HEAT: _Measures = ("temperature temperatures heat", {})
_BURNED = "burned burning burnt scorched consumed charred blackened"
_AREA: _Measures = ("area", {"burned": _BURNED, "burn": _BURNED})
# A prison term is often labelled by nothing but its unit: "sentenced to 30 years in prison".
_JAILED = "prison jail imprisonment sentence sentenced sentences sentencing"
_TERM: _Measures = ("", {"prison": _JAILED, "jail": _JAILED, "sentence": _JAILED})
_DISTANCE: _Measures = ("distance", {})
_UNITS: dict[str, _Measures] = {
    "mph": _SPEED, "km/h": _SPEED, "degrees": _HEAT, "°F": _HEAT, "°C": _HEAT,
    "inches": ("", {"rain": "rain rainfall", "rainfall": "rain rainfall",
                    "snow": "snow snowfall", "snowfall": "snow snowfall",
                    "hail": "hail hailstone hailstones"}),
    "feet": ("height", {"surge": "surge surges", "flood": "flood floods flooding floodwaters",
                        "wave": "wave waves swell swells", "snow": "snow snowfall",
                        "snowfall": "snow snowfall"}),
    "miles": _DISTANCE, "km": _DISTANCE,
    "acres": _AREA, "hectares": _AREA, "square miles": _AREA, "years": _TERM, "months": _TERM,
    "days": _TERM,
}  # fmt: skip
# Units whose thing a sentence may leave to the one before. Not a term in years ("...served in
# prison. It was the first such award in 15 years") nor a height in feet ("Waves of 30 feet were
# reported. The bridge stands 200 feet above the river"): those measure something else as often.
_CARRIED = frozenset({"inches"})
# What a measure is "of", right after it or its range: "2 inches of rain", "4 to 8 inches of
# heavy, wet snow".
_OF = re.compile(
    r"(?:\s*(?:to|or|-|–)\s*[\d.,]+\s*[^\W\d_]*)?\s*of\s+([^\W\d_]+(?:,?\s+[^\W\d_]+){0,2})"
)
# A height that says where something is, not how much of it there is: "snow is likely above 8,000
# feet", "the resort sits at 9,000 feet", "lined up 6 feet apart", "13,050 feet above sea level".
_PLACED_BEFORE = re.compile(
    r"(?i:\b(?:above|below|beneath|at)\s+(?:(?:about|around|roughly|some|nearly|almost)\s+)?"
    r"\d[\d,.]*\s*\S*$)"
)
_PLACED_AFTER = re.compile(r"(?i:\s*(?:apart|above sea level|(?:in |of )?elevation)\b)")
# ...but a height something is "of" measures it: "a storm surge of up to 20 feet above sea level"
_HEIGHT_OF = re.compile(
    r"(?i:\bof\s+(?:(?:up to|about|around|nearly|almost|over|more than|some)\s+)?"
    r"\d[\d,.]*\s*\S*$)"
)
_HEIGHTS = frozenset({"feet"})
_GENERAL = {unit: frozenset(stem(w) for w in words.split()) for unit, (words, _) in _UNITS.items()}
_THINGS = {
    unit: {stem(thing): frozenset(stem(w) for w in said.split()) for thing, said in things.items()}
    for unit, (_, things) in _UNITS.items()
}


def unit_needs(topic_stems: frozenset[str], unit: str) -> tuple[frozenset[str], ...] | None:
    """How a topic finds the figures labelled only by `unit`: None when it names nothing the
    unit measures; else, for each thing it names, the words of which the figure's sentence
    must say one (none when it names only what the unit measures in general: "temperature")."""
    things = _THINGS.get(unit, {})
    # One need per thing: "prison sentence" names one term, said by either word.
    named = list(dict.fromkeys(things[s] for s in sorted(topic_stems) if s in things))
    if named or topic_stems & _GENERAL.get(unit, frozenset()):
        return tuple(named)
    return None


def says_things(
    needs: tuple[frozenset[str], ...], unit: str, sentence: str, before: str, after: str
) -> bool:
    """Whether a figure's sentence says each thing a topic names ("storm surge": a surge).
    `after` is the sentence after the figure's number: what the measure is "of" there, if one
    of the unit's things, is all it measures ("2 inches of rain"). In inches, a sentence that
    names none of the unit's things leaves them to the sentence before (the end of `before`),
    when that one names the things asked for and no other: "Some snow will fall, but a change
    to rain..." says which of neither."""
    things = set(_THINGS.get(unit, {}).values())
    of = _OF.match(after)
    named = frozenset(stems(of.group(1))) if of else frozenset()
    if any(words & named for words in things):
        return all(words & named for words in needs)
    lead = sentence[: len(sentence) - len(after)]
    if (
        unit in _HEIGHTS
        and (_PLACED_BEFORE.search(lead) or _PLACED_AFTER.match(after))
        and not _HEIGHT_OF.search(lead)
    ):
        return False
    said = frozenset(stems(sentence))
    if all(words & said for words in needs):
        return True
    if unit not in _CARRIED or any(words & said for words in things):
        return False
    spans = split_sentences(before)
    previous = frozenset(stems(before[spans[-1][0] : spans[-1][1]])) if spans else frozenset()
    return {words for words in things if words & previous} == set(needs)
