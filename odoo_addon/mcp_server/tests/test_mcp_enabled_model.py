# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from ..denylist import allowed_model_domain, denied_models, is_denied_model
from .common import McpServerCase


class TestMcpEnabledModel(McpServerCase):
    def setUp(self):
        super().setUp()
        # Start from an empty list whatever the database already enables (a live
        # database may list res.partner); the test transaction rolls this back.
        self.env["mcp.enabled.model"].with_context(active_test=False).search([]).unlink()

    def test_enabling_a_business_model_grants_read_only_by_default(self):
        entry = self.env["mcp.enabled.model"].create({"model_id": self.ir_model("res.partner").id})
        self.assertEqual(entry.model_name, "res.partner")
        self.assertTrue(entry.active)
        self.assertTrue(entry.allow_read)
        self.assertFalse(
            entry.allow_create
            or entry.allow_write
            or entry.allow_unlink
            or entry.allow_method_calls
        )

    def test_exact_denylisted_models_are_refused(self):
        for model_name in ("res.users.apikeys", "res.groups", "ir.config_parameter", "ir.cron", "ir.rule"):
            with self.subTest(model=model_name), self.assertRaises(ValidationError):
                self.env["mcp.enabled.model"].create({"model_id": self.ir_model(model_name).id})

    def test_prefix_denylisted_models_are_refused(self):
        for model_name in ("ir.actions.server", "ir.module.module", "mcp.log", "mcp.enabled.model"):
            with self.subTest(model=model_name), self.assertRaises(ValidationError):
                self.env["mcp.enabled.model"].create({"model_id": self.ir_model(model_name).id})

    def test_switching_an_entry_to_a_denylisted_model_is_refused(self):
        entry = self.env["mcp.enabled.model"].create({"model_id": self.ir_model("res.partner").id})
        with self.assertRaises(ValidationError):
            entry.model_id = self.ir_model("res.users.apikeys")

    def test_a_model_is_listed_once(self):
        self.env["mcp.enabled.model"].create({"model_id": self.ir_model("res.partner").id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["mcp.enabled.model"].create({"model_id": self.ir_model("res.partner").id})

    def test_denylist_patterns(self):
        exact, prefixes = denied_models()
        self.assertIn("res.users.apikeys", exact)
        self.assertIn("ir.actions.", prefixes)
        self.assertTrue(is_denied_model("ir.actions.act_window"))
        self.assertTrue(is_denied_model("base.language.install"))
        self.assertFalse(is_denied_model("ir.actions"))
        self.assertFalse(is_denied_model("res.users"))
        self.assertFalse(is_denied_model("res.partner"))
        self.assertFalse(is_denied_model("mcpx.model"))

    def test_the_model_picker_hides_denylisted_and_transient_models(self):
        offered = self.env["ir.model"].search(allowed_model_domain()).mapped("model")
        self.assertIn("res.partner", offered)
        self.assertNotIn("res.users.apikeys", offered)
        self.assertNotIn("ir.actions.server", offered)
        self.assertNotIn("mcp.log", offered)
        self.assertNotIn("res.config.settings", offered)
        self.assertFalse([name for name in offered if is_denied_model(name)])

    def test_removing_the_model_removes_the_entry(self):
        self.assertEqual(
            self.env["mcp.enabled.model"]._fields["model_id"].ondelete, "cascade"
        )

    def test_mcp_users_read_and_admins_manage_enabled_models(self):
        entry = self.env["mcp.enabled.model"].create({"model_id": self.ir_model("res.partner").id})
        self.assertEqual(entry.with_user(self.mcp_user).model_name, "res.partner")
        with self.assertRaises(AccessError):
            entry.with_user(self.mcp_user).allow_write = True
        entry.with_user(self.mcp_admin).allow_write = True
        self.assertTrue(entry.allow_write)

    def test_settings_administrators_are_mcp_administrators(self):
        self.assertTrue(self.env.ref("base.user_admin").has_group("mcp_server.group_mcp_admin"))
        self.assertTrue(self.mcp_admin.has_group("mcp_server.group_mcp_user"))
        self.assertFalse(self.mcp_user.has_group("mcp_server.group_mcp_admin"))
