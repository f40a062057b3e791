"""newsdesk's library: ingest articles, index passages, answer questions with verbatim quotes.

It never imports Slack or the bot; the bot calls it through the names below.
"""

from index.build import build_index
from index.corpus import Corpus, CorpusStats, SourceInfo, open_corpus
from index.digest import Digest, Window, build_digest
from index.embed import Embedder, HashEmbedder, MiniLMEmbedder
from index.errors import BadInput, IndexMismatch, NewsdeskError, NoIndex
from index.fast_encoder import TorchFreeMiniLM
from index.figure_lookup import Figure, FigureGroup, FigureLookup, all_figures, lookup_figures
from index.models import AlsoIn, Answer, Ignored, IndexReport, Meta, Quote, Skipped, Source
from index.search import SearchParams

__all__ = [
    "AlsoIn",
    "Answer",
    "BadInput",
    "Corpus",
    "CorpusStats",
    "Digest",
    "Embedder",
    "Figure",
    "FigureGroup",
    "FigureLookup",
    "HashEmbedder",
    "Ignored",
    "IndexMismatch",
    "IndexReport",
    "Meta",
    "MiniLMEmbedder",
    "NewsdeskError",
    "NoIndex",
    "Quote",
    "SearchParams",
    "Skipped",
    "Source",
    "SourceInfo",
    "TorchFreeMiniLM",
    "Window",
    "all_figures",
    "build_digest",
    "build_index",
    "lookup_figures",
    "open_corpus",
]
