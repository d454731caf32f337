"""The log engine: format registry, sniffing, parsed columns, merged timeline, filters."""
