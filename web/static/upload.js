// Upload several files with progress (XHR), then poll the documents' states.
// Every text comes from the server in the advisor's language (data-* attributes, JSON words).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var results = document.getElementById("upload-results");
  var names = {};     // document id -> the file name the advisor chose now
  var notices = {};   // document id -> "already received" notice

  function say(text) { status.textContent = text; }

  function codeNote(code) {
    var small = document.createElement("small");
    small.className = "code";
    small.textContent = " (" + form.dataset.code + " " + code + ")";
    return small;
  }

  function refreshList() {
    var list = document.getElementById("doc-list");
    if (!list) { return; }
    fetch(list.dataset.src + window.location.search, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { list.innerHTML = html; })
      .catch(function () { /* keep the old list */ });
  }

  function poll(ids) {
    if (!ids.length) { return; }
    var query = ids.map(function (i) { return "ids=" + encodeURIComponent(i); }).join("&");
    fetch("/advisor/status?" + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var pending = false, processed = 0;
        body.documents.forEach(function (d) {
          var li = document.getElementById("doc-" + d.id);
          if (!li) {
            li = document.createElement("li");
            li.id = "doc-" + d.id;
            var a = document.createElement("a");
            a.href = "/advisor/documents/" + d.id;
            a.textContent = names[d.id] || d.name || d.id.slice(0, 8);
            li.appendChild(a);
            li.appendChild(document.createTextNode(" "));
            var span = document.createElement("span");
            span.className = "state";
            li.appendChild(span);
            if (notices[d.id]) {
              var n = document.createElement("span");
              n.className = "notice-inline";
              n.textContent = " " + notices[d.id];
              li.appendChild(n);
            }
            results.appendChild(li);
          }
          var s = li.querySelector(".state");
          s.textContent = d.label + (d.error_words ? ": " + d.error_words : "");
          s.className = "state state-" + d.state;
          if (d.error) { s.appendChild(codeNote(d.error)); }
          if (!d.final) { pending = true; }
          else if (d.state !== "rejected" && d.state !== "failed") { processed += 1; }
        });
        if (pending) { window.setTimeout(function () { poll(ids); }, 1000); }
        else {
          say(processed ? form.dataset.done : form.dataset.nothing);
          refreshList();
        }
      })
      .catch(function () { window.setTimeout(function () { poll(ids); }, 3000); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.upload);
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
      if (xhr.status !== 202) { say(form.dataset.failed); return; }
      bar.value = 100;
      var body = JSON.parse(xhr.responseText);
      var ids = [], rejected = 0;
      body.files.forEach(function (f) {
        if (f.error) {
          var li = document.createElement("li");
          li.textContent = (f.filename || "") + ": " + f.error.words;
          li.appendChild(codeNote(f.error.code));
          li.className = "error";
          results.appendChild(li);
          rejected += 1;
        }
        (f.document_ids || []).forEach(function (i) {
          ids.push(i);
          names[i] = f.filename;
          if (f.notice) { notices[i] = f.notice; }
        });
      });
      if (ids.length) { poll(ids); }
      else if (rejected) { say(form.dataset.nothing); refreshList(); }
    });
    xhr.addEventListener("error", function () { say(form.dataset.failed); });
    xhr.send(data);
  });
}());
