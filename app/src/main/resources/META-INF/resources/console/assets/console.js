// Draws every chart of a console page with Chart.js from its canvas's data-chart attribute. The page already shows the
// same numbers in a table beside each chart, so a page without script loses nothing but the drawing.
(function () {
  'use strict';

  // One colour (4.5:1 against white): the charts' meaning is in their labels and tables, not in colours.
  var ACCENT = '#1f5fa8';

  // Several series (groups, invoiced and paid, cost and revenue): the Okabe-Ito palette, told apart with colour
  // blindness; the table beside the chart names every value.
  var PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#999999'];

  function drawSeries(canvas, spec) {
    return new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, i) {
          var color = PALETTE[i % PALETTE.length];
          return {
            label: series.label,
            data: series.values.map(Number),
            borderColor: color,
            backgroundColor: color,
            fill: false
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: true, position: 'bottom' } },
        scales: {
          x: { stacked: spec.stacked },
          y: { stacked: spec.stacked, beginAtZero: true }
        }
      }
    });
  }

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    if (spec.series) {
      return drawSeries(canvas, spec);
    }
    var color = ACCENT;
    var values = spec.values.map(Number);
    return new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: [{
          label: spec.label,
          data: values,
          borderColor: color,
          backgroundColor: spec.type === 'bar' ? color : 'rgba(31, 95, 168, 0.15)',
          fill: spec.type === 'line',
          tension: 0.2,
          pointRadius: values.length > 60 ? 0 : 3
        }]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true } }
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.Chart) {
      return; // the tables carry the numbers
    }
    document.querySelectorAll('canvas[data-chart]').forEach(draw);
  });
})();
