"""SDMX: the project's own data structure definition (modelled on the UN SDG global DSD: INDICATOR, REF_AREA as UN
M49, COUNTERPART_AREA for the other end of a corridor, SEX, TIME_PERIOD; UNIT_MEASURE, OBS_STATUS and the value's
source and upload as attributes), written as SDMX-ML 2.1 with pysdmx, and an indicator's values as SDMX-CSV 1.0
under it. A corridor's REF_AREA is its origin (where migrants come from) and COUNTERPART_AREA its destination; a
country value has COUNTERPART_AREA _Z (not applicable), like the SDG database."""
from __future__ import annotations

import pandas as pd
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.io.pd import PandasDataset
from pysdmx.model.code import Code, Codelist
from pysdmx.model.concept import Concept, ConceptScheme, DataType
from pysdmx.model.dataflow import Component, Components, Dataflow, DataStructureDefinition, Role, Schema

from indicators.store.catalogue import Catalogue
from indicators.store.countries import country_table
from indicators.store.safe_tables import neutral_frame

AGENCY = "MPD"
VERSION = "1.0"
DSD_ID, FLOW_ID, SCHEME_ID = "DSD_MPD", "DF_MPD", "CS_MPD"
NOT_APPLICABLE = "_Z"
SEX_CODES = {"total": "_T", "female": "F", "male": "M"}
CONCEPTS = {  # id: (name, role, codelist id or None)
    "FREQ": ("Frequency of observation", Role.DIMENSION, "CL_FREQ"),
    "INDICATOR": ("Indicator (this project's catalogue id)", Role.DIMENSION, "CL_INDICATOR"),
    "REF_AREA": ("Reference area (UN M49); for a corridor, the origin", Role.DIMENSION, "CL_AREA"),
    "COUNTERPART_AREA": ("Counterpart area (UN M49): a corridor's destination, _Z for a country value",
                         Role.DIMENSION, "CL_AREA"),
    "SEX": ("Sex", Role.DIMENSION, "CL_SEX"),
    "TIME_PERIOD": ("Time period (year, or year-quarter as 2020-Q2)", Role.DIMENSION, None),
    "OBS_VALUE": ("Observation value", Role.MEASURE, None),
    "UNIT_MEASURE": ("Unit of measure (the catalogue's words)", Role.ATTRIBUTE, None),
    "OBS_STATUS": ("Observation status", Role.ATTRIBUTE, "CL_OBS_STATUS"),
    "SOURCE_DETAIL": ("The value's own source", Role.ATTRIBUTE, None),
    "COMMENT_OBS": ("Note on the value", Role.ATTRIBUTE, None),
    "UPLOAD_ID": ("Upload that committed the value", Role.ATTRIBUTE, None),
}
FIXED_CODES = {
    "CL_FREQ": [("A", "Annual"), ("Q", "Quarterly")],
    "CL_SEX": [("_T", "Total"), ("F", "Female"), ("M", "Male")],
    "CL_OBS_STATUS": [("A", "Normal value")],
}


def _concept(cid: str) -> Concept:
    """A concept of the scheme, with its URN (pysdmx writes components by reference)."""
    urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{SCHEME_ID}({VERSION}).{cid}"
    return Concept(id=cid, name=CONCEPTS[cid][0], urn=urn)


def area_codes() -> list[tuple[str, str, str]]:
    """(iso3, area code, name) of every country of the reference: its UN M49 code, or its ISO3 code where the
    reference has no M49 code (Kosovo)."""
    t = country_table()
    return [(r.iso3, str(r.m49) if isinstance(r.m49, str) and r.m49 else r.iso3, r.name) for r in t.itertuples()]


