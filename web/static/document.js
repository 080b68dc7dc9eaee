// Show the catalogue's instructions for the service chosen in the decision form.
(function () {
  "use strict";
  var select = document.getElementById("service");
  var target = document.getElementById("instruction");
  var data = document.getElementById("instructions-data");
  if (!select || !target || !data) { return; }
  var instructions = JSON.parse(data.textContent);
  select.addEventListener("change", function () {
    target.textContent = instructions[select.value] || "";
  });
}());
