"""What kind of answer a question's wording asks for, and whether a sentence holds one.

"How many ..." asks for a quantity, "when ..." for a date, "what did X say ..." for words said.
A quote whose best sentence holds no such expression cannot answer the question, however close
it is in words or meaning ("When did Kim visit Moscow?" against a sentence on their ties with no
date in it), so search withholds the answer (index/search.py, `Searcher._judge`).
"""

from __future__ import annotations

import re

# The wordings that ask for a quantity or a date, and the expressions that answer them.
_ASKS_QUANTITY = re.compile(
    r"\bhow (?:many|much|big|large|long|far|old|high|heavy|tall|deep|wide)\b|"
    r"\bwhat (?:share|percentage|proportion|number|amount)\b",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(
    r"^\W*(?:since |until |till |by |from )?when\b|"
    r"\b(?:what|which) (?:year|date|month|day|time|week|decade|century)\b|\bhow long ago\b",
    re.IGNORECASE,
)
QUANTITY = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|"
    r"billions?|trillions?|dozens?|half|third|quarter|several|double|twice|triple)\b",
    re.IGNORECASE,
)
# "What did X say / tell / announce...": the answer reports words, in quotation marks or after a
# verb of saying.
_ASKS_STATEMENT = re.compile(
    r"\bwhat (?:did|does|do|has|have|had|will|would) .*\b(?:say|tell|said|told|announce|"
    r"declare|claim|state|write|reply|comment)\b",
    re.IGNORECASE,
)
STATEMENT = re.compile(
    r"[\"“”]|(?i:\b(?:sa(?:y|ys|id|ying)|t(?:ell|ells|old)|stat(?:e|es|ed|ing|ement)|"
    r"not(?:ed|es|ing)|add(?:s|ed|ing)|urg(?:e|es|ed|ing)|"
    r"(?:declar|announc|warn|claim|insist|assur|stress|emphasi[sz]|criticiz|criticis|"
    r"dismiss|call|describ|remark|reveal|confirm|deni|argu|explain|express|mention|"
    r"suggest|condemn|acknowledg|comment|respond|repli|characteriz|characteris|accus)\w*|"
    r"spokes(?:man|woman|person)|according to)\b)"
)
# Month names are matched with their capital ("May" but not "may"); the rest in any case.
DATE = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\b|\bMay \d|\b(?:in|of|since|until|by|early|late|mid-) May\b|"
    r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}:\d\d\b|\d ?(?:[ap]\.m\.|[AaPp][Mm])\b|"
    r"(?i:\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tomorrow|tonight)\b|"
    r"\b(?:last|this|next|past|coming|previous|same|that|the following) "
    r"(?:week|weekend|month|year|decade|summer|winter|spring|autumn|fall|morning|night)\b|"
    r"\b(?:days?|weeks?|months?|years?|decades?) (?:ago|earlier|later)\b|"
    r"\b(?:in|over|during|since|by|until|this|last|next) (?:the )?"
    r"(?:summer|winter|spring|autumn)\b|"
    r"\b(?:end|start|beginning|middle|turn) of (?:the |this |that |next |last )?"
    r"(?:week|month|year|decade|century)\b|\bcentury\b)"
)


def answer_kind(question: str) -> re.Pattern[str] | None:
    """The expression an answer to question must hold (quantity, date, words said), None for
    any."""
    if _ASKS_QUANTITY.search(question):
        return QUANTITY
    if _ASKS_DATE.search(question):
        return DATE
    if _ASKS_STATEMENT.search(question):
        return STATEMENT
    return None
