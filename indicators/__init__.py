"""Domain core of the migrant-protection dashboard: catalogue, store, scoring, ingestion, geography, figures, export.

Nothing in this package imports Dash; pages call these functions.
"""
