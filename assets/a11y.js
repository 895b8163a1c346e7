/* Accessibility repairs of third-party widgets (Dash 4 dropdowns and sliders, DataTable pagination, dcc.Upload,
 * dbc.Tabs without panes). Served from assets/ like every script (the CSP allows only this server's files).
 * Each repair is idempotent and reruns whenever the page's DOM changes (Dash renders after load).
 * Checked by tests/pages/test_e2e_accessibility.py (axe-core, keyboard walk-throughs). */
(function () {
  "use strict";
  var PAGER = {"first-page": "First page", "previous-page": "Previous page", "next-page": "Next page",
               "last-page": "Last page"};
  /* These labels in the page's language (<html lang>, set by the server and assets/i18n.js), from the gettext
   * catalogues: the server writes them into the page as a JSON data block (pages/_language.py, a11y_words_block). */
  var WORDS = null;

  function words() {
    if (WORDS === null) {
      var block = document.getElementById("mpd-a11y-words");
      try { WORDS = block ? JSON.parse(block.textContent) : {}; } catch (e) { WORDS = {}; }
    }
    return WORDS;
  }

  function t(text) {
    var table = words()[(document.documentElement.lang || "en").slice(0, 2)];
    return (table && table[text]) || text;
  }

  function labelFor(id) {
    /* The <label for=id> of a widget, given an id so it can be referenced by aria-labelledby. */
    if (!id) { return null; }
    var label = document.querySelector('label[for="' + CSS.escape(id) + '"]');
    if (label && !label.id) { label.id = id + "-label"; }
    return label;
  }

  function set(el, attr, value) {
    if (el && el.getAttribute(attr) !== value) { el.setAttribute(attr, value); }
  }

  function dropdowns() {
    /* The focusable stand-in of a Dash 4 dropdown is aria-hidden: expose it as the combobox, named by its label. */
    document.querySelectorAll(".dash-dropdown-wrapper").forEach(function (w) {
      var button = w.querySelector("button.dash-dropdown"), target = w.querySelector(".dash-dropdown-focus-target");
      if (!button || !target) { return; }
      var label = labelFor(button.id), value = button.id + "-value";
      target.removeAttribute("aria-hidden");
      set(target, "role", "combobox");
      set(target, "aria-haspopup", "listbox");
      set(target, "aria-expanded", button.getAttribute("aria-expanded") || "false");
      set(target, "aria-labelledby", (label ? label.id + " " : "") + value);
      if (label) { set(button, "aria-labelledby", label.id + " " + value); }
    });
  }

  function sliders() {
    /* Slider thumbs and their number boxes named by the slider's label. */
    document.querySelectorAll(".dash-slider-container[id]").forEach(function (s) {
      var label = labelFor(s.id), name = label ? label.textContent.trim() : s.id;
      s.querySelectorAll("[role=slider]").forEach(function (t) { set(t, "aria-label", name); });
      s.querySelectorAll("input").forEach(function (i) { set(i, "aria-label", name); });
    });
  }

  function groups() {
    /* Dash 4 radio items and checklists are a listbox of options that wrap real inputs (nested interactive
       controls): they become a plain radiogroup/group of native radios and checkboxes. */
    document.querySelectorAll(".dash-radioitems[role=listbox], .dash-checklist[role=listbox]").forEach(function (g) {
      g.setAttribute("role", g.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      g.querySelectorAll("[role=option]").forEach(function (o) {
        o.removeAttribute("role"); o.removeAttribute("aria-selected");
      });
    });
    /* Radio and checkbox groups labelled by a <label for> that cannot label a <div>. */
    document.querySelectorAll("[role=radiogroup][id], [role=group][id], .dash-checklist[id], .dash-radioitems[id]")
      .forEach(function (g) {
        var label = labelFor(g.id);
        if (label) { set(g, "aria-labelledby", label.id); }
      });
  }

  function tables() {
    /* DataTable pagination buttons are icons without a name; the page box says what it is. */
    document.querySelectorAll(".previous-next-container").forEach(function (p) {
      Object.keys(PAGER).forEach(function (cls) {
        p.querySelectorAll("button." + cls).forEach(function (b) { set(b, "aria-label", t(PAGER[cls])); });
      });
      /* The page-number box swallows Tab (a keyboard trap): out of the Tab order; the four buttons page through. */
      p.querySelectorAll("input.current-page").forEach(function (i) {
        set(i, "aria-label", t("Page number")); set(i, "tabindex", "-1");
      });
    });
    document.querySelectorAll(".dash-filter input[type=text]").forEach(function (i) {
      var th = i.closest("th"), col = th ? th.getAttribute("data-dash-column") : "";
      var head = th && th.closest("table") ?
        th.closest("table").querySelector('th.dash-header[data-dash-column="' + CSS.escape(col) + '"]') : null;
      set(i, "aria-label", t("Search in ") + (head ? head.textContent.trim() : col));
    });
    /* The "Aa" case toggle is hidden by CSS (filters ignore case); keep it out of the Tab order too. */
    document.querySelectorAll(".dash-filter--case").forEach(function (b) { set(b, "tabindex", "-1"); });
  }

  function uploads() {
    document.querySelectorAll("input[type=file]").forEach(function (i) {
      if (!i.getAttribute("aria-label")) { i.setAttribute("aria-label", t("Choose a file to upload")); }
    });
  }

  function tabs() {
    /* Tabs whose panes are rendered elsewhere: an aria-controls naming no element is invalid. */
    document.querySelectorAll("[role=tab][aria-controls]").forEach(function (t) {
      if (!document.getElementById(t.getAttribute("aria-controls"))) { t.removeAttribute("aria-controls"); }
    });
  }

  function repair() { dropdowns(); sliders(); groups(); tables(); uploads(); tabs(); }

  document.addEventListener("focusin", function (e) {
    /* An opened dropdown puts focus on its search box, so typing filters the options at once. */
    var content = e.target.closest && e.target.closest(".dash-dropdown-content");
    if (content && e.target.classList.contains("dash-options-list-option-checkbox") && !content.dataset.searched) {
      var search = content.querySelector("input.dash-dropdown-search");
      content.dataset.searched = "1";
      if (search) { search.focus(); }
    }
  });

  window.addEventListener("keydown", function (e) {
    /* DataTable takes Tab for its cell navigation even from its pagination buttons and filter boxes, which traps
       keyboard users there: Tab from those goes to the browser (the next or previous control) instead. */
    if (!e.target.closest) { return; }
    var pager = e.target.closest(".previous-next-container");
    if ((e.key === "Tab" && (pager || e.target.closest(".dash-spreadsheet-container .dash-filter"))) ||
        (pager && (e.key === "Enter" || e.key === " "))) {     /* and Enter pages, as on any button */
      e.stopImmediatePropagation();
    }
  }, true);

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                        attributeFilter: ["aria-expanded", "aria-controls", "aria-hidden", "aria-labelledby", "role"]});
  document.addEventListener("DOMContentLoaded", repair);
})();
