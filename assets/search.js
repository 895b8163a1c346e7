// The navbar's country search gets its options when it is first focused (pages/_search.py): Dash's dropdown indexes
// every substring of its options as soon as it has them, work no page should do before its first chart. A file, not
// an inline script (CSP).
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
    document.addEventListener("focusin", function (e) {
        var box = e.target && e.target.closest && e.target.closest("#country-search");
        if (box && !asked && window.dash_clientside.set_props) {
            asked = true;
            window.dash_clientside.set_props("country-search-wanted", {data: true});
        }
    });
})();
