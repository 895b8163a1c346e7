// The navbar's country search gets its options after the page has drawn (pages/_search.py): Dash's dropdown indexes
// every substring of its options as soon as it has them, work no page should do before its first chart. They are
// given once the browser is idle after the page's load, or earlier when the box is pointed at or focused (so they
// are there before anyone types). A file, not an inline script (CSP).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    search: {
        // the options for the box: the stored ones once the box is wanted, nothing before
        fill: function (wanted, options) {
            return wanted ? options : window.dash_clientside.no_update;
        }
    }
});
(function () {
    "use strict";
    var asked = false;                  // once per page load: the navbar, and so the filled box, stays across views

    function want() {
        if (asked) {
            return;
        }
        if (!window.dash_clientside.set_props || !document.getElementById("country-search")) {
            setTimeout(want, 300);      // the app has not drawn the navbar yet
            return;
        }
        asked = true;
        window.dash_clientside.set_props("country-search-wanted", {data: true});
    }

    function onBox(e) {
        if (e.target && e.target.closest && e.target.closest("#country-search")) {
            want();
        }
    }

    document.addEventListener("pointerover", onBox);
    document.addEventListener("focusin", onBox);
    window.addEventListener("load", function () {
        var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 500); };
        setTimeout(function () { idle(want, {timeout: 3000}); }, 1000);
    });
})();
