"""Corridor direction: a question typed either way is turned into the migration corridor, with a note."""
from __future__ import annotations

from indicators.i18n import use
from indicators.views.direction import ALL, Ends, resolve_ends, shown_as_asked

PAIRS = {("NPL", "QAT"), ("NPL", "MYS"), ("PAK", "QAT")}
NAMES = {"NPL": "Nepal", "QAT": "Qatar", "MYS": "Malaysia", "PAK": "Pakistan"}


def test_a_corridor_with_data_is_kept_without_a_note():
    assert resolve_ends(PAIRS, "NPL", "QAT", NAMES) == Ends("NPL", "QAT")
    assert resolve_ends(PAIRS, "PAK", "MYS", NAMES) == Ends("PAK", "MYS")     # both ends valid, no data: kept


def test_a_reversed_pair_opens_the_migration_corridor_and_says_so():
    e = resolve_ends(PAIRS, "QAT", "NPL", NAMES)
    assert (e.origin, e.destination) == ("NPL", "QAT")
    assert e.note == "Money sent from Qatar to Nepal: the migration corridor Nepal → Qatar."


def test_the_note_in_french_and_spanish_names_sender_and_corridor():
    with use("fr"):
        e = resolve_ends(PAIRS, "QAT", "NPL", {"NPL": "Népal", "QAT": "Qatar"})
    assert e.note == "Fonds envoyés de Qatar vers Népal : le corridor migratoire Népal → Qatar."
    with use("es"):
        e = resolve_ends(PAIRS, "QAT", "NPL", NAMES)
    assert e.note == "Remesas enviadas desde Qatar a Nepal: el corredor migratorio Nepal → Qatar."


def test_a_lone_end_typed_on_the_wrong_side_moves_to_its_side():
    e = resolve_ends(PAIRS, "QAT", ALL, NAMES)
    assert (e.origin, e.destination) == (ALL, "QAT") and "send money from Qatar home" in e.note
    e = resolve_ends(PAIRS, ALL, "NPL", NAMES)
    assert (e.origin, e.destination) == ("NPL", ALL) and "send money home to Nepal" in e.note


def test_unknown_codes_fall_back_to_all():
    assert resolve_ends(PAIRS, "XXX", "QAT", NAMES) == Ends(ALL, "QAT")
    assert resolve_ends(PAIRS, ALL, ALL, NAMES) == Ends(ALL, ALL)
    assert resolve_ends(PAIRS, "QAT", "MYS", NAMES) == Ends(ALL, "MYS")       # neither way a corridor; Qatar no origin


def test_pickers_turned_round_for_the_question_are_no_new_choice():
    assert shown_as_asked("QAT", "NPL", "NPL", "QAT")          # the reversed link's corridor
    assert shown_as_asked("qat", None, ALL, "QAT")              # a lone destination typed as origin
    assert shown_as_asked(None, "NPL", "NPL", ALL)
    assert not shown_as_asked("NPL", "QAT", "NPL", "QAT")       # as asked: nothing turned round
    assert not shown_as_asked("QAT", "NPL", "NPL", "MYS")       # a new choice
