"""Messages between the front process and the app: 4-byte length, then UTF-8 JSON.

The front sends {"id", "reply", "body", "query", "headers"} for each request; for those with
"reply" true the app answers {"id", "status", "body", "headers"}.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
from typing import Any

MAX_MESSAGE_BYTES = 4_000_000
_HEADER = struct.Struct(">I")


class LinkClosed(Exception):
    """The other process closed its end."""


def encode(message: dict[str, Any]) -> bytes:
    data = json.dumps(message, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_MESSAGE_BYTES:
        raise ValueError(f"link message of {len(data):,} bytes is over the limit")
    return _HEADER.pack(len(data)) + data


def decode_length(header: bytes) -> int:
    (length,) = _HEADER.unpack(header)
    if length > MAX_MESSAGE_BYTES:
        raise ValueError(f"link message of {length:,} bytes is over the limit")
    return length


HEADER_BYTES = _HEADER.size


class BlockingLink:
    """One end of the link over a connected socket, for threads: reads in one thread, sends
    from any."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._send_lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        data = encode(message)
        with self._send_lock:
            self.sock.sendall(data)

    def receive(self) -> dict[str, Any]:
        length = decode_length(self._exactly(HEADER_BYTES))
        message = json.loads(self._exactly(length))
        if not isinstance(message, dict):
            raise ValueError("link message is not an object")
        return message

    def _exactly(self, n: int) -> bytes:
        chunks = []
        while n:
            chunk = self.sock.recv(min(n, 1 << 20))
            if not chunk:
                raise LinkClosed
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
