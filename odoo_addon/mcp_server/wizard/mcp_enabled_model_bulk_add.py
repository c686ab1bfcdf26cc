# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, fields, models

from ..denylist import allowed_model_domain

PERMISSION_FIELDS = (
    "allow_read",
    "allow_create",
    "allow_write",
    "allow_unlink",
    "allow_method_calls",
)


class McpEnabledModelBulkAdd(models.TransientModel):
    _name = "mcp.enabled.model.bulk.add"
    _description = "Enable several models for AI agents (MCP) at once"

    model_ids = fields.Many2many(
        comodel_name="ir.model",
        relation="mcp_enabled_model_bulk_add_ir_model_rel",
        column1="wizard_id",
        column2="model_id",
        string="Models",
        required=True,
        domain=lambda self: allowed_model_domain(),
    )
    allow_read = fields.Boolean(string="Read", default=True)
    allow_create = fields.Boolean(string="Create")
    allow_write = fields.Boolean(string="Write")
    allow_unlink = fields.Boolean(string="Delete")
    allow_method_calls = fields.Boolean(string="Business methods")
    notes = fields.Text()

    def _permissions(self):
        self.ensure_one()
        return {name: self[name] for name in PERMISSION_FIELDS}

    def action_apply(self):
        """Enable the chosen models with exactly the chosen permissions.

        Models already in the list (archived ones too) get these permissions and
        are reactivated; the others are added.
        """
        self.ensure_one()
        enabled_models = self.env["mcp.enabled.model"].with_context(active_test=False)
        existing = enabled_models.search([("model_id", "in", self.model_ids.ids)])
        values = dict(self._permissions(), active=True)
        if self.notes:
            values["notes"] = self.notes
        existing.write(values)
        new_models = self.model_ids - existing.model_id
        enabled_models.create([dict(values, model_id=model.id) for model in new_models])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(added)s model(s) added, %(updated)s updated.",
                    added=len(new_models),
                    updated=len(existing),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
