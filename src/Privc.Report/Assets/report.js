// privc report: selection and recolouring. No network, no dependencies; the page is complete without this script
// (the tables carry every fact), which only adds interaction.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("privc-data").textContent);
  var svg = document.getElementById("map");
  var byKey = {};
  Array.prototype.forEach.call(svg.querySelectorAll("[data-el]"), function (el) {
    var key = el.getAttribute("data-el");
    (byKey[key] = byKey[key] || []).push(el);
  });
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.item"));
  var details = Array.prototype.slice.call(document.querySelectorAll(".detail"));
  var none = document.querySelector(".detail-none");

  function each(keys, fn) {
    keys.forEach(function (key) { (byKey[key] || []).forEach(fn); });
  }

  function clear() {
    svg.classList.remove("selecting");
    Array.prototype.forEach.call(svg.querySelectorAll(".hl, .excluded"), function (el) { el.classList.remove("hl", "excluded"); });
    Array.prototype.forEach.call(svg.querySelectorAll(".badges"), function (g) { g.classList.remove("shown"); });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    details.forEach(function (d) { d.hidden = true; });
    none.hidden = false;
    document.body.removeAttribute("data-selected");
  }

  function select(id) {
    var item = data.items[id];
    if (!item) { return; }
    clear();
    svg.classList.add("selecting");
    each(item.h, function (el) { el.classList.add("hl"); });
    each(item.x, function (el) { el.classList.add("excluded"); });
    Array.prototype.forEach.call(svg.querySelectorAll(".badges"), function (g) {
      if (g.getAttribute("data-for") === id) { g.classList.add("shown"); }
    });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-item") === id ? "true" : "false"); });
    details.forEach(function (d) { d.hidden = d.getAttribute("data-detail") !== id; });
    none.hidden = true;
    document.body.setAttribute("data-selected", id);
  }

  buttons.forEach(function (button, index) {
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { clear(); } else { select(button.getAttribute("data-item")); }
    });
    button.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
      if (step !== 0) {
        var next = buttons[index + step];
        if (next) { next.focus(); }
        event.preventDefault();
      }
    });
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { clear(); } });
  document.getElementById("clear").addEventListener("click", clear);

  var select_ = document.getElementById("colour-by");
  var legend = document.getElementById("legend");
  function recolour(key) {
    var values = data.values[key] || [];
    Array.prototype.forEach.call(svg.querySelectorAll(".node"), function (g) {
      var name = g.getAttribute("data-el").substring(2);
      var value = (data.nodes[name] || {})[key];
      var i = values.indexOf(value);
      g.querySelector("circle").setAttribute("fill", i < 0 ? "#FFFFFF" : data.palette[i % data.palette.length]);
      g.setAttribute("data-colour-value", value === undefined ? "" : value);
    });
    while (legend.firstChild) { legend.removeChild(legend.firstChild); }
    values.forEach(function (value, i) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = data.palette[i % data.palette.length];
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(value));
      legend.appendChild(li);
    });
  }
  select_.addEventListener("change", function () { recolour(select_.value); });
  recolour(select_.value);
  if (data.initial) { select(data.initial); }
})();
