"""What each page shows (overview, country profile, corridors, compare, methodology) as DataFrames and Plotly figures,
the figure builders and the URL state; no Dash components.
May import indicators.store and indicators.scoring; never indicators.uploads."""
