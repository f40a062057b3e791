"""Errors a user can cause; the CLI prints each as one line, never a traceback."""

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # C0 controls and DEL
# A lone surrogate: what Python keeps of undecodable bytes, or JSON's "\ud800" escape (a valid
# pair is one code point in a str). No encoder takes it and no quote of it could be written out.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class NewsdeskError(Exception):
    """Base for every error meant to reach the user as one clear line."""


class NoIndex(NewsdeskError):
    """There is nothing indexed in the data folder yet."""


class IndexMismatch(NewsdeskError):
    """The saved index does not fit this model, dimension or schema."""


class BadInput(NewsdeskError):
    """A question, topic or path the user gave cannot be used."""


def require_text(value: str, what: str, limit: int) -> str:
    """value with its whitespace collapsed; BadInput if it is empty or longer than limit."""
    text = " ".join(_CONTROL.sub(" ", value).split())  # a NUL or a bell is not part of it
    if not text:
        raise BadInput(f"the {what} is empty")
    if LONE_SURROGATE.search(text):
        raise BadInput(f"the {what} is not valid UTF-8 text")
    if len(text) > limit:
        raise BadInput(too_long(what, len(text), limit))
    return text


def too_long(what: str, length: int, limit: int) -> str:
    """The one wording of a length refusal, wherever it is made (CLI, mention, slash command):
    "the question is too long (3,199 characters; the limit is 1,000)"."""
    return f"the {what} is too long ({length:,} characters; the limit is {limit:,})"
