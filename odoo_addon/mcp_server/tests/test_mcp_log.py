# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from .common import McpServerCase


class TestMcpLog(McpServerCase):
    def test_nobody_creates_edits_or_deletes_audit_rows(self):
        row = self.insert_log(self.mcp_user)
        for user in (self.mcp_user, self.mcp_admin, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login):
                logs = self.env["mcp.log"].with_user(user)
                with self.assertRaises(AccessError):
                    logs.create({"event_type": "error"})
                with self.assertRaises(AccessError):
                    row.with_user(user).write({"event_type": "error"})
                with self.assertRaises(AccessError):
                    row.with_user(user).unlink()

    def test_mcp_users_read_only_their_own_rows(self):
        own = self.insert_log(self.mcp_user)
        other = self.insert_log(self.other_mcp_user)
        visible = self.env["mcp.log"].with_user(self.mcp_user).search([])
        self.assertIn(own, visible)
        self.assertNotIn(other, visible)
        with self.assertRaises(AccessError):
            other.with_user(self.mcp_user).read(["event_type"])

    def test_mcp_administrators_read_all_rows(self):
        own = self.insert_log(self.mcp_user)
        other = self.insert_log(self.other_mcp_user)
        visible = self.env["mcp.log"].with_user(self.mcp_admin).search([])
        self.assertIn(own, visible)
        self.assertIn(other, visible)

    def test_users_outside_the_mcp_groups_read_nothing(self):
        self.insert_log(self.mcp_user)
        plain = new_test_user(self.env, login="mcp_test_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["mcp.log"].with_user(plain).search([])

    def test_newest_rows_come_first(self):
        old = self.insert_log(self.mcp_user, age_days=2)
        new = self.insert_log(self.mcp_user)
        rows = self.env["mcp.log"].search([("id", "in", (old | new).ids)])
        self.assertEqual(rows.ids, [new.id, old.id])

    def test_retention_job_deletes_only_rows_older_than_the_setting(self):
        old = self.insert_log(self.mcp_user, age_days=40)
        recent = self.insert_log(self.mcp_user, age_days=5)
        self.env["ir.config_parameter"].set_param("mcp_server.log_retention_days", "30")
        deleted = self.env["mcp.log"]._gc_old_logs()
        self.assertGreaterEqual(deleted, 1)
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_retention_zero_or_unset_keeps_everything(self):
        old = self.insert_log(self.mcp_user, age_days=4000)
        self.env["ir.config_parameter"].set_param("mcp_server.log_retention_days", "0")
        self.assertEqual(self.env["mcp.log"]._gc_old_logs(), 0)
        self.env["ir.config_parameter"].set_param("mcp_server.log_retention_days", False)
        self.assertEqual(self.env["mcp.log"]._gc_old_logs(), 0)
        self.assertTrue(old.exists())

    def test_retention_cron_runs_daily_and_forever(self):
        cron = self.env.ref("mcp_server.ir_cron_mcp_log_gc")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        if "numbercall" in cron._fields:
            self.assertEqual(cron.numbercall, -1)
        cron.method_direct_trigger()

    def test_audit_columns_are_indexed(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'mcp_log'"
        )
        definitions = " ".join(row[0] for row in self.env.cr.fetchall())
        for column in ("create_date", "user_id", "model_name", "event_type"):
            self.assertIn(f"({column})", definitions)

    def test_display_name_says_what_happened(self):
        row = self.insert_log(self.mcp_user, event_type="permission_denied")
        self.assertEqual(row.display_name, "Permission denied res.partner search_read")
