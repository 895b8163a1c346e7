/* Parts of a page below its first screen (pages/_later.py) are put in once the first screen has been painted, one part
 * per idle moment of the browser, in the page's order: the first screen does not wait for the tables and charts below
 * it, and the page answers clicks and scrolls between parts. window.mpdLater.place(spec) returns a promise of the
 * part's components (a Dash clientside callback may return one). A file, not an inline script (CSP). */
window.mpdLater = (function () {
  "use strict";
  var queue = [];
  var busy = false;
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };

  function next() {
    if (!queue.length) {
      busy = false;
      return;
    }
    /* each part in its own idle moment: the one before has been rendered and painted by then */
    idle(function () {
      queue.shift()();
      next();
    }, {timeout: 400});
  }

  function place(spec) {
    return new Promise(function (resolve) {
      queue.push(function () { resolve(spec); });
      if (!busy) {
        busy = true;
        /* after the first screen's paint: a frame, then a task */
        requestAnimationFrame(function () { setTimeout(next, 0); });
      }
    });
  }

  return {place: place};
})();
