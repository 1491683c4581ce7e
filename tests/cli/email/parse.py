"""Parses an e-mail from stdin as a strict mail reader would, and prints
what it found as JSON: the headers (decoded), the parts, the raw header
lines' longest length, and every encoded word's length. Any defect is an
error (policy=strict raises)."""

import email
import email.policy
import json
import re
import sys

raw = sys.stdin.buffer.read()
message = email.message_from_bytes(raw, policy=email.policy.strict)
head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
parts = []
for part in message.walk():
    if part.is_multipart():
        continue
    content = part.get_content().replace("\r\n", "\n")
    parts.append({"type": part.get_content_type(), "content": content})
print(json.dumps({
    "headers": [[name, str(value)] for name, value in message.items()],
    "message_id": message["Message-ID"].strip(),
    "multipart": message.get_content_type(),
    "parts": parts,
    "longest_header_line": max(len(line) for line in head.split("\r\n")),
    "longest_encoded_word": max([len(w) for w in re.findall(r"=\?[^?]+\?[QqBb]\?[^?]*\?=", head)] or [0]),
    "ascii": all(b < 128 for b in raw),
}))
