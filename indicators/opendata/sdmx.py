"""SDMX: the project's own data structure definition (modelled on the UN SDG global DSD: INDICATOR, REF_AREA as UN
M49, COUNTERPART_AREA for the other end of a corridor, SEX, TIME_PERIOD; UNIT_MEASURE, OBS_STATUS and the value's
source and upload as attributes), written as SDMX-ML 2.1 with pysdmx, and an indicator's values as SDMX-CSV 1.0
under it. A corridor's REF_AREA is its origin (where migrants come from) and COUNTERPART_AREA its destination; a
country value has COUNTERPART_AREA _Z (not applicable), like the SDG database.
Names are written in English, French and Spanish at once (one `com:Name` per `xml:lang`, the asked language first):
pysdmx's model holds one name per artefact and its writer marks it `en`, so the message is written once per language
and the names of the others are put beside the first's (`_merge_languages`)."""
from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pandas as pd
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.io.pd import PandasDataset
from pysdmx.model.code import Code, Codelist
from pysdmx.model.concept import Concept, ConceptScheme, DataType
from pysdmx.model.dataflow import Component, Components, Dataflow, DataStructureDefinition, Role, Schema

from indicators.i18n import LANGUAGES, N_, _, resolved, use
from indicators.i18n.countries import country_name
from indicators.store.catalogue import Catalogue
from indicators.store.catalogue_text import localised
from indicators.store.countries import country_table
from indicators.store.safe_tables import neutral_frame

AGENCY = "MPD"
VERSION = "1.0"
DSD_ID, FLOW_ID, SCHEME_ID = "DSD_MPD", "DF_MPD", "CS_MPD"
NOT_APPLICABLE = "_Z"
SEX_CODES = {"total": "_T", "female": "F", "male": "M"}
CONCEPTS = {  # id: (name, role, codelist id or None)
    "FREQ": (N_("Frequency of observation"), Role.DIMENSION, "CL_FREQ"),
    "INDICATOR": (N_("Indicator (this project's catalogue id)"), Role.DIMENSION, "CL_INDICATOR"),
    "REF_AREA": (N_("Reference area (UN M49); for a corridor, the origin"), Role.DIMENSION, "CL_AREA"),
    "COUNTERPART_AREA": (N_("Counterpart area (UN M49): a corridor's destination, _Z for a country value"),
                         Role.DIMENSION, "CL_AREA"),
    "SEX": (N_("Sex"), Role.DIMENSION, "CL_SEX"),
    "TIME_PERIOD": (N_("Time period (year, or year-quarter as 2020-Q2)"), Role.DIMENSION, None),
    "OBS_VALUE": (N_("Observation value"), Role.MEASURE, None),
    "UNIT_MEASURE": (N_("Unit of measure (the catalogue's words)"), Role.ATTRIBUTE, None),
    "OBS_STATUS": (N_("Observation status"), Role.ATTRIBUTE, "CL_OBS_STATUS"),
    "SOURCE_DETAIL": (N_("The value's own source"), Role.ATTRIBUTE, None),
    "COMMENT_OBS": (N_("Note on the value"), Role.ATTRIBUTE, None),
    "UPLOAD_ID": (N_("Upload that committed the value"), Role.ATTRIBUTE, None),
}
FIXED_CODES = {
    "CL_FREQ": [("A", N_("Annual")), ("Q", N_("Quarterly"))],
    "CL_SEX": [("_T", N_("Total")), ("F", N_("Female")), ("M", N_("Male"))],
    "CL_OBS_STATUS": [("A", N_("Normal value"))],
}
CODELIST_NAMES = {"CL_INDICATOR": N_("Indicator"), "CL_AREA": N_("Area"), "CL_FREQ": N_("Frequency"),
                  "CL_SEX": N_("Sex"), "CL_OBS_STATUS": N_("Observation status")}
