"""The /figure chart: one mark per report, one panel per group, PNG bytes."""

from __future__ import annotations

from dataclasses import replace

from figure_fakes import GROUP, HOSTILE, TIME

from bot.charts import MAX_MARKS, MAX_PANELS, chart_filename, chart_png, draw_chart, row_label
from index.figure_lookup import FigureGroup, FigureLookup


def marks(found: FigureLookup) -> list[int]:
    """The number of scatter points in each panel of the chart."""
    fig = draw_chart(found)
    return [sum(len(c.get_offsets()) for c in ax.collections) for ax in fig.axes]


def test_one_mark_per_report_and_one_panel_per_group() -> None:
    aid = replace(TIME, id=9, text="$400 million", value=4e8, what="aid", claimant="$ Austin")
    groups = (GROUP, FigureGroup("$400 million aid reported by $ Austin", "aid", None, (aid,)))
    found = FigureLookup("troops", groups)
    assert marks(found) == [2, 1]
    fig = draw_chart(found)
    assert fig.get_suptitle() == "troops"
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [row_label(TIME), row_label(HOSTILE)]
    assert labels[1] == "<!channel> & <@U1> · Newslooks · 2024-10-22"
    assert fig.axes[1].get_title(loc="left") == r"\$400 million aid reported by \$ Austin"


def test_the_png_is_drawn_even_with_dollar_signs() -> None:
    aid = replace(TIME, text="$400 million", value=4e8, claimant="$ Austin")
    png = chart_png(FigureLookup("$aid$", (FigureGroup("$", "aid", None, (aid,)),)))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_the_biggest_groups_are_drawn_with_a_bounded_number_of_marks() -> None:
    many = tuple(replace(TIME, id=i, value=1000 + i) for i in range(MAX_MARKS + 5))
    groups = (FigureGroup("many", "x", None, many),) + (GROUP,) * (MAX_PANELS + 2)
    assert marks(FigureLookup("troops", groups)) == [MAX_MARKS] + [2] * (MAX_PANELS - 1)


def test_chart_filenames_are_safe() -> None:
    assert chart_filename("North Korean troops") == "figures-north-korean-troops.png"
    assert chart_filename("<!channel> ../../etc") == "figures-channel-etc.png"
    assert chart_filename("日本") == "figures-topic.png"


def test_a_cut_panel_still_shows_every_value_and_says_how_many_were_left_out() -> None:
    same = tuple(replace(TIME, id=i, value=3000) for i in range(MAX_MARKS + 3))  # 23 of 3,000
    highest = (replace(TIME, id=90, value=12000), replace(TIME, id=91, value=11000))
    group = FigureGroup("3,000 to 12,000 soldiers reported", "soldiers", None, same + highest)
    fig = draw_chart(FigureLookup("troops", (group,)))
    (ax,) = fig.axes
    values = sorted({x for c in ax.collections for x, _ in c.get_offsets()})
    assert values == [3000, 11000, 12000]  # the highest reports are not the ones dropped
    assert ax.get_title(loc="left").endswith(f"(+{len(same) + 2 - MAX_MARKS} more not drawn)")
