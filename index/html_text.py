"""Extract an HTML page's main text and the metadata its head declares (stdlib only).

The text is built from the page's `<article>` (or `<main>`, else `<body>`), with scripts, styles,
navigation, headers, footers, forms and asides dropped, one block element per line. A single
`<br>` is a space (pages break lines mid-sentence with it), two or more a paragraph break; table
cells are kept apart by a space.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from index.models import Meta

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "template",
    "button",
    "select",
    "figure",
}
_BLOCK = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "hr",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "col", "embed"}
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "author": "author",
    "article:author": "author",
    "byl": "author",
    "og:site_name": "outlet",
    "application-name": "outlet",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "og:url": "url",
}
MAX_DEPTH = 400  # deeper nesting than any real page: treated as text, not as a stack to grow
_BR = "\x1e"  # stands for a <br> until _tidy knows whether another follows
_CELLS = {"td", "th"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key in _META_KEYS and a.get("content") and _META_KEYS[key] not in self.meta:
                self.meta[_META_KEYS[key]] = a["content"].strip()
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("url", a["href"].strip())
        if tag in _VOID:
            if tag == "br":
                self._emit(_BR)
            return
        if len(self.stack) >= MAX_DEPTH:
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in _BLOCK:
            self._emit("\n")
        elif tag in _CELLS:
            self._emit(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP:
                self.skip_depth -= 1
            if top in _BLOCK:
                self._emit("\n")
            elif top in _CELLS:
                self._emit(" ")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if "title" in self.stack and "body" not in self.stack:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        data = data.replace(_BR, " ")
        if "h1" in self.stack:
            self.h1.append(data)
        self._emit(data)

    def _emit(self, data: str) -> None:
        for region in ("article", "main", "body"):
            if region in self.stack or (region == "body" and not self.skip_depth):
                self.parts[region].append(data)


def extract_html(source: str) -> tuple[str, Meta]:
    """Return (main text, metadata) of an HTML document."""
    parser = _Extractor()
    parser.feed(source)
    parser.close()
    raw = next(("".join(p) for p in parser.parts.values() if "".join(p).strip()), "")
    text = _tidy(raw)
    title = (
        parser.meta.get("title")
        or _tidy(" ".join(parser.h1))
        or _tidy(" ".join(parser.title_parts))
    )
    return text, Meta(
        title=title or None,
        outlet=parser.meta.get("outlet"),
        author=parser.meta.get("author"),
        date=_iso_day(parser.meta.get("date")),
        url=parser.meta.get("url"),
    )


def _tidy(text: str) -> str:
    """One paragraph per line, spaces collapsed. Character references were converted by the
    parser already: unescaping again would turn a page's "&amp;lt;" into "<"."""
    text = re.sub(rf"{_BR}(?:\s*{_BR})+", "\n", text).replace(_BR, " ")
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n\n".join(ln for ln in lines if ln)


def _iso_day(value: str | None) -> str | None:
    if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None
