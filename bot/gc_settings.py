"""Garbage-collector settings for a process that answers question after question.

A question allocates about a thousand objects that die with it. Under Python's defaults (a
young collection every 700 allocations, a full one every 100 young ones), a long-running
process spent about 1.2 ms a question collecting, and every few hundred questions a full
collection over everything start-up had loaded held one question 57-100 ms. At 1.09M passages
(bench/scale_latency.py against --python-gc, three alternating pairs of 300 questions): 11-20 ms
of collection in all against 331-356 ms, the longest pause 11-20 ms against 57-70 ms, p99
51.5-62.5 ms against 62.5-75.8 ms.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

YOUNG_ALLOCATIONS = 20_000  # between young collections (Python's default: 700)


def settle_for_serving() -> None:
    """Freeze what start-up loaded (the index, the model, caches: they live as long as the
    process) out of the collector's sight, and collect young objects less often. Full
    collections still run, every 10 x 10 young ones, so garbage cycles are still freed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_ALLOCATIONS, 10, 10)
    log.info("garbage collector: %d start-up objects frozen", gc.get_freeze_count())
