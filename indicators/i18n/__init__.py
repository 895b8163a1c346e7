"""Languages (English, French, Spanish): the language in force (`use(lang)`), messages, numbers, country names.

The bottom layer: imports nothing of the project, so every layer (store up to pages and CLI) may translate and format.
"""
from indicators.i18n.context import DEFAULT, LANGUAGES, current, negotiate, pick, resolved, use, valid
from indicators.i18n.messages import N_, _, gettext, ngettext

__all__ = ["DEFAULT", "LANGUAGES", "current", "negotiate", "pick", "resolved", "use", "valid", "N_", "_", "gettext",
           "ngettext"]
