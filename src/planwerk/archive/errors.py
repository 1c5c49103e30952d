from __future__ import annotations


class ArchiveError(Exception):
    """An archive that cannot be written or imported; nothing was written.

    The message names the first problem found, in the words the operator reads."""
