# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase


class TestSettings(TransactionCase):
    def param(self, key):
        return self.env["ir.config_parameter"].sudo().get_param(key)

    def test_settings_are_stored_under_mcp_server_keys(self):
        self.env["res.config.settings"].create(
            {
                "mcp_enabled": True,
                "mcp_enable_logging": True,
                "mcp_log_retention_days": 30,
                "mcp_rate_limit_per_minute": 60,
                "mcp_rate_limit_per_hour": 1000,
                "mcp_rate_limit_per_day": 10000,
                "mcp_bridge_rate_limit_per_minute": 600,
                "mcp_bridge_rate_limit_per_hour": 20000,
                "mcp_bridge_rate_limit_per_day": 200000,
                "mcp_allow_plain_passwords": True,
                "mcp_allowed_databases": " harness,staging ",
            }
        ).execute()
        self.assertEqual(self.param("mcp_server.enabled"), "True")
        self.assertEqual(self.param("mcp_server.enable_logging"), "True")
        self.assertEqual(self.param("mcp_server.log_retention_days"), "30")
        self.assertEqual(self.param("mcp_server.rate_limit_per_minute"), "60")
        self.assertEqual(self.param("mcp_server.rate_limit_per_hour"), "1000")
        self.assertEqual(self.param("mcp_server.rate_limit_per_day"), "10000")
        self.assertEqual(self.param("mcp_server.bridge_rate_limit_per_minute"), "600")
        self.assertEqual(self.param("mcp_server.bridge_rate_limit_per_hour"), "20000")
        self.assertEqual(self.param("mcp_server.bridge_rate_limit_per_day"), "200000")
        self.assertEqual(self.param("mcp_server.allow_plain_passwords"), "True")
        self.assertEqual(self.param("mcp_server.allowed_databases"), "harness,staging")

    def test_cleared_settings_remove_their_parameter(self):
        # The sidecar reads a missing parameter as off / 0.
        self.env["res.config.settings"].create(
            {"mcp_enabled": True, "mcp_rate_limit_per_minute": 5}
        ).execute()
        self.env["res.config.settings"].create(
            {"mcp_enabled": False, "mcp_rate_limit_per_minute": 0, "mcp_enable_logging": False}
        ).execute()
        self.assertFalse(self.param("mcp_server.enabled"))
        self.assertFalse(self.param("mcp_server.rate_limit_per_minute"))
        self.assertFalse(self.param("mcp_server.enable_logging"))

    def test_settings_show_the_stored_parameters(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("mcp_server.log_retention_days", "45")
        params.set_param("mcp_server.enable_logging", "True")
        params.set_param("mcp_server.allow_plain_passwords", False)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.mcp_log_retention_days, 45)
        self.assertTrue(settings.mcp_enable_logging)
        self.assertFalse(settings.mcp_allow_plain_passwords)

    def test_install_seeds_audit_on_and_90_days(self):
        enable_logging = self.env.ref("mcp_server.config_parameter_enable_logging")
        retention = self.env.ref("mcp_server.config_parameter_log_retention_days")
        self.assertEqual(enable_logging.key, "mcp_server.enable_logging")
        self.assertEqual(retention.key, "mcp_server.log_retention_days")
        data = self.env["ir.model.data"].search(
            [("module", "=", "mcp_server"), ("model", "=", "ir.config_parameter")]
        )
        self.assertTrue(all(data.mapped("noupdate")))

    def test_cleared_bridge_limits_remove_their_parameter(self):
        self.env["res.config.settings"].create(
            {"mcp_bridge_rate_limit_per_minute": 5, "mcp_bridge_rate_limit_per_day": 50}
        ).execute()
        self.assertEqual(self.param("mcp_server.bridge_rate_limit_per_minute"), "5")
        self.env["res.config.settings"].create(
            {"mcp_bridge_rate_limit_per_minute": 0, "mcp_bridge_rate_limit_per_day": 0}
        ).execute()
        self.assertFalse(self.param("mcp_server.bridge_rate_limit_per_minute"))
        self.assertFalse(self.param("mcp_server.bridge_rate_limit_per_day"))

    def test_settings_show_the_stored_bridge_limits(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("mcp_server.bridge_rate_limit_per_minute", "120")
        params.set_param("mcp_server.bridge_rate_limit_per_hour", "3000")
        params.set_param("mcp_server.bridge_rate_limit_per_day", "40000")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.mcp_bridge_rate_limit_per_minute, 120)
        self.assertEqual(settings.mcp_bridge_rate_limit_per_hour, 3000)
        self.assertEqual(settings.mcp_bridge_rate_limit_per_day, 40000)

    def test_negative_limits_are_refused(self):
        for name in (
            "mcp_log_retention_days",
            "mcp_rate_limit_per_minute",
            "mcp_rate_limit_per_hour",
            "mcp_rate_limit_per_day",
            "mcp_bridge_rate_limit_per_minute",
            "mcp_bridge_rate_limit_per_hour",
            "mcp_bridge_rate_limit_per_day",
        ):
            with self.subTest(field=name), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({name: -1})

    def test_rate_limit_help_names_the_xmlrpc_fault_and_the_rest_status(self):
        fields = self.env["res.config.settings"]._fields
        for prefix, caller in (("mcp_rate_limit_per_", "a user's"), ("mcp_bridge_rate_limit_per_", "a bridge")):
            for unit in ("minute", "hour", "day"):
                field = fields[prefix + unit]
                with self.subTest(field=field.name):
                    self.assertEqual(
                        field.config_parameter, "mcp_server." + field.name[len("mcp_"):]
                    )
                    self.assertEqual(field.type, "integer")
                    self.assertIn(caller, field.help)
                    self.assertIn(f"per {unit}", field.help)
                    self.assertIn("fault 429 on XML-RPC, HTTP 429 on REST", field.help)
                    self.assertIn("0 means no limit", field.help)

    def test_settings_view_shows_the_bridge_limits(self):
        # The block is for MCP administrators; Settings administrators are ones.
        admin = self.env.ref("base.user_admin")
        arch = (
            self.env["res.config.settings"]
            .with_user(admin)
            .get_view(self.env.ref("base.res_config_settings_view_form").id)["arch"]
        )
        self.assertIn('string="Rate limits per bridge"', arch)
        for unit in ("minute", "hour", "day"):
            self.assertIn(f'name="mcp_bridge_rate_limit_per_{unit}"', arch)

    def test_every_setting_explains_what_the_sidecar_does(self):
        fields = self.env["res.config.settings"]._fields
        for name in fields:
            if name.startswith("mcp_"):
                with self.subTest(field=name):
                    self.assertTrue(fields[name].config_parameter.startswith("mcp_server."))
                    self.assertTrue(fields[name].help)
