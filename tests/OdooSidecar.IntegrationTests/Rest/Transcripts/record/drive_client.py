"""Runs mcp-server-odoo 0.5.1's own code (start-up + tools) against ODOO_URL; prints what each step returned."""
import asyncio, json, os, sys

# mcp-server-odoo 0.5.1 (git tag v0.5.1 of ivnvxd/mcp-server-odoo, its package __init__.py emptied so server.py is not
# imported) and stand-ins for the mcp SDK, which its tools module only imports.
CLIENT_SOURCE = os.environ["MCP_SERVER_ODOO_SOURCE"]
STUBS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stubs")
sys.path[:0] = [STUBS, CLIENT_SOURCE]
from mcp_server_odoo.config import load_config
from mcp_server_odoo.performance import PerformanceManager
from mcp_server_odoo.odoo_connection import OdooConnection
from mcp_server_odoo.access_control import AccessController
from mcp_server_odoo.tools import OdooToolHandler
from mcp.server.fastmcp import FastMCP

def show(step, value):
    print(f"--- {step}: {json.dumps(value, default=str)[:600]}", flush=True)

CAPTURE = os.environ.get("CAPTURE_OUT")
COLD = os.environ.get("REPLAY_COLD") == "1"
if CAPTURE:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import capture_server
    os.environ["ODOO_URL"] = f"http://127.0.0.1:{capture_server.start(CAPTURE)}"
    os.environ["ODOO_API_KEY"] = capture_server.KEY
    if os.environ.get("ODOO_DB"):
        os.environ["ODOO_DB"] = capture_server.DB

def begin(step, ac, pm):
    """Marks the next requests as <step>'s; a cold step starts with the client's caches empty, as a fresh process."""
    if CAPTURE:
        capture_server.step = step
    if COLD:
        ac._cache.clear()
        pm.field_cache.clear()

async def main():
    config = load_config()
    # start-up, as server.py _ensure_connection
    pm = PerformanceManager(config)
    conn = OdooConnection(config, performance_manager=pm)
    conn.connect()
    conn.authenticate()
    show("startup", {"database": conn.database, "uid": conn.uid})
    ac = AccessController(config, database=conn.database)
    h = OdooToolHandler(FastMCP(), conn, ac, config)
    model = os.environ.get("REPLAY_MODEL", "res.partner")
    state = {}

    async def step(name, run):
        begin(name, ac, pm)
        try:
            result = await run()
            show(name, result.model_dump() if hasattr(result, "model_dump") else result)
            return result
        except Exception as e:  # the client turns these into MCP errors; the replay reports them and goes on
            print(f"--- {name}: FAILED {type(e).__name__}: {e}", flush=True)
            return None

    found = await step("search_records", lambda: h._handle_search_tool(model, [["is_company", "=", True]], None, 5, 0, None))
    first = found["records"][0]["id"] if found and found["records"] else 1
    await step("get_record", lambda: h._handle_get_record_tool(model, first, None))
    created = await step("create_record", lambda: h._handle_create_record_tool(model, {"name": "OdooSidecar replay"}))
    if created:
        state["id"] = created["record"]["id"]
        await step("update_record", lambda: h._handle_update_record_tool(model, state["id"], {"phone": "+1 555 0100"}))
        await step("delete_record", lambda: h._handle_delete_record_tool(model, state["id"]))
    await step("list_models", lambda: h._handle_list_models_tool())


asyncio.run(main())