NAMESPACES = {"mes": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
              "str": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
              "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
              "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
TEXT_TAGS = {f"{{{NAMESPACES['com']}}}Name", f"{{{NAMESPACES['com']}}}Description"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _concept(cid: str) -> Concept:
    """A concept of the scheme, with its URN (pysdmx writes components by reference)."""
    urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{SCHEME_ID}({VERSION}).{cid}"
    return Concept(id=cid, name=_(CONCEPTS[cid][0]), urn=urn)


def area_codes() -> list[tuple[str, str, str]]:
    """(iso3, area code, name) of every country of the reference: its UN M49 code, or its ISO3 code where the
    reference has no M49 code (Kosovo)."""
    t = country_table()
    return [(r.iso3, str(r.m49) if isinstance(r.m49, str) and r.m49 else r.iso3, r.name) for r in t.itertuples()]


def codelists(cat: Catalogue) -> dict[str, Codelist]:
    """The code lists, named in the language in force: indicators of the catalogue, UN M49 areas of the country
    reference (+ _Z), sex, frequency, status."""
    words = localised(cat)
    areas = [(code, f"{country_name(iso3, name)} ({iso3})") for iso3, code, name in area_codes()]
    items = {"CL_INDICATOR": [(i, str(words.indicators.at[i, "name"])) for i in cat.ids],
             "CL_AREA": areas + [(NOT_APPLICABLE, _("Not applicable"))],
             **{cid: [(c, _(n)) for c, n in codes] for cid, codes in FIXED_CODES.items()}}
    return {cid: Codelist(id=cid, agency=AGENCY, version=VERSION, name=_(CODELIST_NAMES[cid]),
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


def dsd_xml(cat: Catalogue, lang: str | None = None) -> str:
    """The data structure definition as an SDMX-ML 2.1 structure message (concepts, code lists, DSD, dataflow),
    every name in English, French and Spanish, the given language (else the one in force) first."""
    first = resolved(lang)
    order = [first, *(code for code in LANGUAGES if code != first)]
    docs = []
    for code in order:
        with use(code):
            docs.append(_one_language_xml(cat))
    return _merge_languages(docs, order)


def _one_language_xml(cat: Catalogue) -> str:
    """The structure message with its names in the language in force (pysdmx marks them all xml:lang="en")."""
    comps = components(cat)
    scheme = ConceptScheme(id=SCHEME_ID, agency=AGENCY, version=VERSION, items=[_concept(c) for c in CONCEPTS],
                           name=_("Migrant protection indicators: concepts"))
    dsd = DataStructureDefinition(id=DSD_ID, agency=AGENCY, version=VERSION, components=comps,
                                  name=_("Migrant protection indicators"))
    flow = Dataflow(id=FLOW_ID, agency=AGENCY, version=VERSION, name=_("Migrant protection indicators: values"),
                    structure=f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{DSD_ID}({VERSION})")
    return write_sdmx([scheme, *codelists(cat).values(), dsd, flow], Format.STRUCTURE_SDMX_ML_2_1)


def _merge_languages(docs: list[str], order: list[str]) -> str:
    """One message from the same message written in several languages: each Name and Description of the first,
    marked with its language, followed by the others' (same document order, since only the words differ)."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    trees = [ET.fromstring(d.encode("utf-8")) for d in docs]
    parents = {child: parent for parent in trees[0].iter() for child in parent}
    for elems in list(zip(*(list(t.iter()) for t in trees))):
        if elems[0].tag not in TEXT_TAGS:
            continue
        parent = parents[elems[0]]
        at = list(parent).index(elems[0])
        indent, last_tail = parent.text if at == 0 else parent[at - 1].tail, elems[0].tail
        for k, (code, other) in enumerate(zip(order, elems)):
            if k:
                other = copy.deepcopy(other)
                parent.insert(at + k, other)
            other.set(XML_LANG, code)
            other.tail = last_tail if k == len(order) - 1 else indent
    return ET.tostring(trees[0], encoding="unicode", xml_declaration=True)


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
