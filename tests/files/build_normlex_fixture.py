"""Rebuild the NORMLEX-shaped test fixture (run by hand; tests never read ../shared).

    .venv/bin/python tests/files/build_normlex_fixture.py --raw /work/shared/data/real

Writes tests/files/normlex_ratifications_from_store.csv: a ratification table in the shape NORMLEX lists a country's
ratifications (Country, Convention, Date, Status, Note; one row per country and Convention, the Convention as
"C105 - Abolition of Forced Labour Convention, 1957 (No. 105)"), saved as Excel saves "CSV UTF-8" (BOM, CRLF). It
holds the bundled store's ratifications of C029, C087, C098, C105 and P029 (upload bundled-ilo-fundamental, read
through Store) for the 20 countries below, among them both denunciations (Malaysia C105: ratified 1958, denounced
1990; Singapore C105: 1965, 1979) and ratifications before 1950 (C029 from 1931, C087 in 1949 by Norway, Sweden and
the United Kingdom). Countries are named as the ILO names them (the raw file's `country` column, e.g. "United Kingdom
of Great Britain and Northern Ireland", "Republic of Korea"); dates are years, as the bundled transcription has no
days; a denounced Convention reads "Not in force" with the note "Denounced in <year>". Each country's C182 row (Worst
Forms of Child Labour, year from the raw file) is a Convention the catalogue does not list: an upload sets it aside.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

KEEP = ["MYS", "SGP", "GBR", "NOR", "SWE", "FRA", "JPN", "VEN", "KOR", "USA", "CHN", "PHL", "NPL", "QAT", "SAU",
        "BRA", "KEN", "TUR", "BOL", "CIV"]
# NORMLEX's code and title of each Convention, in the order NORMLEX lists them; None: not in the catalogue
CONVENTIONS = [
    ("ilo_c29_ratified", "C029 - Forced Labour Convention, 1930 (No. 29)"),
    ("ilo_c87_ratified", "C087 - Freedom of Association and Protection of the Right to Organise Convention, 1948 "
                         "(No. 87)"),
    ("ilo_c98_ratified", "C098 - Right to Organise and Collective Bargaining Convention, 1949 (No. 98)"),
    ("ilo_c105_ratified", "C105 - Abolition of Forced Labour Convention, 1957 (No. 105)"),
    (None, "C182 - Worst Forms of Child Labour Convention, 1999 (No. 182)"),
    ("ilo_p29_ratified", "P029 - Protocol of 2014 to the Forced Labour Convention, 1930"),
]
OUT = HERE / "normlex_ratifications_from_store.csv"


def events(obs, iso3: str) -> tuple[int, int | None] | None:
    """(year of ratification, year of denunciation or None) of one country in a status series; None if never
    ratified. The 0 of the adoption year (the bundled baseline) comes before the ratification and is not an event."""
    own = obs[obs["iso3"] == iso3].sort_values("year")
    ratified = own[own["value"] == 1]
    if ratified.empty:
        return None
    year = int(ratified["year"].iloc[0])
    after = own[(own["value"] == 0) & (own["year"] > year)]
    return year, int(after["year"].iloc[0]) if len(after) else None


def build(raw: Path) -> None:
    """Write the fixture."""
    import pandas as pd
    from indicators.store.countries import country_table
    from indicators.store.observations import Store
    ilo = pd.read_csv(raw / "rights" / "ilo_fundamental_conventions_2026.csv", dtype=str, keep_default_na=False)
    iso2 = dict(zip(country_table()["iso3"], country_table()["iso2"]))
    by_iso2 = ilo.set_index("country_iso")
    store = Store()
    obs = {iid: store.observations(iid) for iid, _ in CONVENTIONS if iid}
    rows = []
    for iso3 in sorted(KEEP, key=lambda c: by_iso2.at[iso2[c], "country"]):
        name = by_iso2.at[iso2[iso3], "country"]
        for iid, title in CONVENTIONS:
            if iid is None:
                year = by_iso2.at[iso2[iso3], "C182"]
                if year:
                    rows.append([name, title, year, "In Force", ""])
                continue
            ev = events(obs[iid], iso3)
            if ev is None:
                continue
            rat, den = ev
            rows.append([name, title, str(rat), "In Force" if den is None else "Not in force",
                         "" if den is None else f"Denounced in {den}"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Country", "Convention", "Date", "Status", "Note"])
    w.writerows(rows)
    OUT.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def main() -> None:
    """Build the fixture from the bundled store and the raw NORMLEX transcription."""
    p = argparse.ArgumentParser()
    p.add_argument("--raw", required=True, type=Path)
    build(p.parse_args().raw)


if __name__ == "__main__":
    main()
