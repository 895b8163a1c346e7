"""Message extraction and catalogue upkeep with Babel: `python -m indicators.i18n.extract` updates the .po files.

New messages enter each .po with an empty translation and the translator comment `unreviewed`; messages no longer
in the code are dropped. The completeness test (tests/i18n/test_catalogues.py) fails while any translation is empty.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from indicators.i18n.context import DEFAULT, LANGUAGES
from indicators.i18n.messages import po_path, read_catalog

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
UNREVIEWED = "unreviewed"


def extract(root: Path = ROOT) -> Catalog:
    """Every message of the product's Python (babel.cfg at the project root says which files)."""
    with open(root / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    cat = Catalog(locale=None, domain="messages", project="migrant-protection-dashboard", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True,
            directory_filter=lambda d: Path(d).name in {"indicators", "pages"} or Path(d).parent != root):
        old = cat.get(message if isinstance(message, str) else message[0], context)
        cat.add(message, locations=(old.locations if old else []) + [(filename, lineno)], auto_comments=comments,
                context=context)
    return cat


def update(lang: str, template: Catalog) -> tuple[int, int]:
    """Bring one language's .po in line with the code: (messages added, messages dropped)."""
    path = po_path(lang)
    old = read_catalog(lang) if path.exists() else Catalog(locale=lang, domain="messages")
    new = Catalog(locale=lang, domain="messages", project="migrant-protection-dashboard",
                  header_comment=old.header_comment, fuzzy=False)
    added = 0
    for msg in template:
        if not msg.id:
            continue
        prev = old.get(msg.id, msg.context)
        if prev is None or not prev.string:
            added += prev is None
            new.add(msg.id, prev.string if prev else ("", "") if msg.pluralizable else "",
                    locations=msg.locations, user_comments=[UNREVIEWED], context=msg.context)
        else:
            new.add(msg.id, prev.string, locations=msg.locations, user_comments=prev.user_comments,
                    context=msg.context)
    dropped = sum(1 for m in old if m.id and template.get(m.id, m.context) is None)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_po(fh, new, width=116, sort_output=False, include_previous=False)
    return added, dropped


def main() -> None:
    """Extract the messages and update every language's .po."""
    template = extract()
    for lang in LANGUAGES:
        if lang != DEFAULT:
            added, dropped = update(lang, template)
            print(f"{lang}: {len(template)} messages, {added} new, {dropped} dropped", file=sys.stderr)


if __name__ == "__main__":
    main()
