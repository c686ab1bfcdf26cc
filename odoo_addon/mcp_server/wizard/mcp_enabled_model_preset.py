# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models

from ..denylist import is_denied_model
from .mcp_enabled_model_bulk_add import PERMISSION_FIELDS

READ = ("allow_read",)
READ_CREATE_WRITE = ("allow_read", "allow_create", "allow_write")

# Each preset maps model names to the only permissions it grants on them.
# Models of apps that are not installed are skipped when the preset is applied.
PRESETS = {
    "contacts_read": {
        "res.partner": READ,
        "res.partner.category": READ,
        "res.partner.industry": READ,
        "res.partner.title": READ,
        "res.country": READ,
        "res.country.state": READ,
    },
    "sales_read": {
        "sale.order": READ,
        "sale.order.line": READ,
        "res.partner": READ,
        "product.product": READ,
        "product.template": READ,
        "product.category": READ,
    },
    "sales_write": {
        "sale.order": READ_CREATE_WRITE,
        "sale.order.line": READ_CREATE_WRITE,
        "res.partner": READ,
        "product.product": READ,
        "product.template": READ,
        "product.category": READ,
    },
    "crm_write": {
        "crm.lead": READ_CREATE_WRITE,
        "crm.stage": READ,
        "crm.tag": READ,
        "crm.team": READ,
        "crm.lost.reason": READ,
        "res.partner": READ,
    },
    "inventory_read": {
        "stock.picking": READ,
        "stock.picking.type": READ,
        "stock.move": READ,
        "stock.move.line": READ,
        "stock.quant": READ,
        "stock.location": READ,
        "stock.warehouse": READ,
        "stock.lot": READ,
        "product.product": READ,
        "product.template": READ,
    },
    "project_write": {
        "project.project": READ_CREATE_WRITE,
        "project.task": READ_CREATE_WRITE,
        "project.task.type": READ,
        "project.tags": READ,
        "project.milestone": READ,
        "res.partner": READ,
    },
    "accounting_read": {
        "account.move": READ,
        "account.move.line": READ,
        "account.account": READ,
        "account.journal": READ,
        "account.payment": READ,
        "account.payment.term": READ,
        "account.tax": READ,
        "res.partner": READ,
    },
}


class McpEnabledModelPreset(models.TransientModel):
    _name = "mcp.enabled.model.preset"
    _description = "Apply an AI agent (MCP) permission preset"

    preset = fields.Selection(
        selection=[
            ("contacts_read", "Contacts (read)"),
            ("sales_read", "Sales (read)"),
            ("sales_write", "Sales (read/write, no delete)"),
            ("crm_write", "CRM (read/write)"),
            ("inventory_read", "Inventory (read)"),
            ("project_write", "Projects and tasks (read/write)"),
            ("accounting_read", "Accounting (read)"),
        ],
        required=True,
        default="contacts_read",
    )
    available_model_ids = fields.Many2many(
        comodel_name="ir.model",
        compute="_compute_preset_models",
        string="Models to enable",
        help="Models of this preset that exist in this database.",
    )
    missing_models = fields.Char(
        compute="_compute_preset_models",
        string="Skipped (app not installed)",
    )

    @api.depends("preset")
    def _compute_preset_models(self):
        for wizard in self:
            names = sorted(PRESETS.get(wizard.preset, {}))
            found = self.env["ir.model"].search([("model", "in", names)])
            wizard.available_model_ids = found
            wizard.missing_models = ", ".join(
                name for name in names if name not in set(found.mapped("model"))
            )

    @api.model
    def _apply_preset(self, preset):
        """Grant the preset's permissions; return (added, updated) mcp.enabled.model.

        Never grants more than the preset names: on a model already enabled only
        the named permissions are switched on and the others are left as they are;
        an archived entry is reactivated with exactly the preset's permissions.
        """
        grants = {
            name: flags for name, flags in PRESETS[preset].items() if not is_denied_model(name)
        }
        ir_models = self.env["ir.model"].search([("model", "in", list(grants))])
        enabled_models = self.env["mcp.enabled.model"].with_context(active_test=False)
        existing = enabled_models.search([("model_id", "in", ir_models.ids)])
        by_model = {entry.model_id: entry for entry in existing}
        added = enabled_models
        to_create = []
        for ir_model in ir_models:
            flags = grants[ir_model.model]
            exact = {name: name in flags for name in PERMISSION_FIELDS}
            entry = by_model.get(ir_model)
            if entry is None:
                to_create.append(dict(exact, model_id=ir_model.id))
            elif not entry.active:
                entry.write(dict(exact, active=True))
            else:
                missing = {name: True for name in flags if not entry[name]}
                if missing:
                    entry.write(missing)
        if to_create:
            added = enabled_models.create(to_create)
        return added, existing

    def action_apply(self):
        self.ensure_one()
        added, updated = self._apply_preset(self.preset)
        message = _(
            "%(added)s model(s) added, %(updated)s already listed.",
            added=len(added),
            updated=len(updated),
        )
        if self.missing_models:
            message += " " + _("Skipped (app not installed): %s", self.missing_models)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
