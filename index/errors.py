"""Errors a user can cause; the CLI prints each as one line, never a traceback."""


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
    text = " ".join(value.split())
    if not text:
        raise BadInput(f"the {what} is empty")
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # undecodable bytes, as Python keeps them
        raise BadInput(f"the {what} is not valid UTF-8 text")
    if len(text) > limit:
        raise BadInput(f"the {what} is too long ({len(text)} characters; the limit is {limit})")
    return text
