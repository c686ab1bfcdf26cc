"""Imported by drive_client.py when CAPTURE_OUT is set: a stand-in for the sidecar that records the exact request bytes mcp-server-odoo sends, per TCP connection."""
import json, socket, sys, threading, xmlrpc.client
DB, KEY = "capturedb", "0123456789abcdef0123456789abcdef01234567"
OUT = None
step = "startup"
transcript, lock = [], threading.Lock()
conn_ids = iter(range(1, 1000))

def rest_answer(path):
    data = {"/mcp/auth/validate": {"valid": True, "user_id": 2, "auth_method": "api_key"},
            "/mcp/models": {"models": [{"model": "res.partner", "name": "Contact"}]},
            "/mcp/models/res.partner/access": {"model": "res.partner", "enabled": True,
                "operations": {"read": True, "create": True, "write": True, "unlink": True}}}[path]
    return json.dumps({"success": True, "data": data, "meta": {"timestamp": "2026-01-01T00:00:00.000001"}})

FIELDS = {"id": {"type": "integer", "string": "ID"}, "name": {"type": "char", "string": "Name"},
          "display_name": {"type": "char", "string": "Display Name"}, "email": {"type": "char", "string": "Email"},
          "is_company": {"type": "boolean", "string": "Is a Company"}, "create_date": {"type": "datetime", "string": "Created on"}}
RECORD = {"id": 7, "name": "Azure Interior", "display_name": "Azure Interior", "email": "azure@example.com",
          "is_company": True, "create_date": "2025-01-02 03:04:05"}

def xmlrpc_answer(body):
    params, method = xmlrpc.client.loads(body)
    if method == "list": result = [DB]
    elif method == "version": result = {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""], "server_serie": "17.0", "protocol_version": 1}
    else:
        inner, args = params[4], params[5]
        result = [dict(RECORD, id=args[0][0])] if inner == "read" else {"search_count": 1, "search": [7], "fields_get": FIELDS, "create": 42, "write": True, "unlink": True}[inner]
        if inner == "read" and params[6].get("fields"):
            result = [{k: v for k, v in result[0].items() if k in params[6]["fields"] or k == "id"}]
    return xmlrpc.client.dumps((result,), methodresponse=True, allow_none=True)

def placeholders(header, text):
    """What differs per run becomes {host}, {length}, {db} and {key}; the replay fills them in."""
    if header == "Host":
        return "{host}"
    if header == "Content-Length":
        return "{length}"
    return text.replace(DB, "{db}").replace(KEY, "{key}")

def handle(c, cid):
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            d = c.recv(65536)
            if not d: c.close(); return
            buf += d
        head, rest = buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = [l.split(": ", 1) for l in lines[1:]]
        n = int(next((v for k, v in headers if k.lower() == "content-length"), "0"))
        while len(rest) < n: rest += c.recv(65536)
        body, buf = rest[:n], rest[n:]
        with lock:
            transcript.append({"step": step, "connection": cid, "request_line": lines[0],
                               "headers": [[k, placeholders(k, v)] for k, v in headers], "body": placeholders("", body.decode("utf-8"))})
            with open(OUT, "w") as out:
                json.dump(transcript, out, indent=1)
        close = any(k.lower() == "connection" and v == "close" for k, v in headers)
        if lines[0].startswith("GET"):
            payload, ctype = rest_answer(lines[0].split()[1]).encode(), "application/json"
        else:
            payload, ctype = xmlrpc_answer(body).encode(), "text/xml; charset=utf-8"
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n" % (ctype.encode(), len(payload), b"Connection: close\r\n" if close else b"") + payload)
        if close: c.close(); return

def start(out):
    """Listens on a free loopback port in a background thread; returns the port."""
    global OUT
    OUT = out
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
    def serve():
        while True:
            c, _ = s.accept()
            threading.Thread(target=handle, args=(c, next(conn_ids)), daemon=True).start()
    threading.Thread(target=serve, daemon=True).start()
    return s.getsockname()[1]
