from .fastmcp import FastMCP
