"""Checks applied to everything the bot sent: Slack's spec, Block Kit, the 50-block rule."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fake_slack import RESPONSE_URL, UPLOAD, Call
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

SPEC = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "slack_spec_subset.json").read_text()
)
# The published v2 spec predates the files.*UploadExternal methods (the subset lists them as
# "absent"); their arguments as docs.slack.dev/reference/methods/<method> documents them.
UPLOAD_METHODS = {
    "files.getUploadURLExternal": {
        "params": ["alt_txt", "filename", "length", "snippet_type", "token"],
        "required": ["filename", "length", "token"],
    },
    "files.completeUploadExternal": {
        "params": ["blocks", "channel_id", "channels", "files", "initial_comment", "thread_ts",
                   "token"],
        "required": ["files", "token"],
    },
}  # fmt: skip
UPLOAD_FILE_FIELDS = {"id", "title", "highlight_type"}
# Fields of a response_url payload (docs.slack.dev "Handling interaction payloads").
RESPONSE_URL_FIELDS = {
    "text",
    "blocks",
    "attachments",
    "response_type",
    "replace_original",
    "delete_original",
    "thread_ts",
    "mrkdwn",
    "unfurl_links",
    "unfurl_media",
    "metadata",
}


def validate_blocks(blocks: list[dict[str, Any]]) -> None:
    """Every block parses with slack_sdk and passes its length checks; at most 50 blocks."""
    assert isinstance(blocks, list)
    assert len(blocks) <= 50, f"{len(blocks)} blocks"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block {block.get('type')}"
        assert parsed.to_dict() == block, f"block changed by parsing: {block}"


def validate_view(view: dict[str, Any]) -> None:
    validate_blocks(view["blocks"])
    View(**view).validate_json()


def check_call(call: Call) -> None:
    """One call: a known method, only parameters the spec documents, valid blocks and text."""
    params = call.params
    if call.method == UPLOAD:
        return
    if call.method == RESPONSE_URL:
        unknown = set(params) - RESPONSE_URL_FIELDS
        assert not unknown, f"response_url got unknown fields {unknown}"
    else:
        spec = SPEC["methods"].get(call.method) or UPLOAD_METHODS.get(call.method)
        assert spec is not None, f"{call.method} is not in Slack's spec"
        unknown = set(params) - set(spec["params"])
        assert not unknown, f"{call.method} got parameters the spec does not know: {unknown}"
        assert "token" not in params, "the token belongs in the Authorization header"
    if call.method in UPLOAD_METHODS:
        missing = set(UPLOAD_METHODS[call.method]["required"]) - {"token"} - set(params)
        assert not missing, f"{call.method} lacks required parameters {missing}"
        for file in params.get("files", []):
            assert file.get("id") and set(file) <= UPLOAD_FILE_FIELDS, file
    if "blocks" in params:
        validate_blocks(params["blocks"])
        assert params.get("text"), f"{call.method} with blocks but no text fallback"
    if "view" in params:
        validate_view(params["view"])
    assert "link_names" not in params and params.get("parse") != "full"


def check_calls(calls: Iterable[Call]) -> None:
    for call in calls:
        check_call(call)
