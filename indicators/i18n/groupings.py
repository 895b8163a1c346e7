"""Names of the country groupings shown beside a country (UN M49 regions, World Bank regions and income groups).

Marked here for extraction; their French and Spanish names are the UN Statistics Division's (M49) and the World
Bank's own, in the .po files like every other message.
"""
from __future__ import annotations

from typing import Any

from indicators.i18n.messages import N_, gettext

GROUPINGS = (
    N_("Africa"), N_("Asia"), N_("Europe"), N_("Latin America and the Caribbean"), N_("Northern America"),
    N_("Oceania"), N_("Australia and New Zealand"), N_("Caribbean"), N_("Central America"), N_("Central Asia"),
    N_("Eastern Africa"), N_("Eastern Asia"), N_("Eastern Europe"), N_("Melanesia"), N_("Micronesia"),
    N_("Middle Africa"), N_("Northern Africa"), N_("Northern Europe"), N_("Polynesia"), N_("South America"),
    N_("South-Eastern Asia"), N_("Southern Africa"), N_("Southern Asia"), N_("Southern Europe"),
    N_("Western Africa"), N_("Western Asia"), N_("Western Europe"),
    N_("East Asia & Pacific"), N_("Europe & Central Asia"), N_("Latin America & Caribbean"),
    N_("Middle East & North Africa"), N_("North America"), N_("South Asia"), N_("Sub-Saharan Africa"),
    N_("High income"), N_("Low income"), N_("Lower middle income"), N_("Upper middle income"),
)


def grouping(name: object) -> str:
    """A region or income group in the language in force (unknown names as they are)."""
    text = "" if name is None else str(name)
    return gettext(text) if text in GROUPINGS else text


def region_line(info: dict[str, Any]) -> str:
    """The country's groups, each named once and labelled by who defines it: "UN region: Southern Asia · World Bank
    region: South Asia · Lower middle income" (the UN region only when the sub-region does not already say it)."""
    def text(key: str) -> str:
        v = info.get(key)
        return v.strip() if isinstance(v, str) else ""

    reg, sub, wb, income = text("un_region"), text("un_subregion"), text("wb_region"), text("income_group")
    un = [sub] if sub and reg and reg.lower() in sub.lower() else [x for x in (reg, sub) if x]   # English names compared
    same = bool(wb) and wb.lower() == " / ".join(un).lower()
    parts = [gettext("UN region: {name}").format(name=" / ".join(grouping(x) for x in un)) if un else "",
             gettext("World Bank region: {name}").format(name=grouping(wb)) if wb and not same else "",
             grouping(income) or gettext("income group n/a")]
    return " · ".join(p for p in parts if p)
