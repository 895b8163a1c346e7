"""Working-group uploads: reading files and their layouts, validation, preview and commit, proposed indicators,
credentials, templates and the format guide.
May import indicators.store and indicators.scoring; never indicators.views."""
