"""Working-group uploads: reading files and their layouts, validation, preview and commit, proposed indicators,
credentials, templates, the format guide and the upload history.
May import indicators.store and indicators.scoring; never indicators.views."""
