"""Running ``vega_desktop.cli.main`` in process and capturing what it printed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from vega_desktop import cli
from vega_desktop.demo import DEMO_DOMAIN, DEMO_OPERATOR_EXT

# A key nobody would type by chance, so a leak is easy to grep for.
KEY = "vk-9F3a7QzL2m8XwT4r-cli-test"
ACCOUNT = ["--domain", DEMO_DOMAIN, "--ext", DEMO_OPERATOR_EXT]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("vega-desktop: error:")]
