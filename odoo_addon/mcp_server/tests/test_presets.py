# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from ..denylist import is_denied_model
from ..wizard.mcp_enabled_model_bulk_add import PERMISSION_FIELDS
from ..wizard.mcp_enabled_model_preset import PRESETS
from .common import McpServerCase


class TestPresets(McpServerCase):
    def setUp(self):
        super().setUp()
        self.enabled_models = self.env["mcp.enabled.model"].with_context(active_test=False)
        self.enabled_models.search([]).unlink()

    def entry(self, model_name):
        return self.enabled_models.search([("model_name", "=", model_name)])

    def granted(self, entry):
        return {name for name in PERMISSION_FIELDS if entry[name]}

    def test_every_required_preset_is_offered(self):
        offered = dict(self.env["mcp.enabled.model.preset"]._fields["preset"].selection)
        self.assertEqual(
            set(offered),
            {
                "contacts_read",
                "sales_read",
                "sales_write",
                "crm_write",
                "inventory_read",
                "project_write",
                "accounting_read",
            },
        )
        self.assertEqual(set(offered), set(PRESETS))

    def test_no_preset_names_a_denylisted_model_or_grants_delete(self):
        for preset, grants in PRESETS.items():
            for model_name, flags in grants.items():
                with self.subTest(preset=preset, model=model_name):
                    self.assertFalse(is_denied_model(model_name))
                    self.assertLessEqual(set(flags), set(PERMISSION_FIELDS))
                    self.assertNotIn("allow_unlink", flags)
                    self.assertNotIn("allow_method_calls", flags)

    def test_each_preset_adds_exactly_what_it_names_for_installed_models(self):
        for preset, grants in PRESETS.items():
            with self.subTest(preset=preset):
                self.enabled_models.search([]).unlink()
                wizard = self.env["mcp.enabled.model.preset"].create({"preset": preset})
                wizard.action_apply()
                installed = set(
                    self.env["ir.model"].search([("model", "in", list(grants))]).mapped("model")
                )
                enabled = self.enabled_models.search([])
                self.assertEqual(set(enabled.mapped("model_name")), installed)
                for entry in enabled:
                    self.assertEqual(self.granted(entry), set(grants[entry.model_name]))

    def test_presets_of_missing_apps_skip_their_models(self):
        # The harness has Contacts and Sales only; a model of an app that is not
        # installed is reported, never created.
        wizard = self.env["mcp.enabled.model.preset"].create({"preset": "crm_write"})
        missing = [name for name in PRESETS["crm_write"] if not self.ir_model(name)]
        if not missing:
            self.skipTest("CRM is installed in this database")
        self.assertTrue(all(name in wizard.missing_models for name in missing))
        self.assertNotIn("res.partner", wizard.missing_models)
        self.assertIn("res.partner", wizard.available_model_ids.mapped("model"))
        wizard.action_apply()
        self.assertFalse(self.enabled_models.search([("model_name", "in", missing)]))
        self.assertEqual(self.granted(self.entry("res.partner")), {"allow_read"})

    def test_sales_write_preset_grants_create_and_write_but_no_delete(self):
        self.env["mcp.enabled.model.preset"]._apply_preset("sales_write")
        self.assertEqual(
            self.granted(self.entry("sale.order")), {"allow_read", "allow_create", "allow_write"}
        )
        self.assertEqual(self.granted(self.entry("res.partner")), {"allow_read"})

    def test_a_preset_never_removes_a_permission(self):
        self.enabled_models.create(
            {
                "model_id": self.ir_model("res.partner").id,
                "allow_read": False,
                "allow_unlink": True,
                "notes": "kept",
            }
        )
        added, updated = self.env["mcp.enabled.model.preset"]._apply_preset("contacts_read")
        partner = self.entry("res.partner")
        self.assertIn(partner, updated)
        self.assertNotIn(partner, added)
        self.assertEqual(self.granted(partner), {"allow_read", "allow_unlink"})
        self.assertEqual(partner.notes, "kept")

    def test_a_preset_reactivates_an_archived_entry_with_only_its_permissions(self):
        self.enabled_models.create(
            {
                "model_id": self.ir_model("res.partner").id,
                "active": False,
                "allow_write": True,
                "allow_unlink": True,
                "allow_method_calls": True,
            }
        )
        self.env["mcp.enabled.model.preset"]._apply_preset("contacts_read")
        partner = self.entry("res.partner")
        self.assertTrue(partner.active)
        self.assertEqual(self.granted(partner), {"allow_read"})

    def test_applying_a_preset_twice_changes_nothing(self):
        preset = self.env["mcp.enabled.model.preset"]
        first_added, _updated = preset._apply_preset("contacts_read")
        second_added, second_updated = preset._apply_preset("contacts_read")
        self.assertFalse(second_added)
        self.assertEqual(second_updated, first_added)
