"""The pure rules of drafts: papers of sections, line numbers, diffs. No Django."""
