"""The lot seed: the numbers thrown with a die in front of the meeting.

election-record.md, "The lot": by default the election committee throws a die six
times after round 1 closes and before its result is shown, and enters the numbers
as the seed, written `3-1-6-2-5-4`. An election keeps its seed format (how many
throws, how many faces); a seed that does not fit it is refused, so that a typo
(a 7 from a six-sided die) is not fixed for ever.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

#: The paper's process: six throws of an ordinary die.
DEFAULT_THROWS: Final = 6
DEFAULT_FACES: Final = 6
#: Limits of a format: a stored seed has at most 100 characters.
MAX_THROWS: Final = 20
MIN_FACES: Final = 2
MAX_FACES: Final = 100

# Between two numbers: hyphens or dashes, spaces, commas, full stops, slashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212,;./]+")
_EXAMPLE: Final = (3, 1, 6, 2, 5, 4)


class SeedRefused(ValueError):
    """The text is no seed of the format.

    `reason` says why: "empty", "not_a_number" (`part` is the text that is none),
    "out_of_range" (`part` is the number that no face shows) or "count" (`count`
    numbers were given).
    """

    def __init__(self, reason: str, *, part: str = "", count: int = 0) -> None:
        self.reason = reason
        self.part = part
        self.count = count
        super().__init__(f"{reason}: {part or count}")


@dataclass(frozen=True)
class SeedFormat:
    """How many times a die with how many faces is thrown for the seed."""

    throws: int = DEFAULT_THROWS
    faces: int = DEFAULT_FACES

    def __post_init__(self) -> None:
        if not 1 <= self.throws <= MAX_THROWS:
            raise ValueError(f"a seed has 1 to {MAX_THROWS} throws, not {self.throws}")
        if not MIN_FACES <= self.faces <= MAX_FACES:
            raise ValueError(f"a die has {MIN_FACES} to {MAX_FACES} faces, not {self.faces}")

    @property
    def example(self) -> str:
        """A seed of this format, to show how one is written: 3-1-6-2-5-4."""
        numbers = [_EXAMPLE[i % len(_EXAMPLE)] for i in range(self.throws)]
        return "-".join(str((n - 1) % self.faces + 1) for n in numbers)

    def parse(self, text: str) -> str:
        """The seed as it is stored: the numbers thrown, joined by hyphens.

        Any of the usual separators may stand between the numbers; with a die of at
        most nine faces the digits may also be typed without any (`316254`).
        Raises SeedRefused if the text does not fit the format.
        """
        text = text.strip()
        if not text:
            raise SeedRefused("empty")
        parts = [p for p in _SEPARATORS.split(text) if p]
        if len(parts) == 1 and self.faces <= 9 and self.throws > 1 and parts[0].isdigit():
            parts = list(parts[0])
        numbers: list[int] = []
        for part in parts:
            if not (part.isascii() and part.isdigit()):
                raise SeedRefused("not_a_number", part=part[:20])
            number = int(part) if len(part) <= 4 else 0
            if not 1 <= number <= self.faces:
                raise SeedRefused("out_of_range", part=part[:20])
            numbers.append(number)
        if len(numbers) != self.throws:
            raise SeedRefused("count", count=len(numbers))
        return "-".join(str(n) for n in numbers)
