"""When and how long to wait before repeating an idempotent read.

Only reads are ever repeated (active calls, histories, users, contact and note lists, recording
downloads), and only after a transport failure or a 502/503/504. ``makeCall``, hang-up and every
POST/PUT/DELETE go out exactly once: repeating them could place a second call or apply a change
twice.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

__all__ = ["DEFAULT_RETRY_STATUSES", "RetryPolicy"]

#: Gateway-type answers that say "try again" rather than "you asked for something wrong".
DEFAULT_RETRY_STATUSES: frozenset[int] = frozenset({502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with jitter and a cap.

    ``attempts`` counts the first try: ``attempts=3`` means up to two repeats. The n-th repeat
    (n = 0, 1, …) waits ``min(max_delay, base_delay * 2**n)``, reduced by up to ``jitter`` (a
    fraction) at random so that many clients do not come back in step. A ``Retry-After`` from the
    server is honoured up to ``max_delay``.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.5
    statuses: frozenset[int] = field(default=DEFAULT_RETRY_STATUSES)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("delays must not be negative")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError("jitter must be between 0 and 1")

    @classmethod
    def never(cls) -> RetryPolicy:
        """A policy that never repeats anything."""
        return cls(attempts=1)

    def should_retry_status(self, status: int) -> bool:
        return status in self.statuses

    def delay(
        self,
        retry_number: int,
        *,
        retry_after: float | None = None,
        rng: random.Random | None = None,
    ) -> float:
        """Seconds to wait before repeat number ``retry_number`` (0 for the first repeat)."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_delay)
        exponent = min(max(retry_number, 0), 32)
        ceiling = min(self.max_delay, math.ldexp(self.base_delay, exponent))
        draw = (rng or _RNG).random()
        return ceiling * (1.0 - self.jitter * draw)


_RNG = random.Random()  # noqa: S311 - jitter, not cryptography
