# Copyright 2025 OdooSidecar contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "AI agents (MCP) for OdooSidecar",
    "summary": "Choose which models AI agents may reach, see what they did, tune limits",
    "version": "1.0.0",
    "category": "Extra Tools",
    "author": "OdooSidecar contributors",
    "license": "LGPL-3",
    "depends": ["base", "base_setup"],
    "data": [
        "security/mcp_server_groups.xml",
        "security/ir.model.access.csv",
        "security/mcp_log_security.xml",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "views/mcp_enabled_model_views.xml",
        "views/mcp_log_views.xml",
        "wizard/mcp_enabled_model_bulk_add_views.xml",
        "wizard/mcp_enabled_model_preset_views.xml",
        "views/res_config_settings_views.xml",
        "views/mcp_server_menus.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": True,
}
