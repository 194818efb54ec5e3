// xuezuo's own script. htmx's settings live in the layout's htmx-config
// meta tag; this file drives upload progress bars, the register's
// "all present" button and the progress page's charts.
(function () {
  "use strict";
  // htmx fires htmx:xhr:progress on the form while the upload runs; a form
  // that wants a bar holds <progress data-upload>.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var form = evt.target && evt.target.closest ? evt.target.closest("form") : null;
    var bar = form ? form.querySelector("progress[data-upload]") : null;
    if (!bar || !evt.detail || !evt.detail.lengthComputable) {
      return;
    }
    bar.hidden = false;
    bar.value = Math.round((evt.detail.loaded * 100) / evt.detail.total);
  });

  // The register's button sets every member still 未登记 to one status.
  document.addEventListener("click", function (evt) {
    var btn = evt.target && evt.target.closest ? evt.target.closest("[data-fill-status]") : null;
    if (!btn) {
      return;
    }
    var form = btn.closest("form");
    form.querySelectorAll("select[name^='status_']").forEach(function (sel) {
      if (sel.value === "") {
        sel.value = btn.getAttribute("data-fill-status");
      }
    });
  });

  // Charts of the progress page, drawn from the table's JSON data island and
  // redrawn after each htmx refresh of the table. ECharts loads deferred, so
  // wait a little for it when the page has just arrived.
  var charts = {};
  function chart(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    if (!charts[id] || charts[id].getDom() !== el) {
      charts[id] = window.echarts.init(el);
    }
    return charts[id];
  }
  function drawCharts(tries) {
    var island = document.getElementById("progress-data");
    if (!island) {
      return;
    }
    if (!window.echarts) {
      if (tries < 50) {
        setTimeout(function () { drawCharts(tries + 1); }, 100);
      }
      return;
    }
    var d = JSON.parse(island.textContent);
    var topics = chart("chart-topics");
    if (topics) {
      topics.setOption({
        grid: { left: 40, right: 10, top: 20, bottom: 30 },
        tooltip: {},
        xAxis: { type: "category", data: d.topics || [] },
        yAxis: { type: "value", max: d.branches || null, minInterval: 1 },
        series: [{ type: "bar", name: "按期召开的支部", data: d.on_time || [] }]
      });
    }
    var att = chart("chart-attendance");
    if (att) {
      att.setOption({
        grid: { left: 100, right: 20, top: 10, bottom: 30 },
        tooltip: {},
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: d.orgs || [] },
        series: [{ type: "bar", name: "出席率", data: (d.attendance || []).map(function (v) { return Math.round(v * 10) / 10; }) }]
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(0); });
  document.addEventListener("htmx:afterSettle", function () { drawCharts(0); });
})();
