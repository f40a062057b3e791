"""Sentences about an article rather than its story: its writers' contacts and bios, credits,
notes of updates and corrections, disclosures, pointers to the rest. Page furniture
(index/furniture.py) leaves them out of passages one sentence at a time."""

from __future__ import annotations

import re

# Sentences about the article rather than the story, which go alone (a live blog's entry
# ends "... Contributing: Reuters"): its writers' contacts and bios, credits, notes of updates
# and corrections, disclosures, pointers to the rest ("Story continues below"). 13,000 such
# sentences stood in RealTimeQA's story text.
NOTE_SENTENCE = re.compile(
    # "Follow Jordan Mendoza on Twitter: @jordan_mendoza5.", "Contact Kevin at k@x.com."
    r"(?i:^\W{0,3}(?:follow|contact|reach|e-?mail|message|connect with|got a (?:tip|story idea)|"
    r"have (?:a|an) (?:tip|idea|question)|send (?:him|her|them|us))\b.{0,200}?"
    r"(?:@\w|\b(?:twitter|facebook|instagram|threads|bluesky|linkedin|tiktok|substack|e-?mail)\b|"
    r"\(?\d{3}\)?[ -.]\d{3}-\d{4}))|"
    # "Natalie Alund is a senior reporter for USA TODAY.", "Eric Lagatta covers ... for ..."
    # (a two-word name: "Gershkovich is an American journalist at the Wall Street Journal" is
    # the story of a journalist)
    r"^[A-Z][\w.'’-]+\s(?:[A-Z][\w.'’-]*\s){1,3}(?:is|serves as)\s+(?:a|an|the|USA TODAY's|"
    r"CNN's)\s+(?:[\w,'’-]+\s){0,8}?(?:reporter|writer|editor|columnist|correspondent|"
    r"journalist|contributor)s?\b.{0,150}?\b(?:for|at|with|of|on)\s+(?:USA TODAY|CNN|"
    r"The Week|the\s+[A-Z]|[A-Z])|"
    r"^[A-Z][\w.'’-]+\s(?:[A-Z][\w.'’-]*\s){1,3}(?:covers|writes about|reports on)\b.{0,150}\bfor "
    r"(?:USA TODAY|CNN|the [A-Z][\w ]{2,40}|[A-Z]\w+)|"
    # Credits: "Josh Meyer contributed to this report.", "From USA TODAY Network and wire
    # reports", "Contributing: Reuters"
    r"^.{0,150}\bcontributed (?:reporting )?(?:to|for) (?:this|these) "
    r"(?:report|story|article|reports)\W*$|"
    r"^\W{0,2}(?:From )?USA TODAY Network and wire reports\b|"
    r"(?i:^\W{0,2}(?:Contributing|Additional reporting)(?: by)?\s*[:\-—])|"
    # "This story has been updated...", "Correction: ...", "Editor's Note: ..."
    r"^\W{0,2}(?:This|The) (?:story|article|report|post|piece|headline|page)"
    r"(?: and (?:its )?headline)? (?:has|have|had) been "
    r"(?:updated|corrected|edited|changed|clarified|revised)|"
    r"^\W{0,2}This (?:story|article) (?:was|is) originally (?:published|posted)|"
    r"^\W{0,2}(?:CORRECTION|Correction|Clarification|CLARIFICATION)\s*[:\-—–]|"
    # (an editor's note may carry news: "After this story was published, Summerfest announced")
    r"^\W{0,2}(?:Editor['’]s [Nn]ote|EDITOR['’]S NOTE|Editors note)\s*[:\-—–]\s*"
    r"(?:This (?:page|story|article)|The (?:views|opinions)|An? (?:previous|earlier) version|"
    r"Sign up|Watch|Listen|(?:[A-Z][\w.'’-]*\s){1,4}is an?\s)|"
    r"\bAn? (?:earlier|previous|prior) version of (?:this|the|a) "
    r"(?:story|article|report|post|headline|editorial)\b|"
    r"\bThis (?:article|story) is (?:republished|reprinted) from\b|"
    # Disclosures, opinion notes, pointers, podcast transcripts
    r"(?i:\b(?:may earn (?:an affiliate fee|a commission|revenue)|earn us a commission|"
    r"content partner offering|has a disclosure policy|under a Creative Commons license|"
    r"(?:fact[- ]check|coverage at USA TODAY)(?: work)? is (?:supported|made possible) in part "
    r"by a grant)\b)|"
    r"\bThe (?:views|opinions) expressed in this (?:commentary|article|column|piece) are\b|"
    r"^\W*Follow CNN Opinion\b|"
    r"(?i:^\W*story continues (?:below|after|on)\b|^\W*read the full (?:story|article)\b.{0,80}$|"
    r"\bhit play on the player (?:above|below)\b|\bthis transcript was automatically generated\b|"
    r"^\W{0,3}need a (?:news )?break\?|\bplay the USA TODAY (?:daily crossword|quick cross)\b)"
)
# What a line holding such a sentence holds (most lines hold none: substrings are cheap to
# look for, and a line is split into sentences only if it holds one).
NOTE_HINTS = (
    *"@ twitter facebook instagram linkedin tiktok bluesky threads substack mail".split(),
    *"contribut covers reporter writer editor columnist correspondent journalist".split(),
    *"producer intern updated corrected edited changed clarified revised published".split(),
    *"posted correction clarification republished reprinted commission disclosure".split(),
    *"grant expressed opinion continues automatically crossword".split(),
    "wire reports",
    "writes about",
    "reports on",
    "version of",
    "creative commons",
    "content partner",
    "full story",
    "full article",
    "hit play",
    "need a",
)
