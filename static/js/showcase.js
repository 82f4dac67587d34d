// 成果展示: the two bar charts of the benefit totals (per track, per city), drawn with the vendored ECharts from
// the data the page embeds with json_script. No inline script (CSP); each chart has its table below it.
(function () {
  var source = document.getElementById("gallery-charts");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var series = [
    { key: "energy_saving", name: "节能量（tce）" },
    { key: "water_saving", name: "节水量（t）" },
    { key: "co2_reduction", name: "减排二氧化碳（tCO2）" }
  ];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var rows = data[element.dataset.chart];
    if (!rows || !rows.labels.length) {
      element.textContent = "暂无数据";
      element.classList.add("text-muted", "text-center");
      element.style.height = "auto";
      return;
    }
    var narrow = element.clientWidth < 500;
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: narrow ? 56 : 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: rows.labels,
               axisLabel: { interval: 0, rotate: rows.labels.length > 4 || narrow ? 35 : 0,
                            formatter: function (v) { return v.length > 8 ? v.slice(0, 8) + "…" : v; } } },
      yAxis: { type: "value" },
      series: series.map(function (s) { return { type: "bar", name: s.name, data: rows[s.key] }; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
