"""Regenerate tests/data/slack_spec_subset.json from Slack's published Web API OpenAPI spec.

    python tests/data/make_slack_spec_subset.py [../shared/slack/slack_web_openapi_v2.json]

Keeps, for each Web API method the bot or the fake server uses, the parameter names the spec
documents. The published v2 spec predates the files.*UploadExternal methods; those are listed
under "absent" so a test fails loudly if the bot starts calling them without a spec to check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT_SPEC = (
    Path(__file__).resolve().parents[3] / "shared" / "slack" / "slack_web_openapi_v2.json"
)
OUT = Path(__file__).with_name("slack_spec_subset.json")
METHODS = (
    "auth.test",
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "chat.delete",
    "conversations.history",
    "reactions.add",
    "views.publish",
    "files.getUploadURLExternal",
    "files.completeUploadExternal",
    "apps.connections.open",
)


def subset(spec: dict) -> dict:
    methods: dict[str, dict] = {}
    absent: list[str] = []
    for name in METHODS:
        operations = spec["paths"].get(f"/{name}")
        if operations is None:
            absent.append(name)
            continue
        verb, operation = next(iter(operations.items()))
        methods[name] = {
            "http_method": verb.upper(),
            "params": sorted(p["name"] for p in operation.get("parameters", [])),
            "required": sorted(
                p["name"] for p in operation.get("parameters", []) if p.get("required")
            ),
        }
    return {
        "source": "slack_web_openapi_v2.json (github.com/slackapi/slack-api-specs)",
        "generator": "tests/data/make_slack_spec_subset.py",
        "methods": methods,
        "absent": absent,
    }


def main(argv: list[str]) -> None:
    spec_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    data = subset(json.loads(spec_path.read_text(encoding="utf-8")))
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['methods'])} methods, absent: {', '.join(data['absent'])})")


if __name__ == "__main__":
    main(sys.argv)
