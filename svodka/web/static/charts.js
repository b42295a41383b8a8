// Draws each chart of a page with plotly.js (served by svodka from the plotly package): the
// figure's data and layout are in a <script type="application/json"> beside its box.
(function () {
  function draw() {
    document.querySelectorAll("figure[data-chart]").forEach(function (fig) {
      var id = fig.dataset.chart;
      var box = document.getElementById(id);
      var spec = JSON.parse(document.getElementById(id + "-spec").textContent);
      Plotly.newPlot(box, spec.data, spec.layout, {displayModeBar: false, responsive: true, locale: "ru"})
        .then(function () { fig.classList.add("drawn"); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
