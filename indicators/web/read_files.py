"""The read API's file downloads (on the read_api blueprint): SDMX-CSV values and the SDMX-ML structure, Frictionless
data packages of the whole store or one indicator."""
from __future__ import annotations

from flask import Response, g

from indicators.opendata import params
from indicators.opendata.datapackage import package_zip
from indicators.scoring.citation import citation
from indicators.scoring.service import catalogue
from indicators.web.language import request_language
from indicators.web.read_api import cache_key, documented, filtered_values, read, store
from indicators.web.read_models import ValuesQuery


def _file(data: bytes | str, mimetype: str, name: str, cite: str) -> Response:
    """A download with its citation in the X-Citation header."""
    g.mpd_citation = cite
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@read.get("/indicators/<indicator_id>/values.sdmx.csv")
@documented(query=ValuesQuery, tags=("sdmx",))
def values_sdmx(indicator_id: str):
    """An indicator's values as SDMX-CSV 1.0 under the project's dataflow MPD:DF_MPD(1.0) (structure at
    /api/v1/sdmx/structure.xml); the same filters as values.json."""
    ind, df = filtered_values(indicator_id)
    st = store()
    from indicators.opendata import sdmx            # pysdmx: imported when first asked for, not at every start
    text = st.memo(cache_key("opendata-sdmx"), lambda: sdmx.sdmx_csv(df, ind, catalogue(st)))
    return _file(text, "text/csv", f"{indicator_id}_sdmx.csv", citation(st, [indicator_id]))


@read.get("/sdmx/structure.xml")
@documented(tags=("sdmx",))
def sdmx_structure():
    """The project's data structure definition (concepts, code lists, DSD MPD:DSD_MPD(1.0), dataflow) as an
    SDMX-ML 2.1 structure message; every name in English, French and Spanish (xml:lang), the asked language first."""
    st = store()
    from indicators.opendata import sdmx            # pysdmx: imported when first asked for, not at every start
    xml = st.memo(cache_key("opendata-sdmx-structure"), lambda: sdmx.dsd_xml(catalogue(st), request_language()))
    return _file(xml, "application/xml", "mpd_dsd.xml", citation(st))


@read.get("/datapackage.zip")
@documented(tags=("data packages",))
def datapackage_all():
    """The whole current store as a Frictionless data package (datapackage.json with table schemas, sources,
    licences and what each resource may be redistributed under; one CSV per indicator), zipped."""
    return _file(package_zip(store()), "application/zip", "migrant-protection-indicators_datapackage.zip",
                 citation(store()))


@read.get("/indicators/<indicator_id>/datapackage.zip")
@documented(tags=("data packages",))
def datapackage_one(indicator_id: str):
    """One indicator as a Frictionless data package, zipped."""
    params.indicator(indicator_id, catalogue(store()))
    return _file(package_zip(store(), [indicator_id]), "application/zip", f"{indicator_id}_datapackage.zip",
                 citation(store(), [indicator_id]))
