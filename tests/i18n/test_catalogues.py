"""Completeness: every interface message and every catalogue text has a French and a Spanish translation.

Messages are extracted from the code with Babel (babel.cfg), as `python -m indicators.i18n.extract` does; a message
in the code but not in a .po, or with an empty translation, fails here with the message named.
"""
import re

import pytest

from indicators.i18n import LANGUAGES, DEFAULT
from indicators.i18n.extract import UNREVIEWED, extract
from indicators.i18n.messages import read_catalog
from indicators.store.catalogue import load_catalogue
from indicators.store.catalogue_text import INDICATOR_FIELDS, catalogue_texts

OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT]
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


@pytest.fixture(scope="module")
def template():
    return extract()


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


@pytest.mark.parametrize("lang", OTHERS)
def test_every_message_of_the_code_has_a_translation(template, lang):
    po = read_catalog(lang)
    missing = [m.id for m in template if m.id and (po.get(m.id, m.context) is None or
                                                    not all(_strings(po.get(m.id, m.context))))]
    assert not missing, f"{len(missing)} messages without a {lang} translation (run python -m indicators.i18n.extract " \
                        f"and translate them): {missing[:10]}"
    assert len(template) > 300            # the extraction found the product's messages, not an empty set


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_every_placeholder(lang):
    for m in read_catalog(lang):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for s in _strings(m):
            assert set(PLACEHOLDER.findall(s)) == wanted or (set(PLACEHOLDER.findall(s)) | {"{n}"}) >= wanted, \
                f"{lang}: {m.id!r} -> {s!r} changes the placeholders"


@pytest.mark.parametrize("lang", OTHERS)
def test_unreviewed_translations_are_marked(lang):
    # every translation drafted without a reviewer carries the translator comment; the count is reported in README
    po = read_catalog(lang)
    marked = [m for m in po if m.id and UNREVIEWED in m.user_comments]
    assert all(m.id for m in marked) and len(marked) <= len([m for m in po if m.id])


@pytest.mark.parametrize("lang", OTHERS)
def test_every_catalogue_text_is_translated(lang):
    cat, t = load_catalogue(), catalogue_texts(lang)
    gaps = []
    for iid in cat.ids:
        entry = (t.get("indicators") or {}).get(iid) or {}
        for f in INDICATOR_FIELDS:
            english = cat.indicators.at[iid, f]
            if isinstance(english, str) and english.strip() and not entry.get(f):
                gaps.append(f"{iid}.{f}")
        own = cat.indicators.at[iid, "rating_labels"]
        if isinstance(own, dict):
            gaps += [f"{iid}.rating_labels.{k}" for k in own if k not in (entry.get("rating_labels") or {})]
    for p, v in cat.pillars.items():
        gaps += [f"pillars.{p}.{f}" for f in ("name", "description", "not_covered")
                 if v.get(f) and not (t.get("pillars", {}).get(p) or {}).get(f)]
    gaps += [f"ratings.{r['id']}" for r in cat.ratings if r["id"] not in (t.get("ratings") or {})]
    gaps += [f"score_bands.{r['id']}" for r in cat.score_bands if r["id"] not in (t.get("score_bands") or {})]
    gaps += [f"corridor_components.{c['id']}" for c in cat.corridor_components
             if c["id"] not in (t.get("corridor_components") or {})]
    gaps += [f"gcm_objectives.{o['number']}" for o in cat.gcm_objectives
             if o["number"] not in (t.get("gcm_objectives") or {})]
    gaps += [f"gcm_would_feed.{o['number']}" for o in cat.gcm_objectives
             if o.get("would_feed") and o["number"] not in (t.get("gcm_would_feed") or {})]
    gaps += [f"method_changelog.{c['version']}" for c in cat.method_changelog
             if c["version"] not in (t.get("method_changelog") or {})]
    gaps += [f"gcm_references.{g}" for g in set(cat.indicators["gcm"].dropna())
             if g and g not in (t.get("gcm_references") or {})]
    assert not gaps, f"catalogue.{lang}.yaml lacks {gaps}"


@pytest.mark.parametrize("lang", OTHERS)
def test_catalogue_translations_name_only_known_entries(lang):
    cat, t = load_catalogue(), catalogue_texts(lang)
    assert set(t.get("indicators") or {}) <= set(cat.ids)
    assert set(t.get("pillars") or {}) <= set(cat.pillars)
