"""Reference data and the store: configuration, the indicator catalogue, countries, geography, the Parquet store with
its upload log, the catalogue in force and the scripts that rebuild the bundled data.
The bottom layer: imports no other part of indicators/."""
