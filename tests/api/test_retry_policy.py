"""RetryPolicy on its own: backoff shape, jitter, cap, validation."""

from __future__ import annotations

import random

import pytest

from vega_desktop.api import RetryPolicy


def test_policy_delays() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0, jitter=0.5)
    rng = random.Random(7)
    for retry_number, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0)]:
        for _ in range(20):
            delay = policy.delay(retry_number, rng=rng)
            assert ceiling * 0.5 <= delay <= ceiling
    assert policy.delay(10_000) <= 8.0  # no overflow for absurd counts
    assert policy.delay(0, retry_after=3.0) == 3.0
    assert policy.delay(0, retry_after=30.0) == 8.0
    assert RetryPolicy(jitter=0.0).delay(1) == 1.0


@pytest.mark.parametrize(
    "kwargs", [{"attempts": 0}, {"base_delay": -1.0}, {"max_delay": -1.0}, {"jitter": 1.5}]
)
def test_policy_validation(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"attempts|delays|jitter"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
