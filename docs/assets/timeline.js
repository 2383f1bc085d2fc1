// Theme filter for /timeline/. Without JavaScript the form stays hidden and every event shows.
// The ticked themes live in the URL (?themes=a,b) so a filtered timeline can be shared.
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("form.timeline-filter");
    if (!form) return;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=themes]"));
    var events = Array.prototype.slice.call(document.querySelectorAll(".timeline-events > li[data-themes]"));
    var years = Array.prototype.slice.call(document.querySelectorAll(".timeline-events"));

    function chosen() {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }

    function apply() {
      var themes = chosen();
      events.forEach(function (event) {
        var shown = event.getAttribute("data-themes").split(" ").some(function (t) {
          return themes.indexOf(t) !== -1;
        });
        event.hidden = !shown;
      });
      // Hide a year's heading when none of its events is shown.
      years.forEach(function (list) {
        var heading = list.previousElementSibling;
        var any = Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
        list.hidden = !any;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
    }

    function saveToUrl() {
      var url = new URL(window.location.href);
      var themes = chosen();
      if (themes.length === boxes.length) url.searchParams.delete("themes");
      else url.searchParams.set("themes", themes.join(","));
      window.history.replaceState(null, "", url.toString());
    }

    var wanted = new URL(window.location.href).searchParams.get("themes");
    if (wanted !== null) {
      var list = wanted.split(",");
      boxes.forEach(function (b) { b.checked = list.indexOf(b.value) !== -1; });
    }
    boxes.forEach(function (b) {
      b.addEventListener("change", function () { apply(); saveToUrl(); });
    });
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
