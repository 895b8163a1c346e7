"""The glossary's key terms: each has its three official texts and a source, and translations use them."""
from pathlib import Path

import pytest
import yaml

from indicators.i18n.messages import read_catalog
from indicators.store.catalogue_text import catalogue_texts

GLOSSARY = yaml.safe_load((Path(__file__).resolve().parents[2] / "indicators/i18n/glossary.yaml").read_text("utf-8"))


def test_every_term_has_three_languages_and_a_source():
    for term in GLOSSARY["terms"]:
        assert all(term.get(k) for k in ("id", "en", "fr", "es", "source")), term.get("id")
    ids = {t["id"]: t for t in GLOSSARY["terms"]}
    assert ids["gcm"]["es"] == "Pacto Mundial para una Migración Segura, Ordenada y Regular"
    assert ids["icrmw"]["fr"] == ("Convention internationale sur la protection des droits de tous les travailleurs "
                                  "migrants et des membres de leur famille")


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_messages_use_the_glossary_short_forms(lang):
    # wherever an English message says "SDG" (or "ILO", "Global Compact"), its translation says ODD/ODS (OIT, ...)
    checks = [t["check"] for t in GLOSSARY["terms"] if t.get("check")]
    wrong = []
    for m in read_catalog(lang):
        if not m.id or not isinstance(m.id, str):
            continue
        for c in checks:
            if c["en"] in m.id and c[lang] not in m.string:
                wrong.append((m.id[:60], c[lang]))
    assert not wrong, wrong


def test_the_icrmw_definition_uses_its_official_title():
    term = {t["id"]: t for t in GLOSSARY["terms"]}["icrmw"]
    for lang in ("fr", "es"):
        text = catalogue_texts(lang)["indicators"]["icrmw_party"]["definition"].replace("\n", " ")
        assert " ".join(term[lang].split()).lower() in " ".join(text.split()).lower()
