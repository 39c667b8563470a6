// Renders every chart container ([data-chart], written by reporting/templatetags/charts.py) with
// vega-embed. The spec is JSON in a <script type="application/json">; Vega's expression
// interpreter (`ast: true`) replaces eval, so the CSP needs no 'unsafe-eval'. Nothing is loaded from
// other origins: vega, vega-lite and vega-embed are static files served from node_modules.
(function () {
  "use strict";

  function render(figure) {
    if (figure.dataset.chartRendered) return;
    var source = figure.querySelector("script[type='application/json']");
    var view = figure.querySelector("[data-chart-view]");
    if (!source || !view || typeof window.vegaEmbed !== "function") return;
    figure.dataset.chartRendered = "1";
    var spec = JSON.parse(source.textContent);
    // The page fills its column; the PDF keeps the spec's fixed width.
    if (typeof spec.width === "number") spec.width = "container";
    spec.autosize = { type: "fit-x", contains: "padding" };
    window
      .vegaEmbed(view, spec, { mode: "vega-lite", ast: true, actions: false, renderer: "svg" })
      .then(function () { figure.dataset.chartReady = "1"; })
      .catch(function (error) {
        figure.dataset.chartError = "1";
        view.textContent = "График не удалось построить.";
        if (window.console) window.console.warn(error);
      });
  }

  // The libraries (about 1 MB) are loaded only on pages that have a chart, one after another
  // (vega-embed needs vega and vega-lite); their URLs come from this script's data attributes.
  var self = document.currentScript;
  var loading = null;

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function libraries() {
    if (!loading) {
      var urls = [self.dataset.vega, self.dataset.vegaLite, self.dataset.vegaEmbed];
      loading = urls.reduce(function (chain, url) {
        return chain.then(function () { return load(url); });
      }, Promise.resolve());
    }
    return loading;
  }

  function renderAll(root) {
    var figures = (root || document).querySelectorAll("[data-chart]");
    if (!figures.length) return;
    libraries().then(function () { figures.forEach(render); });
  }

  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  // Panels and tabs loaded by htmx bring their own charts.
  document.addEventListener("htmx:afterSettle", function (event) { renderAll(event.target); });
})();
