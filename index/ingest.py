"""Turn files and feeds into Articles, and say why anything was not taken.

Nothing here raises for a bad file: each unreadable, binary, empty, oversized or malformed input
becomes a `Skipped` with one clear reason, and the run goes on with the rest. Metadata that cannot
be used (a sidecar that is not JSON, a field that is no date) becomes an `Ignored`: the article is
indexed without it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from index.errors import LONE_SURROGATE
from index.furniture import body_spans
from index.html_text import extract_html
from index.meta import extract_meta, parse_date
from index.models import Article, Ignored, Meta, Skipped

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5_000_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
FEED_SUFFIXES = (".jsonl", ".jsonl.gz")
SIDECAR_SUFFIX = ".meta.json"
NO_SUCH_PATH = "no such file or folder"
FEED_STOPPED = "feed read stopped"  # the reason that starts a feed's own Skipped: it was cut off
# What follows a feed path in the key of a record without a url: the hash of its text, so that a
# record put above it, or taken out, leaves its key as it was (a line number would shift).
TEXT_KEY = "#sha256:"
_META_FIELDS = ("title", "outlet", "author", "date", "url")
_KINDS = {dict: "a mapping", list: "a list", bool: "true or false"}  # what a field held instead


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text for `parse_date`: one impossible date
    ("date: 2024-13-45") must not cost the front matter's other fields."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def iter_inputs(paths: Iterable[str]) -> Iterator[tuple[str, Path] | Skipped]:
    """Yield (path as given, resolved path) for every candidate file under paths, in order."""
    seen: set[Path] = set()
    for given in paths:
        root = Path(given)
        if not root.exists():
            yield Skipped(given, NO_SUCH_PATH)
            continue
        given = normal_path(given)
        root = Path(given)
        if root.is_file():
            yield from _candidate(given, root, seen, explicit=True)
            continue
        for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
            # Hidden folders (.git, the data folder .newsdesk) hold no articles.
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                shown = os.path.join(dirpath, name)
                yield from _candidate(shown, Path(shown), seen, explicit=False)


def normal_path(given: str) -> str:
    """given without "." and ".." steps ("./seeds/../seeds" is "seeds"), so that another
    spelling of a path shows and stores its articles as before. Not where a symlink makes
    "link/.." another folder than the one the link sits in: then given as it is."""
    normal = os.path.normpath(given)
    if normal == given or Path(normal).resolve() != Path(given).resolve():
        return given
    return normal


def _candidate(
    shown: str, path: Path, seen: set[Path], explicit: bool
) -> Iterator[tuple[str, Path] | Skipped]:
    name = path.name.lower()
    if name.endswith(SIDECAR_SUFFIX) or name.startswith("."):
        return
    if not name.endswith(TEXT_SUFFIXES + FEED_SUFFIXES):
        if explicit or not name.endswith((".json", ".py", ".gz")):
            yield Skipped(shown, f"unsupported file type {path.suffix or '(none)'}")
        return
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # a dangling link or a symlink loop
        yield Skipped(shown, f"cannot resolve path ({exc.__class__.__name__})")
        return
    if resolved in seen:
        return
    seen.add(resolved)
    yield shown, resolved


def reached_as(shown: str) -> str:
    """The file as the run reached it: the path as indexed made absolute, a symlink on the way
    not followed. A removed link no longer reaches its target, so `--prune` drops the article
    read through it, as it does an article whose file is gone."""
    return str(Path(shown).absolute())


def read_articles(shown: str, path: Path, max_bytes: int) -> Iterator[Article | Skipped | Ignored]:
    """Articles from one input file: one for a text file, one per line for a feed. A file that
    trips an error nobody foresaw is skipped with it, not allowed to stop the run."""
    try:
        yield from _read_articles(shown, path, max_bytes)
    except Exception as exc:
        log.exception("unexpected error reading %s", shown)
        yield Skipped(shown, f"could not be read ({exc.__class__.__name__}: {exc})"[:300])


def _read_articles(shown: str, path: Path, max_bytes: int) -> Iterator[Article | Skipped | Ignored]:
    if path.name.lower().endswith(FEED_SUFFIXES):
        yield from _read_feed(shown, path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(shown, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(shown, f"cannot read ({exc.strerror or exc.__class__.__name__})")
        return
    text, problem = decode_text(data)
    if text is None:
        yield Skipped(shown, problem)
        return
    yield from _text_article(shown, path, text)


def decode_text(data: bytes) -> tuple[str | None, str]:
    """The UTF-8 text of data, or None and why it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "UTF-16 text (save it as UTF-8)"
    if b"\x00" in data[:65536]:
        return None, "binary file (contains NUL bytes)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (invalid byte at offset {exc.start})"
    if "\x00" in text:
        return None, "binary file (contains NUL bytes)"
    if not text.strip():
        return None, "empty file"
    return text, ""


