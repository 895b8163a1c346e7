"""Open data: what the read API serves (catalogue, metadata, values, scores, profiles), SDMX, Frictionless data
packages, embed pages and their parameters, with no Flask and no Dash here.
May import indicators.exports, indicators.views, indicators.scoring and indicators.store."""
