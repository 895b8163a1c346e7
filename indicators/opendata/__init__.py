"""Open data: what the read API, the SDMX files, the data packages and the embeds serve (no Flask, no Dash here)."""
