"""Pure rules of the stage paper and the council papers (no Django)."""
