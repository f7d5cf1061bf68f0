// Arranges report.json (embedded above) into ECharts options. Sets document.body.dataset.charts to the number of
// charts drawn, which the headless-browser test reads.
(function () {
  var report = JSON.parse(document.getElementById('report').textContent);
  var names = Object.keys(report.strategies);
  var colors = {'spotter': '#1f77b4', 'karpenter-style': '#ff7f0e', 'on-demand-static': '#7f7f7f'};
  var hours = function (s) { return Math.round(s / 36) / 100; };
  var fmt = function (v, d) { return Number(v).toFixed(d === undefined ? 2 : d); };

  document.getElementById('meta').textContent = 'workload ' + report.workload + ' · seed ' + report.seed + ' · '
    + fmt(report.simulatedSeconds / 3600, 1) + ' h simulated · ' + report.pods + ' pods · ' + report.events
    + ' events in ' + fmt(report.wallSeconds, 1) + ' s (' + report.eventsPerSecond + ' events/s)';

  var rows = [['strategy', 'total $', 'vs on-demand-static', 'spot share', 'nodes launched', 'peak nodes',
    'wait p50 s', 'p95 s', 'p99 s', 'max s', 'unschedulable', 'interruptions', 'replaced in time']];
  names.forEach(function (n) {
    var s = report.strategies[n];
    rows.push([n, fmt(s.totalCost), fmt(-100 * s.savingsVsOnDemandStatic, 0) + '%', fmt(100 * s.spotShare, 0) + '%',
      s.nodesLaunched, s.peakNodes, fmt(s.podWaitSeconds.p50, 0), fmt(s.podWaitSeconds.p95, 0),
      fmt(s.podWaitSeconds.p99, 0), fmt(s.podWaitSeconds.max, 0), s.unschedulablePods, s.interruptions,
      s.replacementsReadyBeforeTermination]);
  });
  var table = document.getElementById('summary');
  rows.forEach(function (cells, i) {
    var tr = document.createElement('tr');
    cells.forEach(function (c) {
      var cell = document.createElement(i === 0 ? 'th' : 'td');
      cell.textContent = c;
      tr.appendChild(cell);
    });
    table.appendChild(tr);
  });

  var drawn = 0;
  function chart(id, option) {
    var c = echarts.init(document.getElementById(id), null, {renderer: 'canvas'});
    option.animation = false;
    option.tooltip = option.tooltip || {trigger: 'axis'};
    option.legend = option.legend || {top: 26, type: 'scroll'};
    option.grid = option.grid || {left: 60, right: 24, top: 64, bottom: 40};
    c.setOption(option);
    drawn++;
  }
  function timeSeries(title, unit, pick) {
    var series = [];
    names.forEach(function (n) {
      pick.forEach(function (p) {
        series.push({name: n + ' ' + p.label, type: 'line', step: 'end', showSymbol: false,
          lineStyle: {type: p.dashed ? 'dashed' : 'solid'}, itemStyle: {color: colors[n]},
          data: report.strategies[n].fleetSeries.map(function (r) { return [hours(r[0]), p.value(r)]; })});
      });
    });
    return {title: {text: title, textStyle: {fontSize: 14}},
      xAxis: {type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 26},
      yAxis: {type: 'value', name: unit}, series: series};
  }
  function bars(title, unit, categories, perStrategy) {
    return {title: {text: title, textStyle: {fontSize: 14}}, xAxis: {type: 'category', data: categories},
      yAxis: {type: 'value', name: unit},
      series: names.map(function (n) {
        return {name: n, type: 'bar', itemStyle: {color: colors[n]}, data: perStrategy(report.strategies[n])};
      })};
  }

  chart('cost', timeSeries('Fleet $/h over time (solid: spot, dashed: on-demand)', '$/h', [
    {label: 'spot', value: function (r) { return r[1]; }},
    {label: 'on-demand', value: function (r) { return r[2]; }, dashed: true}]));
  chart('nodes', timeSeries('Nodes over time (solid: spot, dashed: on-demand)', 'nodes', [
    {label: 'spot', value: function (r) { return r[3]; }},
    {label: 'on-demand', value: function (r) { return r[4]; }, dashed: true}]));
  chart('wait', bars('Pod wait from creation to bound', 'seconds', ['p50', 'p95', 'p99', 'max'], function (s) {
    return [s.podWaitSeconds.p50, s.podWaitSeconds.p95, s.podWaitSeconds.p99, s.podWaitSeconds.max];
  }));
  chart('total', bars('Total cost over the run', 'USD', ['total', 'spot', 'on-demand'], function (s) {
    return [s.totalCost, s.spotCost, s.onDemandCost];
  }));
  chart('interruptions', bars('Spot interruptions', 'count', ['interruptions', 'replaced before termination'],
    function (s) { return [s.interruptions, s.replacementsReadyBeforeTermination]; }));
  chart('evictions', bars('Pods evicted by cause', 'pods', Object.keys(report.strategies[names[0]].podsEvicted),
    function (s) { return Object.keys(s.podsEvicted).map(function (k) { return s.podsEvicted[k]; }); }));
  chart('unschedulable', bars('Unschedulable pods (never bound, waited 10 min or more)', 'pods', ['unschedulable'],
    function (s) { return [s.unschedulablePods]; }));
  document.body.dataset.charts = String(drawn);
})();
