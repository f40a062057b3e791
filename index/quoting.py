"""Cut a passage into a quote: its key sentence (the one sharing the most of the question's
weighed words), widened by the sentences around it while the quote fits; and trim a quote to
what quotes already shown from its article do not hold."""

from __future__ import annotations

from dataclasses import replace

from index.models import Quote, Source
from index.store import PassageRow
from index.terms import sentence_stems


def make_quote(row: PassageRow, score: float, weights: dict[str, float], limit: int) -> Quote:
    """The key sentence of the passage, widened by the sentences around it (the rest of the
    passage, or story sentences just outside it) while the quote fits in limit characters."""
    own = list(row.sentences)
    sents = sentence_spans(row)
    first_own = 1 if row.before else 0
    scores = [sentence_score(row.span_text(a, b), weights) for a, b in sents]
    key = max(range(first_own, first_own + len(own)), key=lambda i: (scores[i], -i))
    lo = hi = key
    while True:
        options = []
        if lo > 0 and sents[hi][1] - sents[lo - 1][0] <= limit:
            options.append((lo - 1 >= first_own, scores[lo - 1], 1, lo - 1, hi))
        if hi + 1 < len(sents) and sents[hi + 1][1] - sents[lo][0] <= limit:
            options.append((hi + 1 < first_own + len(own), scores[hi + 1], 0, lo, hi + 1))
        if not options:
            break
        *_, lo, hi = max(options)
    start, end = sents[lo][0], sents[hi][1]
    source = Source(row.path, row.title, row.outlet, row.author, row.date, row.url)
    return Quote(
        row.span_text(start, end),
        start,
        end,
        sents[key][0],
        sents[key][1],
        score,
        source,
        (),
        row.id,
    )


def outside(quote: Quote, row: PassageRow, shown: list[Quote]) -> Quote | None:
    """The quote without what quotes already shown from its article hold: None if they hold its
    key sentence, else its sentences around the key sentence up to the first one shown."""
    taken = [(q.start, q.end) for q in shown]

    def free(a: int, b: int) -> bool:
        return all(b <= start or end <= a for start, end in taken)

    if not free(quote.key_start, quote.key_end):
        return None
    if free(quote.start, quote.end):
        return quote
    inside = [(a, b) for a, b in sentence_spans(row) if quote.start <= a and b <= quote.end]
    key = inside.index((quote.key_start, quote.key_end))
    lo = hi = key
    while lo > 0 and free(*inside[lo - 1]):
        lo -= 1
    while hi + 1 < len(inside) and free(*inside[hi + 1]):
        hi += 1
    start, end = inside[lo][0], inside[hi][1]
    return replace(quote, text=row.span_text(start, end), start=start, end=end)


def beside(quote: Quote, row: PassageRow, other: Quote, other_row: PassageRow) -> bool:
    """Whether quote is other, or goes on from it in the same article (a quote trimmed by
    `outside` follows the one it was trimmed against): read together, as a reader does."""
    if row.article_id != other_row.article_id:
        return False
    if quote.start < other.end and other.start < quote.end:
        return True
    lo, hi = (quote.end, other.start) if quote.end <= other.start else (other.end, quote.start)
    for r in (row, other_row):
        if r.context_start <= lo and hi <= r.context_start + len(r.context):
            return not r.span_text(lo, hi).strip()
    return False


def sentence_spans(row: PassageRow) -> list[tuple[int, int]]:
    """The passage's sentence spans, with the story sentences just outside it."""
    return (
        ([row.before] if row.before else [])
        + list(row.sentences)
        + ([row.after] if row.after else [])
    )


def best_sentences(
    row: PassageRow, quote: Quote, weights: dict[str, float], share: float
) -> list[str]:
    """The sentences of the quote sharing the most with the question (its key sentence, or a
    sentence the quote was widened by that matches the question better), and those sharing at
    least share of that."""
    scored = [(quote.key_sentence, sentence_score(quote.key_sentence, weights))]
    for a, b in sentence_spans(row):
        if quote.start <= a and b <= quote.end and (a, b) != (quote.key_start, quote.key_end):
            sentence = row.span_text(a, b)
            scored.append((sentence, sentence_score(sentence, weights)))
    top = max(score for _, score in scored)
    best = next(s for s, score in scored if score == top)
    return [best] + [s for s, score in scored if s != best and score > 0 and score >= share * top]


def sentence_score(sentence: str, weights: dict[str, float]) -> float:
    words = sentence_stems(sentence)
    return sum(w for term, w in weights.items() if term in words)