def _text_article(shown: str, path: Path, text: str) -> Iterator[Article | Skipped | Ignored]:
    lower = path.name.lower()
    overrides: dict[str, Any] = {}
    body_start = 0
    if lower.endswith((".html", ".htm")):
        text, html_meta = extract_html(text)
        if not text.strip():
            yield Skipped(shown, "no readable text in the HTML")
            return
        overrides.update({k: v for k, v in vars(html_meta).items() if v})
    elif lower.endswith((".md", ".markdown")):
        front, body_start, ignored = _front_matter(text, shown)
        overrides.update(front)
        if ignored:
            yield ignored
    sidecar, ignored = _sidecar(path, shown)
    overrides.update(sidecar)
    if ignored:
        yield ignored
    body = body_spans(text, body_start)
    if not body:
        yield Skipped(shown, "no article text (only headings or page furniture)", str(path))
        return
    meta = _merge(extract_meta(text[body_start:]), overrides)
    yield make_article(str(path), shown, text, meta, body, reached_as(shown))


def make_article(
    key: str, shown: str, text: str, meta: Meta, body: tuple, source_file: str
) -> Article:
    digest = content_hash(text, vars(meta), json.dumps(body))
    return Article(key, shown, text, meta, digest, body, source_file)


def text_digest(text: str) -> str:
    """The hash of an article's text alone (the `text_hash` column)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def feed_line(path: str) -> tuple[str, int] | None:
    """(the feed as shown, the line) of a feed record's path ("feed.jsonl#L12"), else None."""
    shown, _, line = path.rpartition("#L")
    return (shown, int(line)) if shown and line.isdigit() else None


def content_hash(text: str, meta: dict[str, Any], body: str | None) -> str:
    """The hash of what is indexed of an article: its text, its metadata and the spans of its
    story (`body`, as JSON), so that better furniture rules re-index it on the next run, its
    unchanged passages keeping their vectors. body=None gives the hash of indexes written
    before the spans were hashed (text and metadata only)."""
    digest = hashlib.sha256()
    digest.update(text.encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(meta, sort_keys=True).encode())
    if body is not None:
        digest.update(body.encode())
    return digest.hexdigest()


def _front_matter(text: str, shown: str) -> tuple[dict[str, Any], int, Ignored | None]:
    """The front matter's fields, where the body starts, and what of it was ignored."""
    lead = 1 if text.startswith("\ufeff") else 0  # a byte order mark before the "---"
    if not text.startswith("---", lead):
        return {}, 0, None
    end = text.find("\n---", lead + 3)
    if end < 0:
        return {}, 0, None
    close = text.find("\n", end + 4)
    body_start = len(text) if close < 0 else close + 1
    try:
        # The YAML starts on the "---" line, so its line numbers are the file's.
        data = yaml.load(text[lead + 3 : end], Loader=_FrontMatterLoader)  # a SafeLoader
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        return {}, body_start, Ignored(shown, f"front matter ignored: {_yaml_problem(exc)}")
    if data is None:  # "---" and "---" with nothing between
        return {}, body_start, None
    if not isinstance(data, dict):
        return {}, body_start, Ignored(shown, "front matter ignored: not a mapping of fields")
    fields, problems = _read_fields(data)
    return fields, body_start, _fields_ignored(shown, "front matter", problems)


def _yaml_problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    if isinstance(exc, yaml.MarkedYAMLError) and mark is not None:
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1} ({exc.problem})"
    return f"{exc.__class__.__name__}: {exc}"


def _sidecar(path: Path, shown: str) -> tuple[dict[str, Any], Ignored | None]:
    """The sidecar's fields, and what of it was ignored, named by its path as reached."""
    for candidate in (
        path.with_name(path.stem + SIDECAR_SUFFIX),
        path.with_name(path.name + SIDECAR_SUFFIX),
    ):
        if candidate.is_file():
            where = str(Path(shown).with_name(candidate.name))
            try:
                data = json.loads(candidate.read_text("utf-8-sig"))  # as Notepad saves it
            except (OSError, ValueError) as exc:
                return {}, Ignored(where, f"sidecar ignored: {_json_problem(exc)}")
            if not isinstance(data, dict):
                return {}, Ignored(where, "sidecar ignored: not a JSON object")
            fields, problems = _read_fields(data)
            return fields, _fields_ignored(where, "sidecar", problems)
    return {}, None


