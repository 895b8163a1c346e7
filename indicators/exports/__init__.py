"""Exports for briefings: print-styled chart rendering with one warm browser, CSV/XLSX with metadata, briefing content
and its PDF and PowerPoint writers.
May import indicators.views, indicators.scoring and indicators.store."""
