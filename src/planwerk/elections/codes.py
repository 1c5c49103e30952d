"""The voting codes: drawn or derived from a one-time key, printed as ABCDE-23456,
and kept only as an HMAC under the server's secret (docs/secrecy.md)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from django.conf import settings

# Codes are read from a card and typed on a phone: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


CODE_LENGTH = 10


# -- the meeting: check-in and voting cards ----------------------------------------
def _digest(code: str) -> str:
    normalised = "".join(code.split()).upper().replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def card_digest(code: str) -> str:
    """What the database keeps of a card's code (its HMAC under the server's secret)."""
    return _digest(code)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# Where new cards' codes come from: a function of the organisation's id. By default
# each code is drawn at random and exists only until the sheet is shown.
CodeSource = Callable[[int], str]


def codes_from_key(key: bytes, election_id: int) -> CodeSource:
    """Codes derived from a one-time random key with HMAC-SHA256. The card sheet is
    shown after a redirect: the coordinator's browser holds the key for that one
    request and the sheet computes the codes again, so the server never stores a
    code, not even for a moment (docs/secrecy.md)."""
    if len(key) < 32:
        raise ValueError("the key needs 256 bits")
    # 248 = 8 * 31: bytes from 248 up are skipped, so that every letter is as likely.
    limit = len(CODE_ALPHABET) * (256 // len(CODE_ALPHABET))

    def code(organisation_id: int) -> str:
        letters: list[str] = []
        counter = 0
        while len(letters) < CODE_LENGTH:
            message = f"{election_id}:{organisation_id}:{counter}".encode()
            for byte in hmac.new(key, message, hashlib.sha256).digest():
                if byte < limit and len(letters) < CODE_LENGTH:
                    letters.append(CODE_ALPHABET[byte % len(CODE_ALPHABET)])
            counter += 1
        return "".join(letters)

    return code


def _code(codes: CodeSource | None, organisation_id: int) -> str:
    return codes(organisation_id) if codes is not None else _new_code()


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"
