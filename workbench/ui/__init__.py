"""Qt face of the workbench: widgets, models and the task lanes that call core (design §7)."""
