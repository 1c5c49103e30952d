"""planwerk runs a city's participatory planning process."""
