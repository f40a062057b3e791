"""`newsdesk check [--repair]`: verify the index and rebuild what is derivable.

bot/cli.py registers the command at its bottom, after the shared options below are defined.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.options import EMBEDDERS, data_option, embedder_option
from index.check import CheckReport, check_index, repair_index


@click.command("check", short_help="Verify the index; --repair fixes it.")
@click.option("--repair", is_flag=True, help="Rebuild what can be derived from SQLite.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@data_option
@embedder_option
def check_cmd(repair: bool, as_json: bool, data_dir: Path, embedder: str) -> None:
    """Verify the index: manifest, counts, ids, hashes, keyword index and figures.

    Exits 1 when a problem remains, naming the repair for each. `--repair` rebuilds the
    vector file and keyword index from SQLite and marks damaged articles so that the next
    `newsdesk index` run indexes their files again.

    \b
    Examples:
        newsdesk check
        newsdesk check --repair
    """
    model = EMBEDDERS[embedder]()  # only its name and size are read; no model is loaded
    run = repair_index if repair else check_index
    report = run(data_dir, model.name, model.dim)
    click.echo(json.dumps(_as_json(report), indent=2) if as_json else render_report(report))
    if not report.ok:
        sys.exit(1)


def render_report(report: CheckReport) -> str:
    lines = [f"repaired: {line}" for line in report.repaired]
    lines.append(
        f"{report.articles} articles, {report.passages} passages, {report.vectors} vectors"
    )
    for problem in report.problems:
        lines.append(f"problem: {problem.what}\n  repair: {problem.how}")
    n = len(report.problems)
    lines.append("ok" if report.ok else f"{n} problem{'s' * (n != 1)}")
    return "\n".join(lines)


def _as_json(report: CheckReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "articles": report.articles,
        "passages": report.passages,
        "vectors": report.vectors,
        "repaired": list(report.repaired),
        "problems": [
            {"what": p.what, "repair": p.repair, "how": p.how, "derivable": p.derivable}
            for p in report.problems
        ],
    }
