"""Errors a user can cause; the CLI prints each as one line, never a traceback."""


class NewsdeskError(Exception):
    """Base for every error meant to reach the user as one clear line."""


class NoIndex(NewsdeskError):
    """There is nothing indexed in the data folder yet."""


class IndexMismatch(NewsdeskError):
    """The saved index does not fit this model, dimension or schema."""


class BadInput(NewsdeskError):
    """A question, topic or path the user gave cannot be used."""
