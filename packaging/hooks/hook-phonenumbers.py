"""phonenumbers for the vega-desktop bundle: the region metadata it loads by name, without the
offline geocoder, carrier and time-zone tables (40 MB of Python source the app never imports:
it only parses, validates and formats numbers)."""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = (
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
)


def wanted(name: str) -> bool:
    return not any(name == unused or name.startswith(unused + ".") for unused in UNUSED)


hiddenimports = collect_submodules("phonenumbers", filter=wanted)
