"""Scoring (DESIGN §3): normalisation, ratings, trends, pillars and index, corridors, sensitivity, explanations,
and the scorecards cached per data version that pages, exports and the CLI read.
May import indicators.store only."""
