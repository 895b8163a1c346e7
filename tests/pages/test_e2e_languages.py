"""End-to-end: every translated page in French and in Spanish shows no English interface text; <html lang>, the
language switch, Accept-Language, Plotly's locale and separators.

"English interface text" is found as a line of the page's visible text, or a chart's title, axis, legend or annotation,
with two or more English function words, once proper names are taken out: the catalogue's sources and licences and
the data's own source texts (what publishers and working groups wrote), which are shown as written.
"""
from __future__ import annotations

import re
import shutil

import pytest

from indicators.store.observations import Store
from indicators.uploads import auth
from tests.conftest import OUTPUT, PROJECT, serve, wait_location

pytestmark = pytest.mark.browser

ENGLISH = {"the", "of", "and", "with", "from", "which", "this", "that", "are", "is", "has", "have", "for", "by",
           "than", "were", "been", "was", "its", "their", "these", "into", "only", "each", "every", "when", "where",
           "should", "would", "not", "countries", "country", "data", "no", "yet", "insufficient"}
TRANSLATED = ["/", "/country/NPL", "/corridors", "/corridors?origin=NPL", "/corridors?origin=NPL&destination=QAT",
              "/compare", "/compare?what=protection&groups=un:Asia&from=2005", "/methodology",
              "/methodology/audit", "/developers"]
UPLOAD_TABS = ["/upload", "/upload?tab=history", "/upload?tab=format"]
# a file with three problems: an unknown country code, a value outside the valid range, a value that is not a number
BAD_FILE = "indicator_id,iso3,period,value\nlabour_rights_sdg882,XXY,2020,12\nlabour_rights_sdg882,KEN,2020,abc\n"
PROBLEM_WORDS = {"fr": ("Ligne", "Motif", "code de pays ISO 3166-1 alpha-3 inconnu", "n’est pas un nombre",
                        "hors de la plage valide 0 à 10 pour cet indicateur", "Rejeté : 3 problèmes"),
                 "es": ("Fila", "Motivo", "código de país ISO 3166-1 alfa-3 desconocido", "no es un número",
                        "fuera del intervalo válido de 0 a 10 para este indicador", "Rechazado: 3 problemas")}
