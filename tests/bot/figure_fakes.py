"""Hand-built figures from the seed articles, for the /figure block and chart tests."""

from __future__ import annotations

from fakes import TIME_NEWS, TROOPS_KEY, US_WARNS, seed_source, seed_text

from index.figure_lookup import Figure, FigureGroup

KIRBY = (
    "John Kirby, the White House national security spokesman, confirmed that at least 3,000 "
    "North Korean soldiers had already arrived in Russia earlier this month."
)


def seed_figure(
    fid: int, name: str, sentence: str, text: str, value: float, **kw: object
) -> Figure:
    """A figure whose sentence is the exact text `sentence` of seed `name`."""
    start = seed_text(name).index(sentence)
    fields: dict = {
        "unit": None,
        "what": "North Korean soldiers",
        "hedge": None,
        "claimant": None,
        **kw,
    }
    return Figure(
        id=fid,
        value=value,
        text=text,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        source=seed_source(name),
        **fields,  # type: ignore[arg-type]
    )


TIME = seed_figure(1, TIME_NEWS, TROOPS_KEY, "12,000", 12000, hedge="as many as")
# A hostile claimant and an odd `what`, in an article with no url.
HOSTILE = seed_figure(
    2, US_WARNS, KIRBY, "3,000", 3000, hedge="at least", claimant="<!channel> & <@U1>",
    what="soldiers <b>", rate="month",
)  # fmt: skip
GROUP = FigureGroup(
    "3,000 to 12,000 North Korean soldiers reported, by 2 sources",
    "North Korean soldiers",
    None,
    (TIME, HOSTILE),
)
