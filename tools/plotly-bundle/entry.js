// plotly.js core (scatter included) with only the trace types the dashboard draws: grep the figure builders for
// go.<Trace> before adding a chart of a new type, and add its module here (then rebuild, see build.sh).
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo')
]);
module.exports = Plotly;
