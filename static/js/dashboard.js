// The competition dashboard: each [data-chart] element gets the ECharts chart described by the JSON of the
// <script type="application/json" id="…"> beside it (Django's json_script). The table next to each chart holds
// the same numbers; nothing here is the only place a figure is shown.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var GREEN = "#1f7a4d", PALETTE = ["#1f7a4d", "#0d6efd", "#f0ad4e", "#dc3545", "#6f42c1", "#20c997", "#6c757d"];
  var STATE_COLOURS = {"已截止": "#adb5bd", "进行中": "#198754", "未开始": "#0d6efd"};
  // One colour per state, as the badges of every page (STYLE.md): 草稿 grey, 已提交 blue, 已退回 amber,
  // 已推荐 / 已报送 green, 逾期 red.
  var STATES = {"草稿": "#6c757d", "已提交": "#0d6efd", "已退回": "#f0ad4e", "已推荐": "#198754",
    "已撤回": "#adb5bd", "已报送": "#198754", "未报送": "#6c757d", "逾期未报送": "#dc3545", "未评级": "#ced4da",
    "已达到目标": "#198754", "30天内到期": "#f0ad4e", "已逾期": "#dc3545", "其他": "#adb5bd", "未提交": "#adb5bd",
    "目标（%）": "#0d6efd", "推荐名额": "#ced4da", "已填报": "#6c757d", "入选": "#198754",
    "A": "#1f7a4d", "绩效引领性": "#0f5132", "B": "#52b788", "B-": "#95d5b2", "C": "#f0ad4e", "D": "#dc3545"};
  var DAY = 24 * 3600 * 1000;

  function day(ms) { return echarts.time.format(ms, "{yyyy}-{MM}-{dd}", false); }

  function timeline(spec, el) {
    var phases = spec.phases, names = phases.map(function (p) { return p.name; });
    var first = Math.min.apply(null, phases.map(function (p) { return p.start; }));
    var last = Math.max.apply(null, phases.map(function (p) { return p.end; }));
    // Today widens the axis only when it is near the phases; otherwise the title says where it is.
    var near = spec.today >= first - 60 * DAY && spec.today <= last + 60 * DAY;
    var min = near ? Math.min(first, spec.today) : first, max = near ? Math.max(last, spec.today) : last;
    var pad = Math.max((max - min) * 0.03, DAY);
    el.style.height = Math.max(160, phases.length * 36 + 70) + "px";
    var title = near ? "" : "今天（" + spec.todayText + "）" + (spec.today > last ? "在全部阶段之后" : "在全部阶段之前");
    return {
      color: PALETTE,
      title: {text: title, right: 10, top: 0, textStyle: {fontSize: 12, fontWeight: "normal", color: "#dc3545"}},
      tooltip: {formatter: function (p) { var ph = phases[p.dataIndex]; return ph.name + "<br>" + ph.text + "（" + ph.state + "）"; }},
      grid: {left: 10, right: 30, top: 36, bottom: 10, containLabel: true},
      xAxis: {type: "time", min: min - pad, max: max + pad, axisLabel: {hideOverlap: true}},
      yAxis: {type: "category", data: names, inverse: true, axisTick: {show: false},
        axisLabel: {width: el.clientWidth < 600 ? 100 : 240, overflow: "truncate"}},
      series: [{
        type: "custom", encode: {x: [1, 2], y: 0},
        data: phases.map(function (p, i) { return {value: [i, p.start, p.end], itemStyle: {color: STATE_COLOURS[p.state]}}; }),
        renderItem: function (params, api) {
          var i = api.value(0), a = api.coord([api.value(1), i]), b = api.coord([api.value(2), i]);
          var h = api.size([0, 1])[1] * 0.55, cs = params.coordSys;
          var shape = echarts.graphic.clipRectByRect(
            {x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 4), height: h},
            {x: cs.x, y: cs.y, width: cs.width, height: cs.height});
          return shape && {type: "rect", shape: shape, style: api.style()};
        },
        markLine: near ? {symbol: "none", silent: true, data: [{xAxis: spec.today}],
          label: {formatter: "今天 " + spec.todayText, color: "#dc3545", position: "start"}, lineStyle: {color: "#dc3545", width: 2, type: "solid"}} : undefined
      }]
    };
  }

  function bar(spec, el) {
    var horizontal = !!spec.horizontal, many = spec.series.length > 1;
    if (horizontal) { el.style.height = Math.max(240, spec.categories.length * 22 + 80) + "px"; }
    var category = {type: "category", data: spec.categories, inverse: horizontal,
      axisLabel: horizontal || spec.categories.length > 6 ? {interval: 0, rotate: horizontal ? 0 : 40}
        : {interval: 0, width: 90, overflow: "break"}};
    var value = {type: "value", max: spec.max, axisLabel: {formatter: "{value}" + (spec.unit || "")}};
    return {
      color: PALETTE,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      legend: many ? {top: 0, type: "scroll"} : undefined,
      grid: {left: 10, right: 30, top: many ? 34 : 14, bottom: 10, containLabel: true},
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: spec.series.map(function (s) {
        return {name: s.name, type: "bar", data: s.data, stack: spec.stack ? "total" : undefined,
          itemStyle: STATES[s.name] ? {color: STATES[s.name]} : undefined,
          barMaxWidth: 28, label: {show: horizontal && !many, position: "right", formatter: "{c}" + (spec.unit || "")}};
      })
    };
  }

  function pie(spec) {
    return {
      tooltip: {trigger: "item", formatter: "{b}：{c}（{d}%）"},
      legend: {bottom: 0, type: "scroll"},
      series: [{type: "pie", radius: ["38%", "68%"], center: ["50%", "45%"], label: {formatter: "{b}\n{c}"},
        data: spec.data.map(function (d) { return {name: d.name, value: d.value, itemStyle: STATES[d.name] ? {color: STATES[d.name]} : undefined}; })}]
    };
  }

  function map(spec, el) {
    if (!echarts.getMap(spec.map)) { el.textContent = "地图数据未加载，数据见旁边的表格。"; return null; }
    el.style.height = "420px";
    return {
      tooltip: {trigger: "item", formatter: function (p) { return p.name + "：" + (isNaN(p.value) ? "无数据" : p.value + "%"); }},
      visualMap: {min: 0, max: spec.max, left: 0, bottom: 0, text: [spec.max + "%", "0%"], calculable: true,
        inRange: {color: ["#f4f9f5", "#9fd3b0", GREEN]}},
      series: [{type: "map", map: spec.map, name: spec.label, roam: false, data: spec.data,
        label: {show: true, fontSize: 10}, emphasis: {label: {show: true}, itemStyle: {areaColor: "#f0ad4e"}},
        itemStyle: {areaColor: "#eeeeee", borderColor: "#888"}}]
    };
  }

  var BUILDERS = {timeline: timeline, bar: bar, pie: pie, map: map};
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent), build = BUILDERS[spec.type];
    var option = build ? build(spec, el) : null;
    if (!option) { return; }
    var chart = echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