def codelists(cat: Catalogue) -> dict[str, Codelist]:
    """The code lists: indicators of the catalogue, UN M49 areas of the country reference (+ _Z), sex, frequency,
    status."""
    areas = [(code, f"{name} ({iso3})") for iso3, code, name in area_codes()] + [(NOT_APPLICABLE, "Not applicable")]
    items = {"CL_INDICATOR": [(i, str(cat.indicators.at[i, "name"])) for i in cat.ids], "CL_AREA": areas,
             **FIXED_CODES}
    return {cid: Codelist(id=cid, agency=AGENCY, version=VERSION, name=cid.replace("CL_", "").title().replace("_", " "),
                          items=[Code(id=c, name=n) for c, n in codes]) for cid, codes in items.items()}


def components(cat: Catalogue) -> Components:
    """The DSD's components in SDMX order: dimensions, the measure, the attributes."""
    lists = codelists(cat)
    out = []
    for cid, (_, role, cl) in CONCEPTS.items():
        out.append(Component(id=cid, required=role != Role.ATTRIBUTE or cid == "OBS_STATUS", role=role,
                             concept=_concept(cid), local_codes=lists[cl] if cl else None,
                             local_dtype=DataType.DOUBLE if cid == "OBS_VALUE" else None,
                             attachment_level="O" if role == Role.ATTRIBUTE else None))
    return Components(out)


def dsd_xml(cat: Catalogue) -> str:
    """The data structure definition as an SDMX-ML 2.1 structure message (concepts, code lists, DSD, dataflow)."""
    comps = components(cat)
    scheme = ConceptScheme(id=SCHEME_ID, agency=AGENCY, version=VERSION, name="Migrant protection indicators: "
                           "concepts", items=[_concept(c) for c in CONCEPTS])
    dsd = DataStructureDefinition(id=DSD_ID, agency=AGENCY, version=VERSION, components=comps,
                                  name="Migrant protection indicators")
    flow = Dataflow(id=FLOW_ID, agency=AGENCY, version=VERSION, name="Migrant protection indicators: values",
                    structure=f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{DSD_ID}({VERSION})")
    return write_sdmx([scheme, *codelists(cat).values(), dsd, flow], Format.STRUCTURE_SDMX_ML_2_1)


def sdmx_frame(values: pd.DataFrame, ind: dict) -> pd.DataFrame:
    """An indicator's values (opendata.values columns) as rows of the DSD (codes as SDMX writes them)."""
    m49 = {iso3: code for iso3, code, _ in area_codes()}
    corridor = "origin_iso3" in values.columns
    area = values["origin_iso3" if corridor else "iso3"].map(m49)
    other = values["destination_iso3"].map(m49) if corridor else pd.Series(NOT_APPLICABLE, index=values.index)
    period = values["period"].astype(str).str.replace(r"^(\d{4})(Q[1-4])$", r"\1-\2", regex=True)
    return pd.DataFrame({
        "FREQ": period.str.contains("Q").map({True: "Q", False: "A"}), "INDICATOR": values["indicator_id"],
        "REF_AREA": area, "COUNTERPART_AREA": other,
        "SEX": values["sex"].fillna("total").map(lambda s: SEX_CODES.get(str(s), "_T")), "TIME_PERIOD": period,
        "OBS_VALUE": values["value"].astype(float), "UNIT_MEASURE": str(ind["unit"]), "OBS_STATUS": "A",
        "SOURCE_DETAIL": values["source"].fillna(""), "COMMENT_OBS": values["note"].fillna(""),
        "UPLOAD_ID": values["upload_id"].fillna(""),
    })


def sdmx_csv(values: pd.DataFrame, ind: dict, cat: Catalogue) -> str:
    """SDMX-CSV 1.0 of an indicator's values under the project's dataflow (pysdmx's writer)."""
    schema = Schema(context="dataflow", agency=AGENCY, id=FLOW_ID, version=VERSION, components=components(cat))
    rows = neutral_frame(sdmx_frame(values, ind))         # text cells that a spreadsheet would run, neutralised
    return write_sdmx([PandasDataset(structure=schema, data=rows)], Format.DATA_SDMX_CSV_1_0_0)
