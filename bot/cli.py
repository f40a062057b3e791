"""The `newsdesk` command: index articles, ask questions, chat, and run the Slack bot."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

import click

from bot.check_cli import check_cmd
from bot.digest_cli import digest_cmd
from bot.figures_cli import figures_cmd
from bot.gc_settings import settle_for_serving
from bot.options import (
    EMBEDDERS,
    INDEX_EMBEDDERS,
    ONE_QUESTION_EMBEDDERS,
    data_option,
    embedder_option,
)
from bot.render_text import printable, render_answer_text
from index import (
    NewsdeskError,
    build_index,
    open_corpus,
)
from index.ingest import DEFAULT_MAX_BYTES, NO_SUCH_PATH

log = logging.getLogger(__name__)


class _Group(click.Group):
    """Turns errors a user can cause into one line and exit status 1: the library's, and a
    data folder that cannot be created, written or opened (a file in the way, a read-only
    disk, no permission)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsdeskError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `newsdesk ... | head`: the reader is gone; nothing to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except (OSError, sqlite3.OperationalError) as exc:
            log.debug("stopped by", exc_info=True)
            problem = exc if isinstance(exc, OSError) else f"the index database: {exc}"
            click.echo(f"error: {problem} (check the data folder and its permissions)", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="Log progress (-v) or everything (-vv).")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    envvar="NEWSDESK_DATA",
    default=None,
    help="Data folder for every command (env NEWSDESK_DATA).",
)
@click.version_option(package_name="newsdesk")
def cli(verbose: int, data_dir: str | None) -> None:
    """Answer questions about a story's news coverage by quoting the articles.

    \b
    Example:
        newsdesk index seeds/
        newsdesk ask "How many North Korean soldiers are in Russia?"
    """
    configure_logging(verbose)


# Their debug output holds message bodies and response_urls (each can post to its channel for
# 30 minutes): never written to a log, however verbose.
_QUIET_AT_DEBUG = ("slack_sdk", "slack_bolt")


