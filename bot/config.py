"""Settings for the Slack side, read once from the environment at the entry point."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

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
class Settings:
    """Everything the bot needs from its environment; tokens are never logged."""

    mode: Mode
    data_dir: Path
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    api_url: str = DEFAULT_API_URL

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
    )


_ALL_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "NEWSDESK_DATA",
)
