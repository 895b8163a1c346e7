"""Domain core of the migrant-protection dashboard, in layers whose imports only run downward:

store (reference data, catalogue, the store) <- scoring <- uploads, views (independent) <- exports <- web (HTTP
routes), with cli.py at the top beside pages/ and app.py. Nothing in this package imports Dash.
"""
