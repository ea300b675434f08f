"""The wheel carries every package of the source tree (setuptools is given an explicit list)."""

from __future__ import annotations

import glob
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "vega_desktop").rglob("__init__.py")
    }
    assert on_disk <= listed, f"not in [tool.setuptools] packages: {sorted(on_disk - listed)}"
    mapped = config["tool"]["setuptools"]["package-dir"]["vega_desktop.resources"]
    assert (ROOT / mapped / "__init__.py").is_file()


def test_every_resource_file_is_package_data() -> None:
    """Every file under resources/ (icons, translations, the Linux desktop files) matches a
    package-data pattern, so a pip install carries what the code looks up there."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    folder = ROOT / setuptools["package-dir"]["vega_desktop.resources"]
    shipped = {
        Path(match)
        for pattern in setuptools["package-data"]["vega_desktop.resources"]
        for match in glob.glob(pattern, root_dir=folder, recursive=True)
    }
    on_disk = {
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert {Path("linux/applications/vega-desktop.desktop")} <= on_disk
    assert on_disk <= shipped, f"not package data: {sorted(map(str, on_disk - shipped))}"
