# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import ValidationError

from .common import McpServerCase


class TestBulkAdd(McpServerCase):
    def setUp(self):
        super().setUp()
        self.enabled_models = self.env["mcp.enabled.model"].with_context(active_test=False)
        self.enabled_models.search([]).unlink()

    def test_adds_many_models_with_the_chosen_permissions(self):
        models = self.ir_model("res.partner") | self.ir_model("res.country")
        wizard = self.env["mcp.enabled.model.bulk.add"].create(
            {"model_ids": [(6, 0, models.ids)], "allow_read": True, "allow_write": True}
        )
        result = wizard.action_apply()
        self.assertEqual(result["tag"], "display_notification")
        entries = self.enabled_models.search([])
        self.assertEqual(entries.model_id, models)
        for entry in entries:
            self.assertTrue(entry.allow_read and entry.allow_write)
            self.assertFalse(entry.allow_create or entry.allow_unlink or entry.allow_method_calls)

    def test_updates_and_reactivates_models_already_listed(self):
        partner = self.ir_model("res.partner")
        self.enabled_models.create({"model_id": partner.id, "active": False, "allow_unlink": True})
        self.env["mcp.enabled.model.bulk.add"].create(
            {"model_ids": [(6, 0, partner.ids)], "allow_read": True, "notes": "bulk"}
        ).action_apply()
        entry = self.enabled_models.search([("model_id", "=", partner.id)])
        self.assertEqual(len(entry), 1)
        self.assertTrue(entry.active and entry.allow_read)
        self.assertFalse(entry.allow_unlink)
        self.assertEqual(entry.notes, "bulk")

    def test_refuses_denylisted_models(self):
        wizard = self.env["mcp.enabled.model.bulk.add"].create(
            {"model_ids": [(6, 0, (self.ir_model("res.partner") | self.ir_model("ir.cron")).ids)]}
        )
        with self.assertRaises(ValidationError):
            wizard.action_apply()