def configure_logging(verbose: int) -> None:
    """WARNING by default, INFO with -v, DEBUG with -vv (the Slack libraries stay at INFO)."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for name in _QUIET_AT_DEBUG:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
    # Bolt sets its App logger to the root's level, whatever was set above: filter it.
    logging.getLogger("slack_bolt.App").addFilter(_no_slack_debug)


def _no_slack_debug(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.INFO or not record.name.startswith(_QUIET_AT_DEBUG)


@cli.command("index", short_help="Index article files, folders and feeds.")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--prune", is_flag=True, help="Drop articles whose files (or the links to them) are gone."
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build the index again from PATHs alone (after a model change) and swap it in when "
    "done; until then the old one answers. bot.db (feedback, digests) is kept.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Skip article files (or feed lines) larger than this.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@data_option
@embedder_option
def index_cmd(
    paths: tuple[str, ...],
    prune: bool,
    rebuild: bool,
    max_bytes: int,
    as_json: bool,
    data_dir: Path,
    embedder: str,
) -> None:
    """Index article files and folders (.txt, .md, .html, .jsonl[.gz] feeds).

    Unchanged articles are not embedded again; a bad file is skipped with its reason. Exits 1
    (after indexing the rest) when a PATH given does not exist.

    \b
    Example:
        newsdesk index seeds/ more-articles/ feed.jsonl.gz --prune
    """
    from bot.progress import index_progress

    with index_progress() as progress:
        report = build_index(
            paths,
            data_dir,
            INDEX_EMBEDDERS[embedder](),
            prune=prune,
            rebuild=rebuild,
            max_bytes=max_bytes,
            progress=progress,
        )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "added": list(report.added),
                    "updated": list(report.updated),
                    "unchanged": list(report.unchanged),
                    "removed": list(report.removed),
                    "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
                    "ignored": [{"path": i.path, "reason": i.reason} for i in report.ignored],
                    "passages_embedded": report.passages_embedded,
                },
                indent=2,
            )
        )
    else:
        click.echo(
            f"added {len(report.added)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, removed {len(report.removed)}, "
            f"skipped {len(report.skipped)} ({report.passages_embedded} "
            f"passage{'s' * (report.passages_embedded != 1)} embedded)"
        )
        lines = [("skipped", s.path, s.reason) for s in report.skipped]
        lines += [("ignored", i.path, i.reason) for i in report.ignored]
        for what, path, reason in lines:  # a newline in a file name must not fake another line
            click.echo(f"  {what} {path!s:.500}: {reason}".replace("\n", "\\n"))
    missing = [s.path for s in report.skipped if s.path in paths and s.reason == NO_SUCH_PATH]
    if missing:
        click.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        sys.exit(1)


@cli.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, one object per article.")
@data_option
def sources_cmd(as_json: bool, data_dir: Path) -> None:
    """List the indexed articles with their metadata.

    \b
    Example:
        newsdesk sources --json
    """
    from dataclasses import asdict

    from index.corpus import list_sources

    rows = list_sources(data_dir)
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], indent=2))
        return
    for r in rows:
        what = " · ".join(x for x in (r.outlet, r.author, r.date) if x)
        line = f"{r.path}\n  {r.title or '(untitled)'}" + (f"\n  {what}" if what else "")
        click.echo(printable(line))
    click.echo(f"{len(rows)} articles")


@cli.command("ask")
@click.argument("question", required=False)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON; with no QUESTION, read one question per stdin line.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Most quotes to return.",
)
@data_option
@embedder_option
def ask_cmd(
    question: str | None,
    as_json: bool,
    limit: int,
    data_dir: Path,
    embedder: str,
) -> None:
    """Answer QUESTION with verbatim quotes from the indexed articles.

    \b
    Examples:
        newsdesk ask "How many North Korean soldiers are in Russia?"
        newsdesk ask --json "Who is Kyrylo Budanov?"
        printf 'q1\\nq2\\n' | newsdesk ask --json
    """
    if question is None and not as_json:
        raise click.UsageError("give a QUESTION, or use --json to read questions from stdin")
    if question is not None:
        corpus = open_corpus(data_dir, ONE_QUESTION_EMBEDDERS[embedder]())
        answer = corpus.ask(question, limit)
        click.echo(json.dumps(answer.to_json()) if as_json else render_answer_text(answer))
        return
    corpus = open_corpus(data_dir, EMBEDDERS[embedder]())
    settle_for_serving()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            click.echo(json.dumps(corpus.ask(line, limit).to_json()))
        except NewsdeskError as exc:
            click.echo(json.dumps({"question": line.strip()[:200], "error": str(exc)}))


@cli.command("chat", short_help="Ask questions at a prompt, as in Slack.")
@data_option
@embedder_option
def chat_cmd(data_dir: Path, embedder: str) -> None:
    """Ask questions at a prompt; answers render as they would in Slack.

    Accepts plain questions, `/ask QUESTION`, `/figure TOPIC`, `/digest [DAY]`, `more` and `quit`.

    \b
    Example:
        newsdesk chat
        ask> How many North Korean soldiers are in Russia?
    """
    from bot.config import Mode, load_settings
    from bot.console import run_chat
    from bot.digest import Digests, IndexDigests
    from bot.digest_store import DigestStore
    from bot.figures import IndexFigures
    from bot.store import BotStore

    settings = load_settings(os.environ, Mode.CONSOLE, data_dir)  # the digest's channels, zone
    corpus = open_corpus(data_dir, EMBEDDERS[embedder]())
    stats = corpus.stats()
    click.echo(f"{stats.articles} articles, {stats.passages} passages in {data_dir}.")
    settle_for_serving()
    run_chat(
        corpus,
        input,
        click.echo,
        BotStore(data_dir / "bot.db"),
        figures=IndexFigures(corpus.current_store, corpus.embedder),
        charts_dir=data_dir / "charts",
        digests=Digests(
            IndexDigests(corpus.current_store, corpus.embedder),
            DigestStore(data_dir / "bot.db"),
            settings.digest,
            tz=settings.digest_tz,
        ),
    )


@cli.command("serve", short_help="Run the Slack bot (Socket Mode or HTTP).")
@click.option(
    "--http",
    "use_http",
    is_flag=True,
    help="Serve the Events API over HTTP instead of Socket Mode.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=3000,
    show_default=True,
    help="Port for --http.",
)
@click.option("--host", default="0.0.0.0", show_default=True, help="Address for --http.")
@data_option
@embedder_option
def serve_cmd(use_http: bool, port: int, host: str, data_dir: Path, embedder: str) -> None:
    """Run the Slack bot: Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN), or the HTTP Events
    API with --http (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET) at /slack/events.

    \b
    Examples:
        SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... newsdesk serve
        SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... newsdesk serve --http --port 3000
    """
    from urllib.error import URLError

    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError

    from bot.config import Mode, load_settings
    from bot.digest import IndexDigests
    from bot.figures import IndexFigures, warm_figures
    from bot.relay import FrontError
    from bot.serve import serve_http, serve_socket_mode, why_not_started

    settings = load_settings(os.environ, Mode.HTTP if use_http else Mode.SOCKET, data_dir)
    # systemd and docker stop with SIGTERM: shut down as on Ctrl-C (the front process, the
    # scheduler and bot.db closed in order) rather than die mid-write.
    signal.signal(signal.SIGTERM, _interrupt)
    corpus = open_corpus(data_dir, EMBEDDERS[embedder]())
    corpus.ask("warm up the model")  # the first real question should not pay for loading
    figures = IndexFigures(corpus.current_store, corpus.embedder)
    threading.Thread(target=warm_figures, args=(figures,), name="warm-figures", daemon=True).start()
    digests = IndexDigests(corpus.current_store, corpus.embedder)
    settle_for_serving()
    try:
        if use_http:
            serve_http(settings, corpus, port, host, figures=figures, digest_source=digests)
        else:
            serve_socket_mode(settings, corpus, figures=figures, digest_source=digests)
    except FrontError as exc:  # a busy port, or the front process gone: one line
        raise NewsdeskError(str(exc)) from exc
    except (BoltError, SlackApiError, URLError, OSError) as exc:
        # Bolt checks the token with auth.test as it starts; an unreachable API, a bad token or
        # a port in use is the user's to fix, so it is one line, not a traceback.
        raise NewsdeskError(f"cannot start the Slack app: {why_not_started(exc)}") from exc


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the bot as Ctrl-C does, once: a second one while it finishes the answers
    in progress is ignored (it raised inside the shutdown and printed a traceback)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


@cli.command("feedback", short_help="List the votes people gave answers.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, one object per line.")
@data_option
def feedback_cmd(as_json: bool, data_dir: Path) -> None:
    """List the Helpful / Not helpful votes people gave answers in Slack.

    \b
    Example:
        newsdesk feedback --json
    """
    from dataclasses import asdict

    from bot.feedback import format_feedback, list_feedback

    records = list_feedback(data_dir / "bot.db") if (data_dir / "bot.db").exists() else []
    for record in records:
        data = {**asdict(record), "verdict": record.verdict.value}  # "helpful", "not_helpful"
        click.echo(json.dumps(data) if as_json else printable(format_feedback(record)))
    if not as_json:
        click.echo(f"{len(records)} vote{'s' * (len(records) != 1)}")


cli.add_command(figures_cmd)
cli.add_command(digest_cmd)
cli.add_command(check_cmd)


def main() -> None:
    cli(prog_name="newsdesk")


if __name__ == "__main__":
    main()
