# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests.common import TransactionCase, new_test_user, tagged


# post_install: with -u, at_install tests run as soon as this module is loaded, before the
# modules that do not depend on it (account, sale...). On Odoo 18, account adds a required
# res.partner column (autopost_bills) that such a half-loaded registry leaves empty, so
# creating the test users fails there.
@tagged("post_install", "-at_install")
class McpServerCase(TransactionCase):
    """Users with each MCP group, and SQL inserts like the sidecar's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mcp_user = new_test_user(
            cls.env, login="mcp_test_user", groups="base.group_user,mcp_server.group_mcp_user"
        )
        cls.other_mcp_user = new_test_user(
            cls.env, login="mcp_test_other", groups="base.group_user,mcp_server.group_mcp_user"
        )
        cls.mcp_admin = new_test_user(
            cls.env, login="mcp_test_admin", groups="base.group_user,mcp_server.group_mcp_admin"
        )

    def ir_model(self, model_name):
        return self.env["ir.model"]._get(model_name)

    def insert_log(self, user, event_type="model_access", age_days=0, model_name="res.partner"):
        """Insert an audit row by SQL, as the sidecar does, and return it."""
        self.env.cr.execute(
            """
            INSERT INTO mcp_log (event_type, outcome, user_id, model_name, method,
                                 create_uid, write_uid, create_date, write_date)
            VALUES (%s, 'success', %s, %s, 'search_read', %s, %s,
                    (now() at time zone 'UTC') - make_interval(days => %s),
                    (now() at time zone 'UTC') - make_interval(days => %s))
            RETURNING id
            """,
            (event_type, user.id, model_name, user.id, user.id, age_days, age_days),
        )
        return self.env["mcp.log"].browse(self.env.cr.fetchone()[0])
