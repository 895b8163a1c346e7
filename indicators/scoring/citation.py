"""The one citation line of the product: the original producers first, then the dashboard with its method and data
version ("World Bank, Remittance Prices Worldwide (CC BY 4.0); ILO NORMLEX (...). Compiled in Migrant protection
indicators, method v2, data version 17 of 2026-12-01."). Every API answer, export metadata sheet and data package
carries it."""
from __future__ import annotations

from collections.abc import Iterable

from indicators.i18n import N_, _
from indicators.store.catalogue import Catalogue
from indicators.store.observations import Store
from indicators.store.producers import producers_of

PRODUCT = N_("Migrant protection indicators")


def compiled_in(method: str, number: int, date: str | None) -> str:
    """'Compiled in Migrant protection indicators, method v2, data version 17 of 2026-12-01' (in the language in
    force; the API and data packages: English)."""
    if date:
        return _("Compiled in {product}, method {method}, data version {number} of {date}").format(
            product=_(PRODUCT), method=method, number=number, date=date)
    return _("Compiled in {product}, method {method}, data version {number}").format(
        product=_(PRODUCT), method=method, number=number)


def citation_line(indicator_ids: Iterable[str], cat: Catalogue, method: str, number: int, date: str | None) -> str:
    """The citation of some indicators' values: each producer with its licence, then where they were compiled."""
    parts = [f"{p.citation} ({p.licence})" for p in producers_of(indicator_ids, cat)]
    return "; ".join(parts) + ("." if parts else "") + (" " if parts else "") + compiled_in(method, number, date) + "."


def citation(store: Store, indicator_ids: Iterable[str] | None = None) -> str:
    """The citation line for these indicators (when None: every indicator with current values) in the store's data
    version."""
    from indicators.scoring.service import catalogue, method_version
    cat = catalogue(store)
    dv = store.data_version()
    ids = list(indicators_with_values(store, cat) if indicator_ids is None else indicator_ids)
    return citation_line(ids, cat, method_version(cat), int(dv["number"]), dv["date"])


def indicators_with_values(store: Store, cat: Catalogue) -> list[str]:
    """The catalogue's indicators (in catalogue order) that have current values in the store."""
    have = set(store.query("SELECT DISTINCT indicator_id FROM obs_current")["indicator_id"])
    return [i for i in cat.ids if i in have]
