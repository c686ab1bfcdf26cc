from . import mcp_enabled_model_bulk_add
from . import mcp_enabled_model_preset
