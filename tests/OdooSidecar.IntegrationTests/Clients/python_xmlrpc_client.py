"""Drives Odoo's XML-RPC API with the standard library's xmlrpc.client, as a plain Python integration would.

Usage: python3 python_xmlrpc_client.py BASE_URL DB API_KEY COMMON_PATH OBJECT_PATH ODOO_OBJECT_PATH

Prints one JSON document: per step its result or fault, and every request body the client sent (with the path),
so the caller can check what reached Odoo. A fault never stops the run; later steps that need a created record
are skipped when the create failed.
"""
import json
import sys
import xmlrpc.client

base_url, db, key, common_path, object_path, odoo_object_path = sys.argv[1:7]
sent = []


class RecordingTransport(xmlrpc.client.Transport):
    """The standard transport, keeping each request body it sends."""

    def send_request(self, host, handler, request_body, debug):
        sent.append({"path": handler, "body": request_body.decode("utf-8")})
        return super().send_request(host, handler, request_body, debug)


def proxy(path):
    return xmlrpc.client.ServerProxy(base_url + path, allow_none=True, transport=RecordingTransport())


common = proxy(common_path)
models = proxy(object_path)
odoo_models = proxy(odoo_object_path)
steps = {}


def step(name, call):
    try:
        steps[name] = {"result": call()}
    except xmlrpc.client.Fault as fault:
        steps[name] = {"fault": {"faultCode": fault.faultCode, "faultString": fault.faultString}}
    return steps[name].get("result")


version = step("version", lambda: common.version())
uid = step("authenticate", lambda: common.authenticate(db, "admin", key, {}))
step("search_read", lambda: models.execute_kw(
    db, uid, key, "res.partner", "search_read",
    [[["is_company", "=", True], ["name", "ilike", "a"]]],
    {"fields": ["name", "email"], "limit": 5, "offset": 0, "order": None, "context": {"lang": "en_US"}}))
created = step("create", lambda: models.execute_kw(
    db, uid, key, "res.partner", "create", [{"name": "Sidecar & Python <client>", "is_company": False}]))
if isinstance(created, int):
    step("write", lambda: models.execute_kw(
        db, uid, key, "res.partner", "write", [[created], {"phone": "+1 555 0100", "comment": None}]))
    step("read_after_write", lambda: odoo_models.execute_kw(
        db, uid, key, "res.partner", "read", [[created]], {"fields": ["name", "phone"]}))
    step("unlink", lambda: models.execute_kw(db, uid, key, "res.partner", "unlink", [[created]]))
step("search_read_on_odoo_path", lambda: odoo_models.execute_kw(
    db, uid, key, "res.partner", "search_read", [[["id", "in", [1, 3]]]], {"fields": ["name"], "order": "id"}))
step("model_not_enabled", lambda: models.execute_kw(
    db, uid, key, "res.users", "search_read", [[]], {"fields": ["login"], "limit": 1}))
step("wrong_key", lambda: models.execute_kw(
    db, uid, key[:8] + "0" * 32, "res.partner", "search_count", [[]]))

print(json.dumps({"steps": steps, "sent": sent, "created": created}))
