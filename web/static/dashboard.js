// Refresh the operator's dashboard every 5 seconds: numbers and every list, rows rebuilt with
// their links, words, local times and buttons exactly as the server renders them (the JSON
// carries the texts already formatted by web/timefmt.py and web/error_text.py).
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root) { return; }
  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
  }
  function text(s) { var td = document.createElement("td"); td.textContent = s == null ? "" : s; return td; }
  function num(s) { var td = text(s); td.className = "num"; return td; }
  function link(href, label) {
    var td = document.createElement("td"), a = document.createElement("a");
    a.href = href; a.textContent = label; td.appendChild(a); return td;
  }
  function reason(d) {
    var td = text(d.error_words ? d.error_words + " " : "");
    if (d.error) {
      var small = document.createElement("small"), code = document.createElement("code");
      small.className = "code";
      small.appendChild(document.createTextNode("(" + root.dataset.code + " "));
      code.textContent = d.error; small.appendChild(code);
      small.appendChild(document.createTextNode(")"));
      td.appendChild(small);
    }
    if (d.reason) {  // the provider's own answer, as it gave it
      var words = document.createElement("code");
      words.className = "wrap"; words.textContent = d.reason;
      td.appendChild(document.createElement("br")); td.appendChild(words);
    }
    return td;
  }
  function action(href, label, short) {
    var td = document.createElement("td"), f = document.createElement("form");
    f.method = "post"; f.action = href;
    var h = document.createElement("input");
    h.type = "hidden"; h.name = "csrf_token"; h.value = root.dataset.csrf;
    var b = document.createElement("button"), sr = document.createElement("span");
    b.type = "submit"; b.textContent = label;
    sr.className = "sr-only"; sr.textContent = " " + short; b.appendChild(sr);
    f.appendChild(h); f.appendChild(b); td.appendChild(f);
    return td;
  }
  function fill(id, items, cells) {
    var old = document.querySelector("#" + id + " tbody");
    var fresh = document.createElement("tbody");
    items.forEach(function (d) {
      var tr = document.createElement("tr");
      cells(d).forEach(function (c) { tr.appendChild(c); });
      fresh.appendChild(tr);
    });
    if (fresh.innerHTML !== old.innerHTML) {
      // Keep the keyboard focus when nothing it points at changed.
      var focused = old.contains(document.activeElement);
      if (!focused) { old.replaceWith(fresh); }
    }
  }
  function refresh() {
    fetch("/operator/stats", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        root.querySelectorAll("[data-key]").forEach(function (el) {
          var v = get(s, el.dataset.key);
          el.textContent = v == null ? "–" : (typeof v === "number" ? Math.round(v) : v);
        });
        document.getElementById("updated").textContent = s.generated_text;
        fill("dead-table", s.dead_deliveries, function (d) {
          return [link("/operator/deliveries/" + d.id, d.short), text(d.authority_name), num(d.attempts),
                  reason(d), action("/operator/deliveries/" + d.id + "/retry", root.dataset.retry, d.short)];
        });
        fill("failed-table", s.failed_documents, function (d) {
          return [link("/operator/documents/" + d.id, d.short), reason(d), text(d.since_text),
                  action("/operator/documents/" + d.id + "/requeue", root.dataset.requeue, d.short)];
        });
        fill("retrying-table", s.retrying_deliveries, function (d) {
          return [link("/operator/deliveries/" + d.id, d.short), text(d.authority_name), num(d.attempts),
                  reason(d), text(d.next_text), text(d.since_text)];
        });
        fill("quarantine-table", s.quarantine, function (d) {
          var name = d.name || d.id.slice(0, 8);
          return [d.document_id ? link("/operator/documents/" + d.document_id, name) : text(name),
                  text(d.received_text), text(d.channel), text(d.service_point), reason(d)];
        });
      })
      .catch(function () { /* keep the last numbers */ });
  }
  window.setInterval(refresh, 5000);
}());
