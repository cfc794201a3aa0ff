#!/usr/bin/env python3
"""Byte-level helpers of hostile.sh, for what redis-cli and bash cannot do with arbitrary bytes.

  hostile-bytes.py make KIND FILE          write the messages of a case (channel and payload bytes)
  hostile-bytes.py publish PORT FILE [PASSWORD]
                                           PUBLISH each message of FILE, pipelined, over raw RESP
  hostile-bytes.py check FILE CAPTURE      compare a `busmon-cli tail` capture with FILE; prints
                                           "received=N sent=M differing=D outages=K" (D: received
                                           messages that are not, byte for byte and in order, sent ones)
  hostile-bytes.py outages CAPTURE         one line per outage of a capture, tab-separated: began,
                                           noticed, ended (Unix seconds, - when absent),
                                           duration_ms, reason
  hostile-bytes.py problems CAPTURE        the problems recorded, most frequent first, on one line
  hostile-bytes.py count FILE              how many messages FILE holds

A messages FILE is a sequence of (4-byte length, channel, 4-byte length, payload)."""
import base64
import collections
import datetime
import json
import os
import random
import socket
import struct
import sys


def write_messages(path, messages):
    with open(path, "wb") as f:
        for channel, payload in messages:
            f.write(struct.pack(">I", len(channel)) + channel + struct.pack(">I", len(payload)) + payload)


def read_messages(path):
    data = open(path, "rb").read()
    messages, pos = [], 0
    while pos < len(data):
        (n,) = struct.unpack_from(">I", data, pos)
        channel = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        (n,) = struct.unpack_from(">I", data, pos)
        messages.append((channel, data[pos + 4:pos + 4 + n]))
        pos += 4 + n
    return messages


def make(kind, path):
    rng = random.Random(8)
    if kind == "big":  # one 50 MB toast
        messages = [(b"personal.alice", b'{"username": "alice", "title": "big", "message": "' +
                     b"x" * (50 * 1024 * 1024) + b'"}')]
    elif kind == "deep":  # 100,000 levels, as an array and as an object
        n = 100_000
        messages = [(b"sync.alice", b"[" * n + b"]" * n),
                    (b"personal.alice", b'{"a":' * n + b"1" + b"}" * n)]
    elif kind == "long-channel":  # a 64 KB channel name
        messages = [(b"personal." + b"x" * (64 * 1024 - 9), b'{"username": "x", "title": "t", "message": "m"}')]
    elif kind == "random":  # 1,200 random payloads, 100 of them on channels of random bytes
        messages = []
        for i in range(1200):
            payload = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 4097)))
            channel = b"personal." + (bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
                                      if i % 12 == 0 else b"user%d" % (i % 7))
            messages.append((channel, payload))
    elif kind.startswith("sync"):  # N ordinary sync messages: sync100, sync200000
        count = int(kind[4:])
        messages = [(b"sync.alice", b'{"action": "sync", "username": "alice", "record_count": %d}' % i)
                    for i in range(count)]
    else:
        sys.exit("unknown kind " + kind)
    write_messages(path, messages)


def command(*parts):
    return b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)


def publish(port, path, password=None):
    messages = read_messages(path)
    with socket.create_connection(("127.0.0.1", int(port))) as s:
        if password:
            s.sendall(command(b"AUTH", password.encode()))
            reply = s.recv(1024)
            if not reply.startswith(b"+OK"):
                sys.exit("AUTH refused: " + reply.decode(errors="replace").strip())
        batch = 256
        for first in range(0, len(messages), batch):
            chunk = messages[first:first + batch]
            s.sendall(b"".join(command(b"PUBLISH", c, p) for c, p in chunk))
            replies, buffer = 0, b""
            while replies < len(chunk):
                buffer += s.recv(65536)
                replies = buffer.count(b"\r\n")


def count(path):
    print(len(read_messages(path)))


def read_capture(capture):
    received, outages = [], []
    if not os.path.exists(capture):  # tail never wrote it
        return received, outages
    for line in open(capture, "rb"):
        if not line.strip():
            continue
        record = json.loads(line)
        if "outage" in record:
            outages.append(record["outage"])
            continue
        if "channel" not in record and "channel_base64" not in record:
            continue  # another mark of the capture (a refused subscription, say), not a message
        channel = (base64.b64decode(record["channel_base64"]) if "channel_base64" in record
                   else record["channel"].encode("utf-8", "surrogatepass"))
        payload = (base64.b64decode(record["data_base64"]) if "data_base64" in record
                   else record["data"].encode("utf-8", "surrogatepass"))
        received.append((channel, payload, record.get("problems", [])))
    return received, outages


def check(path, capture):
    expected = read_messages(path)
    received, outages = read_capture(capture)
    # Byte-exact: each received message is a sent one, in the order sent (some may be missing).
    pos, differing = 0, 0
    for channel, payload, _ in received:
        following = next((i for i in range(pos, len(expected)) if expected[i] == (channel, payload)), None)
        if following is None:
            differing += 1
        else:
            pos = following + 1
    print("received=%d sent=%d differing=%d outages=%d" % (len(received), len(expected), differing, len(outages)))


def epoch(iso):
    if not iso:
        return "-"
    return "%.3f" % datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def outages(capture):
    for o in read_capture(capture)[1]:
        print("\t".join([epoch(o.get("began")), epoch(o.get("noticed")), epoch(o.get("ended")),
                         str(o.get("duration_ms", "")), str(o.get("reason", "")).replace("\t", " ")]))


def problems(capture):
    counts = collections.Counter(p for _, _, ps in read_capture(capture)[0] for p in ps)
    print("; ".join("%s (x%d)" % (p[:70], n) for p, n in counts.most_common(2)) or "none")


if __name__ == "__main__":
    {"make": make, "publish": publish, "check": check, "outages": outages, "problems": problems,
     "count": count}[sys.argv[1]](*sys.argv[2:])
