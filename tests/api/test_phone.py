"""Phone numbers: normalisation, trunk splitting, display format, dial-input validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vega_desktop.api.phone import (
    InvalidNumber,
    format_number,
    normalize_number,
    parse_dial_input,
    split_trunks,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+380442246595", "+380442246595"),  # international with "+"
        ("380991280042", "+380991280042"),  # country code without "+" (UTM trunkSource)
        ("0800218500", "+380800218500"),  # national toll-free (A.2 trunkNum)
        ("044 224-98-95", "+380442249895"),
        ("(044) 224 98 95", "+380442249895"),
        ("+380 99 303 43 30", "+380993034330"),
        ("o=380442249895;", "+380442249895"),  # history trunk wrapping
        ("  +380442246595  ", "+380442246595"),
        ("+380000000000", "+380000000000"),  # the spec's placeholder: possible, not valid
        ("+48 22 123 45 67", "+48221234567"),
        ("48221234567", "+48221234567"),  # a foreign number without "+"
        ("+1 650 253 0000", "+16502530000"),
        ("001", "001"),  # internal extension, as is
        (" 004 ", "004"),
        ("12345", "12345"),
        ("Telecom company", "Telecom company"),  # not a number: trimmed text
        ("anonymous", "anonymous"),
        ("12", "12"),
        (None, None),
        ("", None),
        ("   ", None),
        ("o=;", None),
    ],
)
def test_normalize_number(raw: str | None, expected: str | None) -> None:
    assert normalize_number(raw) == expected


def test_normalize_number_honours_the_region() -> None:
    assert normalize_number("22 123 45 67", region="PL") == "+48221234567"
    assert normalize_number("22 123 45 67", region="UA") != "+48221234567"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ()),
        ("", ()),
        (";", ()),
        ("o=380442249895;", ("+380442249895",)),
        ("o=380442249895;o=380442246595;", ("+380442249895", "+380442246595")),
        ("o=380442249895; o=0800218500", ("+380442249895", "+380800218500")),
        ("o=380442249895;o=380442249895;", ("+380442249895",)),  # repeats dropped
        ("+380442246595", ("+380442246595",)),
    ],
)
def test_split_trunks(raw: str | None, expected: tuple[str, ...]) -> None:
    assert split_trunks(raw) == expected


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+380442246595", "044 224 6595"),  # Ukrainian: national format
        ("+380993034330", "099 303 4330"),
        ("+48221234567", "+48 22 123 45 67"),  # foreign: international format
        ("+16502530000", "+1 650-253-0000"),
        ("001", "001"),
        ("+380000000000", "+380000000000"),  # not a valid number: unchanged
        ("Telecom company", "Telecom company"),
        ("  ", ""),
    ],
)
def test_format_number(e164: str, expected: str) -> None:
    assert format_number(e164) == expected


def test_format_number_for_another_region() -> None:
    assert format_number("+48221234567", region="PL") == "22 123 45 67"
    assert format_number("+380442246595", region="PL") == "+380 44 224 6595"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("001", "001"),
        ("12", "12"),
        ("12345", "12345"),
        (" 004 ", "004"),
        ("+380442246595", "+380442246595"),
        ("044 224 98 95", "+380442249895"),
        ("(044) 224-98-95", "+380442249895"),
        ("380991280042", "+380991280042"),
        ("0800218500", "+380800218500"),
        ("+48 22 123 45 67", "+48221234567"),
        ("tel:+380442246595", "+380442246595"),
        ("TEL:%2B380442246595", "+380442246595"),
        ("callto:0442249895", "+380442249895"),
    ],
)
def test_parse_dial_input_accepts(text: str, expected: str) -> None:
    assert parse_dial_input(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1",
        "123456",
        "hello",
        "+380 abc",
        "0442249895 ext",
        "*21#",
        "+380000000000",
        "9" * 80,
        "tel:",
        "+-+",
        "1234567890123456",
    ],
)
def test_parse_dial_input_rejects_with_a_clear_message(text: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse_dial_input(text)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert message.endswith(".")
    assert len(message) < 120
    if text.strip():
        assert text.strip() not in message  # the input is never echoed


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.from_regex(r"[+ 0-9()o=;.\-]{0,30}", fullmatch=True)))
def test_phone_functions_never_raise_on_pbx_data(raw: str) -> None:
    result = normalize_number(raw)
    assert result is None or (result == result.strip() and result)
    for item in split_trunks(raw):
        assert item
    assert isinstance(format_number(raw), str)
    try:
        dial = parse_dial_input(raw)
    except InvalidNumber:
        pass
    else:
        assert dial.startswith("+") or dial.isdigit()


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"\+380(44|67|93|99|50)[0-9]{7}", fullmatch=True))
def test_e164_round_trips_through_every_notation(e164: str) -> None:
    national = "0" + e164[4:]
    for written in (e164, e164[1:], national, format_number(e164), f"o={e164[1:]};"):
        assert normalize_number(written) == e164
    assert parse_dial_input(format_number(e164)) == e164
