# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests.common import TransactionCase


class TestSpanish(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["mcp_server"], ["es_ES"], overwrite=True)
        cls.env_es = cls.env(context=dict(cls.env.context, lang="es_ES"))

    def test_menus_fields_and_selections_are_in_spanish(self):
        self.assertEqual(self.env_es.ref("mcp_server.mcp_server_menu_root").name, "Agentes de IA")
        self.assertEqual(self.env_es.ref("mcp_server.group_mcp_admin").name, "Administrador MCP")
        field = self.env_es["ir.model.fields"]._get("mcp.enabled.model", "allow_method_calls")
        self.assertEqual(field.field_description, "Métodos de negocio")
        field = self.env_es["ir.model.fields"]._get(
            "res.config.settings", "mcp_bridge_rate_limit_per_minute"
        )
        self.assertEqual(field.field_description, "Llamadas del puente por minuto")
        self.assertIn("fallo 429 en XML-RPC, HTTP 429 en REST", field.help)
        labels = dict(self.env_es["mcp.log"]._fields["event_type"]._description_selection(self.env_es))
        self.assertEqual(labels["permission_denied"], "Permiso denegado")

    def test_messages_from_code_are_in_spanish(self):
        self.env["mcp.enabled.model"].with_context(active_test=False).search([]).unlink()
        wizard = self.env_es["mcp.enabled.model.preset"].create({"preset": "contacts_read"})
        message = wizard.action_apply()["params"]["message"]
        self.assertIn("modelo(s) añadido(s)", message)
