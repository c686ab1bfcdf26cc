# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests.common import TransactionCase


class TestViews(TransactionCase):
    """The actions open this module's list views, on Odoo 17 and 18 alike."""

    def test_actions_open_the_module_list_views(self):
        cases = (
            ("mcp_enabled_model_action", "mcp_enabled_model_view_tree", 'editable="bottom"'),
            ("mcp_log_action", "mcp_log_view_tree", "decoration-danger"),
        )
        for action_xmlid, view_xmlid, marker in cases:
            with self.subTest(action=action_xmlid):
                action = self.env["ir.actions.act_window"]._for_xml_id(f"mcp_server.{action_xmlid}")
                self.assertEqual(tuple(action["views"][0]), (False, "list"))
                # What the web client asks for when it opens the action.
                views = self.env[action["res_model"]].get_views(action["views"])["views"]
                self.assertEqual(views["list"]["id"], self.env.ref(f"mcp_server.{view_xmlid}").id)
                self.assertIn(marker, views["list"]["arch"])
