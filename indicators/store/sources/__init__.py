"""Converters of the raw public source files into observation rows, one module per publisher family.

Every converter is a pure function (raw DataFrame -> Converted); the registry names each bundled upload and its files.
They import only pandas and indicators.store (countries, files); indicators.store.build_data runs them.
"""