FIGURE_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => [
    gd.layout.title && gd.layout.title.text, gd.layout.xaxis && gd.layout.xaxis.title && gd.layout.xaxis.title.text,
    gd.layout.yaxis && gd.layout.yaxis.title && gd.layout.yaxis.title.text,
    ...(gd.layout.annotations || []).map(a => a.text), ...(gd.data || []).map(t => t.name),
    ...(gd.data || []).flatMap(t => Array.isArray(t.text) ? t.text.slice(0, 5) : [])])"""

# The page's visible text without the charts' SVG, whose wrapped lines innerText glues together without spaces (the
# charts' texts are read from their figures, FIGURE_TEXT, with the <br> of wrapped titles and sources as spaces).
BODY_TEXT = """() => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
    plots.forEach(p => { p.dataset.display = p.style.display; p.style.display = 'none'; });
    const text = document.body.innerText;
    plots.forEach(p => { p.style.display = p.dataset.display; });
    return text; }"""


@pytest.fixture(scope="module")
def proper_names() -> list[str]:
    """Texts shown as their authors wrote them: catalogue sources and licences, data sources, longest first."""
    from indicators.store.catalogue import load_catalogue
    from indicators.views.corridors import RPW_SOURCE
    cat = load_catalogue()
    from indicators.store.producers import producers
    texts = set(cat.indicators["source"].dropna()) | set(cat.indicators["licence"].dropna()) | {RPW_SOURCE}
    texts |= {f"{p.citation} ({p.licence})" for p in producers()}     # the citation line's credits, as producers.yaml
    texts |= {t for p in producers() for t in (p.citation, p.licence)}   # the open-data terms table's cells
    import pandas as pd
    from tests.conftest import PROJECT
    obs = pd.concat([pd.read_parquet(p, columns=["source"]) for p in (PROJECT / "data" / "observations").glob("*.parquet")])
    texts |= set(obs["source"].dropna().astype(str))
    parts = {p.strip() for t in texts for p in re.split(r"; ", str(t)) if p.strip()} | {str(t) for t in texts}
    return sorted(parts, key=len, reverse=True)


def english_lines(texts: list[str], names: list[str], lang: str) -> list[str]:
    """The lines that read as English: two or more English function words once proper names are removed."""
    found = []
    for text in texts:
        for line in re.sub(r"<[^>]+>", "\n", re.sub(r"<br\s*/?>", " ", str(text or ""))).splitlines():
            rest = line
            for n in names:
                if n in rest:
                    rest = rest.replace(n, " ")
            tokens = [w for w in re.findall(r"[^\W\d]+", rest)          # codes out: ISO codes, ids with "_"
                      if not (w.isupper() and len(w) > 1) and "_" not in w]
            words = [w.lower() for w in tokens if w.lower() in ENGLISH]
            if lang == "es":
                words = [w for w in words if w != "no"]
            if len(words) >= 2:
                found.append(line.strip())
    return found


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#_pages_content h1", timeout=60_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("path", TRANSLATED)
def test_translated_pages_show_no_english(live_server, page, proper_names, path, lang):
    url = live_server + path + ("&" if "?" in path else "?") + f"lang={lang}"
    _open(page, url)
    assert page.evaluate("document.documentElement.lang") == lang
    texts = page.evaluate(BODY_TEXT).split("\n") + page.evaluate(FIGURE_TEXT)
    leaks = english_lines(texts, proper_names, lang)
    assert not leaks, f"{path} in {lang}: English lines {leaks[:8]}"
    gd = page.evaluate("(() => { const g = document.querySelector('.js-plotly-plot'); return g && "
                       "[g._context.locale, g.layout.separators]; })()")
    if gd:                                               # Plotly's own locale (served from assets/) and separators
        assert gd[0] == lang and gd[1] in (",\u202f", ",.")
    page.screenshot(path=str(OUTPUT / f"lang-{lang}{re.sub(r'[^a-z]+', '-', path)}.png"), full_page=False)


# The upload page's visible text without its <code> spans: the format guide quotes what a file must contain as it is
# written (column names such as `sending country`, NORMLEX's status words `Not in force`, its Convention titles).
UPLOAD_TEXT = BODY_TEXT.replace("const plots = [...document.querySelectorAll('.js-plotly-plot')];",
                                "const plots = [...document.querySelectorAll('.js-plotly-plot, code')];")


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory):
    """(base URL, token, the upload records' own texts) of a dashboard over a private copy of the bundled data."""
    data = tmp_path_factory.mktemp("lang-upload") / "data"
    shutil.copytree(PROJECT / "data", data)
    token = auth.add_group("Grupo PSA", data)
    log = Store(data).uploads()
    own = {str(v) for c in ("note", "file_name") for v in log[c].dropna() if str(v)}
    with serve(data) as url:
        yield url, token, own


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_upload_page_shows_no_english(upload_server, page, proper_names, lang, tmp_path):
    # every tab signed in, then a rejected file: its problems (reasons, headers, counts) in the view's language
    url, token, own = upload_server
    names = sorted(set(proper_names) | own, key=len, reverse=True)
    for path in UPLOAD_TABS:
        _open(page, url + path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert page.evaluate("document.documentElement.lang") == lang
        if path == "/upload":
            page.fill("#upload-token", token)
            page.click("#upload-signin")
            page.wait_for_selector("#upload-signed-in", timeout=10_000)
        leaks = english_lines(page.evaluate(UPLOAD_TEXT).split("\n"), names, lang)
        assert not leaks, f"{path} in {lang}: English lines {leaks[:8]}"
    _open(page, url + f"/upload?lang={lang}")
    page.fill("#upload-token", token)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    page.set_input_files("#upload-file input[type=file]", str(bad))
    page.wait_for_selector("#upload-rejected", timeout=15_000)
    page.wait_for_selector("#upload-problem-table", timeout=10_000)
    shown = page.inner_text("#upload-rejected") + "\n" + page.inner_text("#upload-problem-table")
    for words in PROBLEM_WORDS[lang]:
        assert words in shown, f"{lang}: {words!r} not in {shown[:400]!r}"
    leaks = english_lines(page.evaluate(UPLOAD_TEXT).split("\n"), names, lang)
    assert not leaks, f"rejected upload in {lang}: English lines {leaks[:8]}"
    page.screenshot(path=str(OUTPUT / f"lang-{lang}-upload-rejected.png"), full_page=True)


def test_switch_keeps_the_view_and_sets_html_lang(live_server, page):
    _open(page, live_server + "/country/NPL?year=2019")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("#country-name") == "Nepal"
    page.click("#language-switch a:has-text('Français')")
    wait_location(page, r"lang=fr")
    assert "year=2019" in page.url and "/country/NPL" in page.url
    page.wait_for_function("document.querySelector('#country-name') && "
                           "document.querySelector('#country-name').innerText === 'Népal'", timeout=30_000)
    page.wait_for_function("document.documentElement.lang === 'fr'", timeout=10_000)
    assert page.inner_text("#navbar-brand") == "Indicateurs de protection des migrants"
    page.wait_for_function("document.title === 'Profil de pays - Indicateurs de protection des migrants'",
                           timeout=10_000)
    # the navigation links carry the language to the next page
    page.click("a.nav-link:has-text('Corridors')")
    wait_location(page, r"/corridors\?.*lang=fr")
    page.wait_for_selector("text=Corridors migratoires", timeout=30_000)
    page.click("#language-switch a:has-text('Español')")
    wait_location(page, r"lang=es")
    page.wait_for_selector("text=Corredores migratorios", timeout=30_000)
    assert page.evaluate("document.documentElement.lang") == "es"


def test_browser_language_is_the_default(live_server, browser):
    ctx = browser.new_context(extra_http_headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    try:
        pg = ctx.new_page()
        pg.goto(live_server + "/")
        pg.wait_for_selector("text=Índice de protección de los migrantes", timeout=60_000)
        assert pg.evaluate("document.documentElement.lang") == "es"
        assert re.match(r"\d+,\d\u00a0%", pg.inner_text("#overview-mean-cost"))
        pg.goto(live_server + "/?lang=en")                 # the URL wins over the browser
        pg.wait_for_selector("text=Migrant protection index", timeout=60_000)
        assert pg.evaluate("document.documentElement.lang") == "en"
    finally:
        ctx.close()


@pytest.mark.parametrize("lang, words", [("fr", "3 sélectionnés"), ("es", "3 seleccionados")])
def test_dropdowns_own_words_in_the_views_language(live_server, page, lang, words):
    _open(page, live_server + f"/compare?countries=KEN,UGA,NPL&lang={lang}")
    page.wait_for_selector("#compare-countries")
    assert words in page.inner_text("#compare-countries")
