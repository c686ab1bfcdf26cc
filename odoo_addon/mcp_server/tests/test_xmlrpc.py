# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import xmlrpc.client

from odoo.tests.common import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXmlRpcUnchanged(HttpCase):
    """The addon enforces nothing: Odoo's own /xmlrpc/2/object behaves as without it.

    Enforcement is the sidecar's job; these calls go straight to Odoo.
    """

    def setUp(self):
        super().setUp()
        self.user = new_test_user(
            self.env,
            login="mcp_rpc_user",
            password="mcp_rpc_user_pw",
            groups="base.group_partner_manager,base.group_user,mcp_server.group_mcp_user",
        )
        self.env["ir.config_parameter"].sudo().set_param("mcp_server.enabled", "True")
        enabled = self.env["mcp.enabled.model"].with_context(active_test=False)
        enabled.search([]).unlink()
        enabled.create({"model_id": self.env["ir.model"]._get("res.partner").id})
        self.log_count = self.env["mcp.log"].sudo().search_count([])

    def call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.user.id, "mcp_rpc_user_pw", model, method, list(args), kwargs
        )

    def test_reads_writes_and_models_that_are_not_enabled_work_as_usual(self):
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "mcp_rpc_user", "mcp_rpc_user_pw", {}
        )
        self.assertEqual(uid, self.user.id)
        # Enabled read-only for agents, but Odoo's own API still lets the user write.
        partner_id = self.call("res.partner", "create", {"name": "Direct RPC partner"})
        self.call("res.partner", "write", [partner_id], {"name": "Renamed over RPC"})
        rows = self.call("res.partner", "read", [partner_id], fields=["name"])
        self.assertEqual(rows[0]["name"], "Renamed over RPC")
        # A model that is not enabled for agents answers as usual too.
        countries = self.call("res.country", "search_read", [("code", "=", "BE")], fields=["code"])
        self.assertEqual([row["code"] for row in countries], ["BE"])
        self.assertTrue(self.call("res.partner", "unlink", [partner_id]))
        # And Odoo's API writes no audit row: only the sidecar does.
        self.assertEqual(self.env["mcp.log"].sudo().search_count([]), self.log_count)

    def test_odoo_access_rights_still_answer_their_own_faults(self):
        # ir.config_parameter is denylisted for agents; Odoo answers its own access fault.
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call("ir.config_parameter", "search_read", [], fields=["key"])
        self.assertIn("not allowed to access", caught.exception.faultString)
