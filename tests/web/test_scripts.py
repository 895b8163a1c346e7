"""The shell's script list (indicators/web/scripts.py): Dash's polyfill swapped in place, AG Grid's bundle deferred."""
from __future__ import annotations

import json
import re

from indicators.web import scripts

DASH = ('<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m17.12.1.min.js"></script>\n'
        '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m17.3.1.min.js"></script>\n'
        '<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35_3_0m17.min.js"></script>\n'
        '<script src="/assets/a11y.js?m=1"></script>')
RUNTIME = "/assets/vendor/regenerator-runtime-0.14.1.js?v=0.14.1"


def test_polyfill_is_replaced_at_its_place_before_react():
    out = scripts.swap_polyfill(DASH, RUNTIME)
    assert "polyfill@" not in out
    assert out.splitlines()[0] == f'<script src="{RUNTIME}"></script>'
    assert out.splitlines()[1:] == DASH.splitlines()[1:]


def test_ag_grid_bundle_leaves_the_list_and_is_named_in_a_json_block():
    rest, block = scripts.defer_libraries(DASH)
    assert "dash_ag_grid" not in rest and rest.count("<script") == 3
    found = re.fullmatch(r'<script type="application/json" id="mpd-deferred-scripts">(.*)</script>', block)
    assert json.loads(found.group(1)) == {
        "dash_ag_grid": "/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35_3_0m17.min.js"}


def test_a_library_not_in_the_list_gives_no_block():
    rest, block = scripts.defer_libraries(DASH, ("dash_mantine_components",))
    assert (rest, block) == (DASH, "")


CHUNKS = ("/_dash-component-suites/dash/dcc/async-graph.v4_4_1m17.js",)


def test_modes_dash_runtime_grid_and_ours():
    assert scripts.shell_scripts(DASH, RUNTIME, "dash", CHUNKS) == DASH
    runtime_only = scripts.shell_scripts(DASH, RUNTIME, "runtime", CHUNKS)
    assert "polyfill@" not in runtime_only and "dash_ag_grid.v35" in runtime_only and "async-graph" not in runtime_only
    grid = scripts.shell_scripts(DASH, RUNTIME, "grid", CHUNKS)
    assert grid.startswith('<script type="application/json" id="mpd-deferred-scripts">')
    assert "polyfill@" not in grid and 'src="/_dash-component-suites/dash_ag_grid' not in grid
    assert "async-graph" not in grid
    ours = scripts.shell_scripts(DASH, RUNTIME, "ours", CHUNKS)
    assert ours == grid + f'<script src="{CHUNKS[0]}"></script>'             # the chunks last, after every bundle


def test_mode_from_the_environment(monkeypatch):
    monkeypatch.delenv(scripts.SCRIPTS_ENV, raising=False)
    assert scripts.mode() == "ours"
    monkeypatch.setenv(scripts.SCRIPTS_ENV, "dash")
    assert scripts.mode() == "dash"
    monkeypatch.setenv(scripts.SCRIPTS_ENV, "nonsense")
    assert scripts.mode() == "ours"


def test_preload_links_name_the_renderers_first_requests_under_the_prefix():
    assert scripts.preload_links("/app/") == (
        '<link rel="preload" href="/app/_dash-layout" as="fetch" crossorigin="anonymous">'
        '<link rel="preload" href="/app/_dash-dependencies" as="fetch" crossorigin="anonymous">')


PLOTLY = "/assets/vendor/plotly-partial.min.js?m=19.5"
WITH_PLOTLY = DASH + f'\n<script src="{PLOTLY}"></script>\n<script src="/assets/b.js?m=1"></script>'


def test_a_page_with_a_chart_on_top_keeps_plotly_and_names_it():
    rest, head = scripts.lazy_plotly(WITH_PLOTLY, chart_on_first_screen=True)
    assert rest == WITH_PLOTLY
    assert head == f'<meta name="mpd-plotly-url" content="{PLOTLY}">'


def test_a_page_without_a_chart_on_top_leaves_plotly_out_and_prefetches_it():
    rest, head = scripts.lazy_plotly(WITH_PLOTLY, chart_on_first_screen=False)
    assert "plotly-partial" not in rest
    assert rest == DASH + '\n\n<script src="/assets/b.js?m=1"></script>'         # the others as they were
    assert head == (f'<meta name="mpd-plotly-url" content="{PLOTLY}">'
                    f'<link rel="prefetch" href="{PLOTLY}" as="script">')


def test_without_the_partial_bundle_nothing_changes():
    assert scripts.plotly_url(DASH) is None
    assert scripts.lazy_plotly(DASH, chart_on_first_screen=False) == (DASH, "")