def _json_problem(exc: OSError | ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (invalid byte at offset {exc.start})"
    if isinstance(exc, OSError):
        return f"cannot read ({exc.strerror or exc.__class__.__name__})"
    return f"invalid JSON ({exc})"  # a number too long to read


def _fields_ignored(where: str, what: str, problems: list[str]) -> Ignored | None:
    if not problems:
        return None
    fields = "field" if len(problems) == 1 else "fields"
    return Ignored(where, f"{what} {fields} ignored: {'; '.join(problems)}")


def _clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The metadata fields of a feed record that can be used."""
    fields, problems = _read_fields(data)
    for problem in problems:
        log.info("metadata ignored: %s", problem)
    return fields


def _read_fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The metadata fields of data that can be used, and why each other one cannot be
    ('date "soon" (not a date)', "url (a mapping, not text)")."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    for name in _META_FIELDS:
        value = data.get(name)
        if name == "author" and value is None:
            value = data.get("authors")
        if isinstance(value, list) and name == "author":  # "authors": ["A", "B"]
            value = ", ".join(_author_names(value))
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            if value is not None:  # a list, a mapping, true: not what the field means
                kind = _KINDS.get(type(value), f"a {type(value).__name__}")
                problems.append(f"{name} ({kind}, not text)")
            continue
        value = LONE_SURROGATE.sub("\ufffd", str(value)).strip()  # metadata is shown, not quoted
        if name == "date" and value:
            written, value = value, parse_date(value)
            if value is None:
                problems.append(f"date {json.dumps(written[:60], ensure_ascii=False)} (not a date)")
        if value:
            out[name] = value
    return out, problems


def _author_names(authors: list[Any]) -> list[str]:
    """A feed's author names, each once, without an entry that runs the others together, at
    most with one stray word (RealTimeQA's ["Amir Vera Jacob Lev", "Amir Vera", "Jacob Lev"],
    ["Dan Merica Gaborr", "Dan Merica"])."""
    names = list(dict.fromkeys(str(v).strip() for v in authors if isinstance(v, str | int)))
    names = [n for n in names if n]
    return [n for n in names if not _runs_together(n, [m for m in names if m != n])]


def _runs_together(name: str, others: list[str]) -> bool:
    """Whether name is the others' words in a row, with at most one stray word that is no
    name suffix ("David Smith Jr." is a name of its own)."""
    words = name.split()
    spelled = [o.split() for o in others]
    count = sum(len(w) for w in spelled)
    if count < 2 or not count <= len(words) <= count + 1:
        return False
    if len(words) > count and words[-1].lower().rstrip(".,") in _NAME_SUFFIXES:
        return False
    return all(_has_run(words, w) for w in spelled)


def _has_run(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


_NAME_SUFFIXES = frozenset("jr sr ii iii iv phd md".split())


def _merge(meta: Meta, overrides: dict[str, Any]) -> Meta:
    return replace(meta, **{k: v for k, v in overrides.items() if k in _META_FIELDS})


def _read_feed(shown: str, path: Path, max_bytes: int) -> Iterator[Article | Skipped]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for lineno, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                got = _feed_record(shown, path, lineno, raw, max_bytes)
                if isinstance(got, Skipped) and not raw.endswith(b"\n") and "JSON" in got.reason:
                    # The last line, unfinished: the feed was cut (a download or a copy
                    # stopped short), so the records it no longer holds are not gone.
                    got = Skipped(shown, f"{FEED_STOPPED} (line {lineno} is cut off)")
                yield got
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Skipped(shown, f"{FEED_STOPPED} ({exc.__class__.__name__}: {exc})")


def _feed_record(
    shown: str, path: Path, lineno: int, raw: bytes, max_bytes: int
) -> Article | Skipped:
    where = f"{shown}#L{lineno}"
    if len(raw) > max_bytes:
        return Skipped(where, f"too large ({len(raw):,} bytes; the limit is {max_bytes:,})")
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return Skipped(where, f"invalid JSON ({exc.__class__.__name__})")
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        return Skipped(where, "no article text in the record")
    if lone := LONE_SURROGATE.search(text):
        at = lone.start()
        return Skipped(where, f"text is not valid Unicode (a lone surrogate at character {at})")
    fields = _clean_fields({**record, "date": record.get("publish_date") or record.get("date")})
    url = fields.get("url")
    if url and "outlet" not in fields:
        fields["outlet"] = urlparse(url).netloc.removeprefix("www.") or None
    key = f"{path}#{url}" if url else f"{path}{TEXT_KEY}{text_digest(text)}"
    body = body_spans(text)
    if not body:
        return Skipped(where, "no article text (only headings or page furniture)", key)
    meta = Meta(**{k: fields.get(k) for k in _META_FIELDS})
    return make_article(key, where, text, meta, body, reached_as(shown))
