// Draws every chart of a console page with Chart.js from its canvas's data-chart attribute. The page already shows the
// same numbers in a table beside each chart, so a page without script loses nothing but the drawing.
(function () {
  'use strict';

  // One colour (4.5:1 against white): the charts' meaning is in their labels and tables, not in colours.
  var ACCENT = '#1f5fa8';

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
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
