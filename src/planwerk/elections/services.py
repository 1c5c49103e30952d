"""The election's services, in one place for the pages and the tests: the commands
(`commands.py`, `ballots.py`), the state read from the database (`state.py`) and
the voting codes (`codes.py`). New code imports from those modules."""

from django.core.exceptions import ValidationError  # noqa: F401

from planwerk.audit.services import record  # noqa: F401
from planwerk.elections.ballots import (  # noqa: F401
    BallotRefused,
    cast_ballot,
    enter_paper_tally,
)
from planwerk.elections.codes import (  # noqa: F401
    CODE_ALPHABET,
    CODE_LENGTH,
    CodeSource,
    _digest,
    card_digest,
    codes_from_key,
    format_code,
)
from planwerk.elections.commands import (  # noqa: F401
    IssuedCard,
    cancel_election,
    check_in,
    check_in_many,
    close_round,
    confirm_eligibility,
    correct_candidacy,
    create_election,
    delete_practice_election,
    enter_seed,
    fill_seats,
    nominate,
    open_nominations,
    open_round,
    register_organisation,
    replace_card,
    replace_cards,
    reprint_cards,
    start_meeting,
    update_organisation,
    withdraw,
)
from planwerk.elections.state import (  # noqa: F401
    ElectionState,
    check_seed,
    election_state,
    eligible_organisations,
    field_if_withdrawn,
    latest_entries,
    nominations_are_open,
    round_field,
    round_input,
    same_figures,
    seed_format_text,
    standing_candidacies,
    when,
)
