"""A proposed indicator checked step by step (fields, id, texts, numbers, choices, window, series codes, true/false),
then cleaned: the group named as source, weight 0 until the operator adopts it."""
from __future__ import annotations

import pytest

from indicators.i18n import use
from indicators.uploads.proposals import parse_proposal, validate_proposal
from tests.uploads.tiny import CAT

GOOD = {"id": "new_score", "name": "A new score", "pillar": "protection", "level": "country", "unit": "score",
        "direction": "higher_is_better", "best": 10, "worst": 0, "thresholds": [8, 5, 2], "valid_min": 0,
        "valid_max": 10, "licence": "CC BY 4.0", "definition": "A score.", "series_codes": ["NEW.CODE"],
        "source": "Survey"}


def problems(**changes) -> list[tuple[str, str | None, str]]:
    """(column, value, reason) of each problem of GOOD with the changes (a None value drops the field)."""
    entry = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    _, _, found = validate_proposal(entry, CAT, "grp")
    return [(p.column, p.value, p.reason) for p in found]


def test_a_good_proposal_is_cleaned_and_merged():
    clean, merged, found = validate_proposal(dict(GOOD), CAT, "grp")
    assert found == [] and "new_score" in merged.indicators.index and len(merged.indicators) == 6
    assert clean["source"] == "Working group grp: Survey" and clean["weight"] == 0.0
    assert clean["proposed_weight"] == 1.0 and clean["short_name"] == "A new score" and clean["window"] == 5
    assert clean["best"] == 10.0 and clean["thresholds"] == [8.0, 5.0, 2.0] and clean["sdg"] == "none given"


def test_fields_and_id():
    assert problems(derived_from="x", colour="red", licence=None) == [
        ("indicator definition: colour", None, "unknown field (allowed: " + ", ".join(sorted(
            ["name", "short_name", "unit", "sdg", "gcm", "source", "licence", "definition", "method_note", "best",
             "worst", "valid_min", "valid_max", "weight", "id", "pillar", "level", "direction", "thresholds", "window",
             "binary", "trend", "raw_direction", "series_codes"])) + ")"),
        ("indicator definition: derived_from", None, "unknown field (derived indicators and data status cannot be "
                                                     "proposed)"),
        ("indicator definition: licence", None, "required field is missing")]
    assert problems(id="X") == [("indicator definition: id", "X", "id must be 3-63 characters: lower-case letters, "
                                                                  "digits and _, starting with a letter")]
    assert problems(id="score") == [("indicator definition: id", "score",
                                     "an indicator with this id already exists in the catalogue")]


def test_texts_numbers_and_choices():
    assert problems(name=["a"], unit="=A1", definition="a\x01b") == [
        ("indicator definition: name", "['a']", "must be text"),
        ("indicator definition: unit", "=A1", "looks like a spreadsheet formula"),
        ("indicator definition: definition", None, "control characters are not allowed")]
    assert problems(best="high", thresholds=[1, 2]) == [
        ("indicator definition: best", "high", "must be a finite number"),
        ("indicator definition: thresholds", "[1, 2]", "thresholds must be a list of three numbers, from best to "
                                                       "worst")]
    assert problems(pillar="p", window=-1, binary="yes") == [
        ("indicator definition: pillar", "p", "pillar must be one of protection, recruitment, remittance, "
                                              "association"),
        ("indicator definition: window", "-1", "window must be a non-negative number of years (or null for a "
                                               "status)"),
        ("indicator definition: binary", "yes", "must be true or false")]


@pytest.mark.parametrize("codes,found", [
    ("SC_ORE", [("indicator definition: series_codes", "SC_ORE", "series code SC_ORE already belongs to score")]),
    ([{"a": 1}], [("indicator definition: series_codes", "[{'a': 1}]",
                   "series_codes must be a list of codes (letters, digits, . _ -)")]),
])
def test_series_codes(codes, found):
    assert problems(series_codes=codes) == found


def test_a_corridor_needs_its_raw_direction_and_the_catalogue_checks_the_rest():
    assert problems(level="corridor", series_codes=["SC_ORE"]) == [
        ("indicator definition: raw_direction", None, "a corridor indicator needs raw_direction: migration (origin "
                                                      "-> destination as people move) or money (sending -> receiving "
                                                      "country of remittances)"),
        ("indicator definition: series_codes", "SC_ORE", "series code SC_ORE already belongs to cost_people")]
    assert parse_proposal("id: x\nname: y\n") == {"id": "x", "name": "y"}


@pytest.mark.parametrize("lang,reasons", [
    ("en", ["best 0.0 is not on the high side of worst 10.0", "goalposts fall outside the valid range"]),
    ("fr", ["la meilleure valeur 0.0 n’est pas au-dessus de la pire valeur 10.0",
            "les bornes (meilleure et pire valeur) sortent de la plage valide"]),
    ("es", ["el mejor valor 0.0 no está por encima del peor valor 10.0",
            "los límites (mejor y peor valor) quedan fuera del rango válido"]),
])
def test_the_catalogue_checks_of_a_proposal_speak_the_language(lang, reasons):
    with use(lang):
        found = problems(best=0, worst=10, valid_max=5)
        early = problems(id="X")
    assert [r for _c, _v, r in found] == reasons
    where = {"en": "indicator definition", "fr": "définition de l’indicateur", "es": "definición del indicador"}[lang]
    assert {c for c, _v, _r in found} == {where} and early[0][:2] == (f"{where}: id", "X")     # field names as given
