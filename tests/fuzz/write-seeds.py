#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (corpus/<target>/) from the payloads, capture lines, RESP frames
and filters the ordinary tests use: every string literal of the unit and integration tests (adjacent
literals joined, as the compiler does) is sorted by what it is. Run it again when the tests gain new
shapes; libFuzzer adds what it finds to a copy, never here."""
import hashlib
import json
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
corpus = os.path.join(top, "tests", "fuzz", "corpus")
sources = [os.path.join(top, "tests", suite, name)
           for suite in ("unit", "integration")
           for name in sorted(os.listdir(os.path.join(top, "tests", suite))) if name.endswith(".cpp")]

literal = re.compile(r'R"\((.*?)\)"|"((?:[^"\\\n]|\\.)*)"', re.S)
escapes = {"n": b"\n", "r": b"\r", "t": b"\t", "0": b"\0", "\\": b"\\", '"': b'"', "'": b"'", "a": b"\a",
           "b": b"\b", "f": b"\f", "v": b"\v", "e": b"\x1b", "?": b"?"}


def unescape(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = text[i + 1]
        if e == "x":
            digits = re.match(r"[0-9a-fA-F]+", text[i + 2:]).group(0)
            out.append(int(digits, 16) & 0xFF)
            i += 2 + len(digits)
        elif e == "u":
            out += chr(int(text[i + 2:i + 6], 16)).encode("utf-8", "surrogatepass")
            i += 6
        else:
            out += escapes.get(e, e.encode())
            i += 2
    return bytes(out)


def literals(path):
    """Each run of adjacent string literals, joined."""
    text = open(path, encoding="utf-8").read()
    pos = 0
    joined, end = None, -1
    for match in literal.finditer(text):
        value = match.group(1).encode() if match.group(1) is not None else unescape(match.group(2))
        if joined is not None and text[end:match.start()].strip() == "":
            joined += value
        else:
            if joined is not None:
                yield joined
            joined = value
        end = match.end()
    if joined is not None:
        yield joined


def channel_for(payload):
    """A channel of the kind the payload's fields belong to."""
    keys = payload.keys() if isinstance(payload, dict) else []
    for fields, channel in ((("certificate_accepted",), b"taskd.certificate.alice"),
                            (("service_duration", "record_count", "client"), b"sync.alice"),
                            (("debounce_id",), b"local_sync.alice"),
                            (("task_data", "changes"), b"changed_task.alice"),
                            (("md5hash", "last_seen"), b"log_message.alice"),
                            (("message_id", "subject"), b"incoming_mail.alice"),
                            (("action", "model"), b"incoming_trello_change.alice"),
                            (("system",), b"__general__"),
                            (("title", "message"), b"personal.alice")):
        if any(field in keys for field in fields):
            return channel
    return b"unknown.alice"


def write(target, data):
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


payloads, captures, frames, filters = {}, {}, {}, {}
for path in sources:
    for value in literals(path):
        if len(value) > 4096 or len(value) < 2:
            continue
        stripped = value.strip()
        if stripped[:1] in (b"*", b"$", b"+", b"-", b":") and b"\r\n" in value:
            frames[value] = None
        elif stripped.startswith(b"{") and (b'"channel"' in value or b'"outage"' in value):
            captures[value] = None
        elif stripped[:1] in (b"{", b"["):
            try:
                payloads[value] = json.loads(value)
            except (ValueError, UnicodeDecodeError):
                payloads[value] = None  # broken on purpose: a good seed too
        if os.path.basename(path) == "tst_filterexpression.cpp" and b"\n" not in value and value.strip():
            filters[value] = None

for payload, parsed in payloads.items():
    write("jsontree", payload)
    write("decoder", channel_for(parsed) + b"\n" + payload)
for line in captures:
    write("capture", line if line.endswith(b"\n") else line + b"\n")
# The payloads as `tail` records them, with an outage between.
lines = []
for payload, parsed in list(payloads.items())[:40]:
    channel = channel_for(parsed).decode()
    record = {"channel": channel, "pattern": "*", "received": "2026-11-27T09:00:00.123Z",
              "kind": channel.rsplit(".", 1)[0] if "." in channel else channel,
              "username": "alice" if "." in channel else None, "problems": []}
    try:
        record["data"] = payload.decode("utf-8")
    except UnicodeDecodeError:
        record["data_base64"] = __import__("base64").b64encode(payload).decode()
    lines.append(json.dumps(record, separators=(",", ":")).encode() + b"\n")
outage = (b'{"outage":{"began":"2026-11-27T09:00:01.000Z","ended":"2026-11-27T09:00:02.250Z",'
          b'"duration_ms":1250,"reason":"server closed the connection"}}\n')
for i in range(0, len(lines), 4):
    write("capture", b"".join(lines[i:i + 2]) + outage + b"".join(lines[i + 2:i + 4]))
for frame in frames:
    write("resp", frame)
# Each message's payload as Redis delivers it to a subscriber, too.
for payload, parsed in list(payloads.items())[:40]:
    channel = channel_for(parsed)
    write("resp", b"*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n"
          % (len(channel), channel, len(payload), payload))
ordered = list(payloads)
for i, text in enumerate(filters):
    write("filter", text + b"\n" + ordered[i % len(ordered)])
for target in ("resp", "decoder", "filter", "capture", "jsontree"):
    print(target, len(os.listdir(os.path.join(corpus, target))), file=sys.stderr)
