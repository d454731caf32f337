"""Item delegates: custom painting for the log view."""
