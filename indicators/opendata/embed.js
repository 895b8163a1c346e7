// Draws the one chart of an embed page (/embed/...): the figure is in the page as a JSON data block, plotly.js is
// served by this server; nothing is fetched from elsewhere.
(function () {
    var data = document.getElementById('embed-figure');
    var host = document.getElementById('embed-chart');
    if (!data || !host || !window.Plotly) { return; }
    var fig = JSON.parse(data.textContent);
    var config = {topojsonURL: host.getAttribute('data-topojson'), displaylogo: false, responsive: true,
                  showSendToCloud: false};   // Plotly's button would send the chart's data to cloud.plotly.com
    window.Plotly.newPlot(host, fig.data || [], fig.layout || {}, config);
})();
