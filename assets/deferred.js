/* Component libraries loaded when a page first renders one of their components, not with every page (issue 13: time
 * to first chart). The server leaves their bundles out of the page and names them, by namespace, in the JSON data
 * block <script type="application/json" id="mpd-deferred-scripts"> (indicators/web/scripts.py); until a bundle has
 * run, window[namespace] is a stand-in whose components load it, show a "Loading the table" placeholder
 * (assets/loading.css), then render the library's own component with the same props. Once loaded, the library's
 * bundle has replaced the stand-in, so later renders resolve to its components directly.
 * Statics Dash's renderer reads from a component before rendering it are copied from the library (STATICS).
 * Plotly: dcc.Graph loads window._dashPlotlyJSURL when it draws a chart before window.Plotly exists (a page whose
 * first screen has no chart leaves Plotly out of its shell); the shell's <meta name="mpd-plotly-url"> names the
 * app's partial bundle, which Dash's renderer would otherwise replace by its own 4.8 MB plotly.min.js. */
(function () {
  "use strict";
  var plotly = document.querySelector('meta[name="mpd-plotly-url"]');
  if (plotly) {
    var plotlyUrl = plotly.getAttribute("content");
    Object.defineProperty(window, "_dashPlotlyJSURL", {configurable: true, get: function () { return plotlyUrl; },
                                                       set: function () { /* the renderer's own URL: ignored */ }});
  }
  var STATICS = {
    /* dash_ag_grid 35 (React >= 18.3): dashRenderType, and its persistence defaults */
    dash_ag_grid: {AgGrid: {dashRenderType: true,
                            dashPersistence: {persisted_props: ["selectedRows"], persistence_type: "local"}}}
  };
  var loads = {};

  function load(namespace, src) {
    /* One <script> per library, whatever the number of components waiting for it. */
    if (!loads[namespace]) {
      loads[namespace] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = resolve;
        tag.onerror = function () { delete loads[namespace]; reject(new Error("could not load " + src)); };
        document.head.appendChild(tag);
      });
    }
    return loads[namespace];
  }

  function standIn(namespace, type, src, stub) {
    /* A component that loads the library, then renders the library's component of that type with its props. */
    function Deferred(props) {
      var React = window.React;
      var loaded = window[namespace] !== stub ? window[namespace][type] : null;
      var state = React.useState(loaded);
      var real = state[0] || loaded;
      var setReal = state[1];
      React.useEffect(function () {
        if (real) { return undefined; }
        var live = true;
        load(namespace, src).then(function () {
          if (live) { setReal(function () { return window[namespace][type]; }); }
        }, function (err) { window.console.error(err); });
        return function () { live = false; };
      }, [real]);
      if (real) { return React.createElement(real, props); }
      return React.createElement("div", {id: props.id, className: "mpd-deferred-loading " + (props.className || ""),
                                         style: props.style, role: "status", "aria-busy": "true"});
    }
    Deferred.displayName = "Deferred(" + namespace + "." + type + ")";
    var statics = (STATICS[namespace] || {})[type] || {};
    Object.keys(statics).forEach(function (key) { Deferred[key] = statics[key]; });
    return Deferred;
  }

  var block = document.getElementById("mpd-deferred-scripts"), urls = {};
  try { urls = block ? JSON.parse(block.textContent) : {}; } catch (e) { urls = {}; }
  Object.keys(urls).forEach(function (namespace) {
    var src = urls[namespace];
    if (typeof src !== "string" || window[namespace]) { return; }
    var stub = {};
    Object.keys(STATICS[namespace] || {}).forEach(function (type) { stub[type] = standIn(namespace, type, src, stub); });
    window[namespace] = stub;
  });
})();
