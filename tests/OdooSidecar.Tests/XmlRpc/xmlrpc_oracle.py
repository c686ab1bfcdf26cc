"""Reads XML-RPC bodies the way Odoo does (xmlrpc.client.loads) and prints a verdict per body.

Input: one JSON line per body on stdin, {"body": "<base64 of the raw bytes>"}.
Output: one JSON line per body, in order: {"ok": true, "method": ..., "params": [...]} or {"ok": false, "error": ...}.
Values are tagged so the C# side can produce the identical encoding: ints as decimal strings, doubles as their
IEEE-754 bits in hex (every NaN as "nan"), dateTime as DateTime.value, base64 as hex, structs as ordered pairs.
"""
import base64
import json
import math
import struct
import sys
import xmlrpc.client


def encode(value):
    if value is None:
        return ["nil"]
    if isinstance(value, bool):
        return ["boolean", "1" if value else "0"]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["double", "nan" if math.isnan(value) else struct.pack(">d", value).hex()]
    if isinstance(value, str):
        return ["string", value]
    if isinstance(value, xmlrpc.client.DateTime):
        return ["dateTime", value.value]
    if isinstance(value, xmlrpc.client.Binary):
        return ["base64", value.data.hex()]
    if isinstance(value, list):
        return ["array", [encode(item) for item in value]]
    if isinstance(value, dict):
        return ["struct", [[encode_key(key), encode(item)] for key, item in value.items()]]
    return [type(value).__name__, str(value)]


def encode_key(key):
    # Struct keys come from <name>, so they are strings unless the body misplaces a typed value there.
    return key if isinstance(key, str) else json.dumps(encode(key))


def verdict(body):
    try:
        params, method = xmlrpc.client.loads(body)
    except Exception as error:  # every refusal is a verdict, whatever its type
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"ok": True, "method": method, "params": [encode(value) for value in params]}


def main():
    for line in sys.stdin:
        if line.strip():
            body = base64.b64decode(json.loads(line)["body"])
            print(json.dumps(verdict(body), ensure_ascii=True), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
