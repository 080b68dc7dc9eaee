// Upload several files with progress (XHR), then poll the documents' states.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var results = document.getElementById("upload-results");

  function say(text) { status.textContent = text; }

  function poll(ids) {
    if (!ids.length) { return; }
    var query = ids.map(function (i) { return "ids=" + encodeURIComponent(i); }).join("&");
    fetch("/advisor/status?" + query, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var pending = false;
        body.documents.forEach(function (d) {
          var li = document.getElementById("doc-" + d.id);
          if (!li) {
            li = document.createElement("li");
            li.id = "doc-" + d.id;
            var a = document.createElement("a");
            a.href = "/advisor/documents/" + d.id;
            a.textContent = (d.name || d.id.slice(0, 8));
            li.appendChild(a);
            li.appendChild(document.createTextNode(" "));
            var span = document.createElement("span");
            span.className = "state";
            li.appendChild(span);
            results.appendChild(li);
          }
          var s = li.querySelector(".state");
          s.textContent = d.label + (d.error ? " (" + d.error + ")" : "");
          s.className = "state state-" + d.state;
          if (!d.final) { pending = true; }
        });
        if (pending) { window.setTimeout(function () { poll(ids); }, 1000); }
        else { say(form.dataset.done); }
      })
      .catch(function () { window.setTimeout(function () { poll(ids); }, 3000); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var pct = Math.round(100 * e.loaded / e.total);
        bar.value = pct;
        bar.textContent = pct + " %";
      }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status !== 202) {
        var msg = form.dataset.failed;
        try { msg += ": " + JSON.parse(xhr.responseText).message; } catch (e) { /* not JSON */ }
        say(msg);
        return;
      }
      bar.value = 100;
      var body = JSON.parse(xhr.responseText);
      var ids = [];
      body.files.forEach(function (f) {
        if (f.error) {
          var li = document.createElement("li");
          li.textContent = (f.filename || "") + ": " + f.error.message;
          li.className = "error";
          results.appendChild(li);
        }
        (f.document_ids || []).forEach(function (i) { ids.push(i); });
      });
      poll(ids);
    });
    xhr.addEventListener("error", function () { say(form.dataset.failed); });
    xhr.send(data);
  });
}());
