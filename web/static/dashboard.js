// Refresh the operator's dashboard numbers every 5 seconds.
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root) { return; }
  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
  }
  function row(cells, action, label, id) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) { var td = document.createElement("td"); td.textContent = c; tr.appendChild(td); });
    var td = document.createElement("td");
    var f = document.createElement("form");
    f.method = "post"; f.action = action;
    var h = document.createElement("input");
    h.type = "hidden"; h.name = "csrf_token"; h.value = root.dataset.csrf;
    var b = document.createElement("button");
    b.type = "submit"; b.textContent = label + " " + id.slice(0, 8);
    f.appendChild(h); f.appendChild(b); td.appendChild(f); tr.appendChild(td);
    return tr;
  }
  function ids(tbody) {
    return Array.prototype.map.call(tbody.querySelectorAll("form"), function (f) { return f.action; }).join();
  }
  function refresh() {
    fetch("/operator/stats", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        root.querySelectorAll("[data-key]").forEach(function (el) {
          var v = get(s, el.dataset.key);
          el.textContent = v == null ? "–" : (typeof v === "number" ? Math.round(v) : v);
        });
        document.getElementById("updated").textContent = s.generated_at.slice(0, 19);
        var dead = document.querySelector("#dead-table tbody");
        var fresh = document.createElement("tbody");
        s.dead_deliveries.forEach(function (d) {
          fresh.appendChild(row([d.id.slice(0, 8), d.authority, d.attempts, d.error || ""],
            "/operator/deliveries/" + d.id + "/retry", root.dataset.retry, d.id));
        });
        if (ids(fresh) !== ids(dead)) { dead.replaceWith(fresh); }
        var failed = document.querySelector("#failed-table tbody");
        var fresh2 = document.createElement("tbody");
        s.failed_documents.forEach(function (d) {
          fresh2.appendChild(row([d.id.slice(0, 8), d.error || "", d.since.slice(0, 16)],
            "/operator/documents/" + d.id + "/requeue", root.dataset.requeue, d.id));
        });
        if (ids(fresh2) !== ids(failed)) { failed.replaceWith(fresh2); }
      })
      .catch(function () { /* keep the last numbers */ });
  }
  window.setInterval(refresh, 5000);
}());
