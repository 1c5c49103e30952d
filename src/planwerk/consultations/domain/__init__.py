"""Pure rules of consultations (no Django)."""
