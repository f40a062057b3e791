"""Settings for the Slack side, read once from the environment at the entry point."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from enum import Enum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from index import NewsdeskError

DEFAULT_DATA_DIR = Path(".newsdesk")
DEFAULT_API_URL = "https://slack.com/api/"


class Mode(Enum):
    """How the bot receives requests from Slack."""

    SOCKET = "socket"  # Socket Mode: an outbound websocket, no public URL needed
    HTTP = "http"  # Events API: Slack POSTs signed requests to /slack/events
    CONSOLE = "console"  # `newsdesk chat`: no Slack at all


class ConfigError(NewsdeskError):
    """A setting is missing or malformed; str(error) is one line for the user."""


@dataclass(frozen=True)
class DigestSchedule:
    """When and where the daily digest goes (NEWSDESK_DIGEST_*)."""

    at: time
    tz: str = "UTC"
    channels: tuple[str, ...] = ()
    catch_up: bool = True  # post a day missed while the bot was down, on start
    skip_empty: bool = False  # post nothing (rather than one line) when nothing is new


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs from its environment; tokens are never logged."""

    mode: Mode
    data_dir: Path
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    api_url: str = DEFAULT_API_URL
    digest: DigestSchedule | None = None  # None: no daily digest is posted
    digest_tz: str = "UTC"

    @property
    def db_path(self) -> Path:
        """The bot's own SQLite file (answered threads, seen events, feedback)."""
        return self.data_dir / "bot.db"

    def __repr__(self) -> str:  # keep tokens out of logs and tracebacks
        return f"Settings(mode={self.mode.value}, data_dir={self.data_dir}, api_url={self.api_url})"


_REQUIRED: dict[Mode, tuple[str, ...]] = {
    Mode.SOCKET: ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
    Mode.HTTP: ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
    Mode.CONSOLE: (),
}


def load_settings(environ: Mapping[str, str], mode: Mode, data_dir: Path | None = None) -> Settings:
    """Read the settings for `mode`, naming every missing variable in one ConfigError.

    `data_dir` comes from the CLI when given; otherwise NEWSDESK_DATA, then `.newsdesk`.
    """
    value = {name: (environ.get(name) or "").strip() for name in _ALL_NAMES}
    missing = [name for name in _REQUIRED[mode] if not value[name]]
    if missing:
        raise ConfigError(
            f"missing setting{'s' if len(missing) > 1 else ''} for {mode.value} mode: "
            + ", ".join(missing)
        )
    problems = []
    if value["SLACK_BOT_TOKEN"] and not value["SLACK_BOT_TOKEN"].startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN should start with xoxb-")
    if value["SLACK_APP_TOKEN"] and not value["SLACK_APP_TOKEN"].startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN should start with xapp-")
    api_url = value["SLACK_API_URL"] or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        problems.append("SLACK_API_URL should be an http(s) URL")
    digest_tz = value["NEWSDESK_DIGEST_TZ"] or "UTC"
    digest = _digest_schedule(value, digest_tz, problems)
    if problems:
        raise ConfigError("; ".join(problems))
    if not api_url.endswith("/"):
        api_url += "/"  # WebClient joins method names onto the base URL
    if data_dir is None:
        data_dir = Path(value["NEWSDESK_DATA"] or DEFAULT_DATA_DIR)
    return Settings(
        mode=mode,
        data_dir=data_dir,
        bot_token=value["SLACK_BOT_TOKEN"] or None,
        app_token=value["SLACK_APP_TOKEN"] or None,
        signing_secret=value["SLACK_SIGNING_SECRET"] or None,
        api_url=api_url,
        digest=digest,
        digest_tz=digest_tz,
    )


_FLAGS = {"1": True, "true": True, "yes": True, "on": True,
          "0": False, "false": False, "no": False, "off": False}  # fmt: skip


def _digest_schedule(
    value: Mapping[str, str], tz: str, problems: list[str]
) -> DigestSchedule | None:
    """NEWSDESK_DIGEST_* as a schedule (None when NEWSDESK_DIGEST_AT is unset); adds problems."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"NEWSDESK_DIGEST_TZ should be a time zone like Europe/Paris, not {tz!r}")
    flags = {}
    defaults = {"NEWSDESK_DIGEST_CATCH_UP": True, "NEWSDESK_DIGEST_SKIP_EMPTY": False}
    for name, default in defaults.items():
        raw = value[name].lower()
        flags[name] = _FLAGS.get(raw, default) if raw else default
        if raw and raw not in _FLAGS:
            problems.append(f"{name} should be on or off")
    channels = tuple(c.strip() for c in value["NEWSDESK_DIGEST_CHANNELS"].split(",") if c.strip())
    at = value["NEWSDESK_DIGEST_AT"]
    if not at:
        if channels:
            problems.append("NEWSDESK_DIGEST_CHANNELS is set but NEWSDESK_DIGEST_AT is not")
        return None
    try:
        hour, minute = (int(part) for part in at.split(":"))
        when = time(hour, minute)
    except ValueError:
        problems.append(f"NEWSDESK_DIGEST_AT should be a time like 08:00, not {at!r}")
        return None
    if not channels:
        problems.append("NEWSDESK_DIGEST_AT is set but NEWSDESK_DIGEST_CHANNELS names no channel")
    return DigestSchedule(
        at=when,
        tz=tz,
        channels=channels,
        catch_up=flags["NEWSDESK_DIGEST_CATCH_UP"],
        skip_empty=flags["NEWSDESK_DIGEST_SKIP_EMPTY"],
    )


_ALL_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "NEWSDESK_DATA",
    "NEWSDESK_DIGEST_AT",
    "NEWSDESK_DIGEST_TZ",
    "NEWSDESK_DIGEST_CHANNELS",
    "NEWSDESK_DIGEST_CATCH_UP",
    "NEWSDESK_DIGEST_SKIP_EMPTY",
)
