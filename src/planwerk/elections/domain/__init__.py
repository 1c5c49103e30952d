"""The election rules in plain Python: counting, the lot, the public record.

No Django import here; `planwerk.elections` wraps these functions.
"""

from .counting import (
    INVALID_BALLOT,
    ElectionResult,
    ElectionSettings,
    Lot,
    RecordError,
    RoundInput,
    RoundResult,
    SeedRequired,
    VoteOutsideField,
    count_election,
    field_of_round,
    lot_key,
    needs_lot,
    needs_seed,
    rounds_needed,
)
from .record import (
    FORMAT,
    Candidate,
    Record,
    build_record,
    count_record,
    load_document,
    load_record,
    parse_record,
    recount,
    result_document,
)

__all__ = [
    "FORMAT",
    "INVALID_BALLOT",
    "Candidate",
    "ElectionResult",
    "ElectionSettings",
    "Lot",
    "Record",
    "RecordError",
    "RoundInput",
    "RoundResult",
    "SeedRequired",
    "VoteOutsideField",
    "build_record",
    "count_election",
    "count_record",
    "field_of_round",
    "load_document",
    "load_record",
    "lot_key",
    "needs_lot",
    "needs_seed",
    "parse_record",
    "recount",
    "result_document",
    "rounds_needed",
]
