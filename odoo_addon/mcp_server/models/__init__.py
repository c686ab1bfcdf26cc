from . import mcp_enabled_model
from . import mcp_log
from . import res_config_settings
