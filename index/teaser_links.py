"""Links to other stories set in an article: a list of them under a header ("Related
stories:"), one set inline as a label glued to its headline ("More:These are the 25 worst
cities..."), one under a label in capitals ("READ: ...") or a labelled headline behind an
arrow ("►Bali travel: Bali welcomes some international flights back..."). Page furniture
(index/furniture.py) leaves them out of passages line by line."""

from __future__ import annotations

import re

# Headers of a list of other stories ("Latest Contents", "Related stories:"). The list runs
# until the story goes on: a line that reads as a paragraph (`resumes`). A header has nothing
# after its colon: "More from ProPublica:You may be paying..." is a link, and "More in
# Hollywood have since spoken out: ..." a sentence.
TEASER_HEADER = re.compile(
    r"""^(?:latest\ (?:contents|news|stories|articles|posts)|
    more\ (?:from|stories|news)\b[^:]{0,40}|related\ (?:articles|posts|stories|content)|
    you\ may\ also\ like|read\ next|
    recent\ posts|popular\ posts|more\ in\ [^:]{0,30}|trending\ stories)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
RESUME_WORDS = 15  # a line this long that ends as a sentence ends a list of other stories
# A bullet or an emoji before a link in a newsletter ("► MORE: ...", "👉 Read more: ..."), not a
# quotation mark, a bracket or a colon.
BULLET = r"(?:[^\w\s\"“”‘’'(\[:]{1,7} ?)?"
# A link to another story set inline: a label glued to its headline by a colon ("More:These are
# the 25 worst cities...", "Fact check:FDA did not...", "'HEALING FOR OUR ANCESTORS':Native
# tribal group...", "Who is Roger Stone?:What to know...", "'So grateful:' Waynesville shop..."),
# a quarter of USA TODAY's articles in RealTimeQA. Prose puts a space after a colon; "Q:" and
# "A:" are too short to be a label; a colon between digits is a time ("At 11:33 a.m. the
# gunman arrived", "before 8:30 a.m."), not a label's.
_TEASER_LINK = re.compile(
    r"^(?:[►»▶➤→▸] ?)?[\"“‘']?[A-Za-z][^.:!?\n]{2,80}[?!]?[\"”’']?"
    r"(?:(?<!\d):[A-Z0-9\"“‘']|:[A-Z\"“‘'])[^\n]*$|"
    r"^(?:[►»▶➤→▸] ?)?[\"“‘'][^\"“”‘’\n]{2,80}:[\"”’'] ?[A-Z][^\n]*$|"
    r"^[►»▶➤→▸] ?(?:Related|More|Read more|See also|Also read|Watch|Listen|Previously)\s*:|"
    # A headline's sentences all go: "🕵️ Keep reading: GOP holds hearing on NYC crime.
    # Democrats say it's to do the bidding for Donald Trump."
    rf"^{BULLET}Keep reading\s*:"
)
# ...unless what follows the label is a paragraph of news: a dateline ("Salem:Oregon reported
# far fewer coronavirus cases in the week ending Sunday, adding 1,688 new cases...") or a
# label of the story's own ("What happened:Steven Tyler... sent Trump a cease-and-desist
# letter."), 1,061 such lines in RealTimeQA. A promotion's label still marks a link.
_PARAGRAPH_AFTER_LABEL = 20  # words
_LINK_LABEL = re.compile(
    r"(?i)^\W*(?:more|related|read|opinion|offer from|fact check|previously|watch|listen|see)\b"
)
# A link set behind an arrow, as USA TODAY lists other stories: a headline, with no full stop,
# under a label ("►Amazon Prime discount: Here's how to save 50% on your Amazon membership",
# "► Feb. 20:Did shunning ... drive mom to murder-suicide?"). Its live blogs set their news
# behind arrows too ("► Minnesota has become the 18th state to report at least 1 million
# coronavirus cases."), and its fact boxes their entries ("► Famous landmarks: Rock 'n' Roll Hall
# of Fame"): a line that ends as a sentence, or a label's entry of a few words, stays. A question
# with no label stays too: as many are a subhead or a columnist's lead-in ("➤ Which Trumps
# weddings included Mar-a-Lago?", "► You want a feel-good story in the WBC?") as are links.
_ARROW_HEADLINE = re.compile(r"^[►»▶➤→▸] ?[^:\n]{2,60}:(?P<headline>.+)$")
_HEADLINE_WORDS = (7, 20)  # after the label
# A link to another story under a label in capitals ("READ: Arizona actress stars in ...",
# "NEWSLETTER: Get the latest sports news straight to your inbox", "OPINION: USGA fails game
# by ...") or one that says the story goes on after it ("IN PICTURES: 30 cool aviation photos
# (story continues below)"). A speaker in a transcript ("BIDEN: I was asked to bring 156,000
# troops home") or a fact box's label ("WINNER: Taylor Swift, ...") is no link.
_CAPS_TEASER = re.compile(
    r"^(?:READ|WATCH|LISTEN|VIDEOS?|PHOTOS?|GALLERY|PODCAST|NEWSLETTER|INTERACTIVE|OPINION|"
    r"IN PICTURES|IN PHOTOS|MORE|RELATED|ALSO READ|SEE ALSO|SUBSCRIBE|SIGN UP) ?: |"
    r"\(story continues below\)\s*$"
)


def resumes(line: str) -> bool:
    """Whether a line after a list of other stories is the story again: a paragraph, not a
    headline or a teaser's excerpt cut short ("...with more than half of the island…")."""
    end = line.rstrip()
    return len(line.split()) >= RESUME_WORDS and end[-1] in ".!?\"'”’)" and not end.endswith("...")


def is_link(line: str) -> bool:
    """Whether a stripped line is a link to another story, not a labelled paragraph."""
    return (
        _CAPS_TEASER.search(line) is not None or _is_teaser_link(line) or _is_arrow_headline(line)
    )


def _is_teaser_link(line: str) -> bool:
    """A link to another story set inline (`_TEASER_LINK`), not a labelled paragraph."""
    if not _TEASER_LINK.match(line):
        return False
    if _LINK_LABEL.match(line):
        return True
    colon = line.find(":")
    after = line[colon + 1 :]
    return not (len(after.split()) >= _PARAGRAPH_AFTER_LABEL and resumes(after))


def _is_arrow_headline(line: str) -> bool:
    """A headline behind an arrow (`_ARROW_HEADLINE`), not a bullet of news or a fact box's."""
    found = _ARROW_HEADLINE.match(line)
    if found is None or line[-1] in ".!\"'”’)…:":
        return False
    low, high = _HEADLINE_WORDS
    return low <= len(found["headline"].split()) <= high
