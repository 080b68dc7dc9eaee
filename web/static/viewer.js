// Zoom and rotate the page images of a document (every page, same setting for all).
(function () {
  "use strict";
  document.querySelectorAll(".viewer").forEach(function (viewer) {
    var zoom = 1, turn = 0;
    function apply() {
      viewer.querySelectorAll("figure.page").forEach(function (fig) {
        var img = fig.querySelector("img");
        img.style.width = (zoom * 100) + "%";
        img.style.maxWidth = zoom > 1 ? "none" : "100%";
        img.style.transform = turn ? "rotate(" + turn + "deg)" : "";
        fig.classList.toggle("turned", turn % 180 !== 0);
      });
    }
    viewer.addEventListener("click", function (ev) {
      var act = ev.target.closest("button") && ev.target.closest("button").dataset.act;
      if (act === "zoom-in") { zoom = Math.min(3, zoom + 0.5); }
      else if (act === "zoom-out") { zoom = Math.max(0.5, zoom - 0.5); }
      else if (act === "rotate") { turn = (turn + 90) % 360; }
      else { return; }
      apply();
    });
  });
}());
