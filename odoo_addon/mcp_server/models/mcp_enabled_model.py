# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from lxml import etree

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import convert, file_open

from ..denylist import allowed_model_domain, is_denied_model

# Written for Odoo 18 (<list>); _load_list_views() renames the roots to <tree> on Odoo 17.
LIST_VIEWS_PATH = "mcp_server/views/mcp_list_views.xml"

# Channel and payloads are part of the contract with the sidecar (readme/CONFIGURE.md):
# it LISTENs on mcp_server_policy and reloads its whole policy on any payload.
# Constant SQL only: nothing here is built from values.
NOTIFY_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION mcp_server_notify_policy_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    relevant boolean := false;
BEGIN
    IF TG_TABLE_NAME <> 'ir_config_parameter' THEN
        relevant := true;
    ELSE
        IF TG_OP <> 'DELETE' THEN
            relevant := NEW.key LIKE 'mcp\_server.%';
        END IF;
        IF TG_OP <> 'INSERT' AND NOT relevant THEN
            relevant := OLD.key LIKE 'mcp\_server.%';
        END IF;
    END IF;
    IF relevant THEN
        PERFORM pg_notify('mcp_server_policy', TG_TABLE_NAME::text);
    END IF;
    RETURN NULL;
END;
$$
"""
NOTIFY_TRIGGERS_SQL = (
    "DROP TRIGGER IF EXISTS mcp_enabled_model_notify_policy ON mcp_enabled_model",
    "CREATE TRIGGER mcp_enabled_model_notify_policy"
    " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mcp_enabled_model"
    " FOR EACH STATEMENT EXECUTE FUNCTION mcp_server_notify_policy_change()",
    "DROP TRIGGER IF EXISTS ir_config_parameter_notify_policy ON ir_config_parameter",
    "CREATE TRIGGER ir_config_parameter_notify_policy"
    " AFTER INSERT OR UPDATE OR DELETE ON ir_config_parameter"
    " FOR EACH ROW EXECUTE FUNCTION mcp_server_notify_policy_change()",
)


class McpEnabledModel(models.Model):
    _name = "mcp.enabled.model"
    _description = "Model enabled for AI agents (MCP)"
    _order = "model_name"
    _rec_name = "model_name"

    model_id = fields.Many2one(
        comodel_name="ir.model",
        string="Model",
        required=True,
        ondelete="cascade",
        index=True,
        domain=lambda self: allowed_model_domain(),
        help="The Odoo model AI agents may reach through the sidecar.",
    )
    model_name = fields.Char(
        related="model_id.model",
        string="Technical name",
        store=True,
        index=True,
        help="Technical name of the model; the sidecar matches calls on it.",
    )
    active = fields.Boolean(
        default=True,
        help="Archived entries grant nothing: the sidecar treats the model as not enabled.",
    )
    allow_read = fields.Boolean(
        string="Read",
        default=True,
        help="The sidecar lets agents search, count and read records of this model.",
    )
    allow_create = fields.Boolean(
        string="Create",
        help="The sidecar lets agents create records of this model.",
    )
    allow_write = fields.Boolean(
        string="Write",
        help="The sidecar lets agents modify records of this model.",
    )
    allow_unlink = fields.Boolean(
        string="Delete",
        help="The sidecar lets agents delete records of this model.",
    )
    allow_method_calls = fields.Boolean(
        string="Business methods",
        help="The sidecar lets agents call business methods such as "
        "action_confirm on this model. Odoo's own access rights still apply.",
    )
    notes = fields.Text(help="Why this model is enabled, for the next administrator.")

    _sql_constraints = [
        (
            "model_id_unique",
            "unique(model_id)",
            "This model is already in the list (it may be archived).",
        ),
    ]

    def init(self):
        cr = self.env.cr
        cr.execute(NOTIFY_FUNCTION_SQL)
        for statement in NOTIFY_TRIGGERS_SQL:
            cr.execute(statement)

    @api.model
    def _load_list_views(self):
        """Load views/mcp_list_views.xml with the list root this Odoo accepts.

        Odoo 18 renamed the list view type "tree" to "list" and refuses a <tree> root;
        Odoo 17 refuses <list>. The records keep their XML ids in this module, so
        module updates refresh them and uninstalling removes them as usual.
        """
        view_types = self.env["ir.ui.view"]._fields["type"].get_values(self.env)
        with file_open(LIST_VIEWS_PATH, "rb") as views_file:
            document = etree.parse(views_file)
        if "list" not in view_types:  # Odoo 17
            for root in document.xpath("//record[@model='ir.ui.view']/field[@name='arch']/list"):
                root.tag = "tree"
        convert.xml_import(self.env, "mcp_server", {}, "update").parse(document.getroot())

    @api.constrains("model_id")
    def _check_model_not_denied(self):
        for record in self:
            if is_denied_model(record.model_id.model):
                raise ValidationError(
                    _(
                        "AI agents may never reach the model %(model)s: it holds "
                        "credentials, security rules, configuration or code.",
                        model=record.model_id.model,
                    )
                )
