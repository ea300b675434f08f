"""The Linux desktop integration (core): the packaged files are valid for the freedesktop tools,
the Exec line survives a real launcher, and install/uninstall set and unset the tel:/callto:
handler as xdg-mime sees it, in a private XDG desktop."""

from __future__ import annotations

import os
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import vega_desktop
from tests.xdg_desktop import (
    XdgSession,
    default_app,
    recorded,
    recorder,
    require,
    run_tool,
    xdg_session,
)
from vega_desktop.core.desktop_entry import (
    APP_ID,
    DESKTOP_ID,
    HANDLED_TYPES,
    ICON_NAME,
    Autostart,
    DesktopIntegrationError,
    MissingToolError,
    XdgDirs,
    autostart_entry,
    exec_value,
    install,
    launch_command,
    menu_entry,
    quote_exec_arg,
    read_entry,
    uninstall,
)

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
PACKAGED_ENTRY = LINUX / "applications" / DESKTOP_ID
METAINFO = LINUX / "metainfo" / f"{APP_ID}.metainfo.xml"
HICOLOR_ICON = LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - our own file


TEL = "tel:+380441234567"


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> XdgSession:
    return xdg_session(tmp_path, monkeypatch)


def validate_entry(path: Path) -> None:
    done = run_tool("desktop-file-validate", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert not done.stdout.strip(), done.stdout  # no hints either


def exec_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Exec="))


# --- the packaged files ------------------------------------------------------------------------


def test_the_packaged_desktop_entry_is_valid() -> None:
    validate_entry(PACKAGED_ENTRY)
    keys = read_entry(PACKAGED_ENTRY)
    assert keys is not None
    assert keys["Exec"] == "vega-desktop %u"
    assert keys["Icon"] == ICON_NAME
    assert keys["MimeType"] == "".join(f"{t};" for t in HANDLED_TYPES)
    assert "Telephony" in keys["Categories"].split(";")
    text = PACKAGED_ENTRY.read_text(encoding="utf-8")
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert f"\n{key}[uk]=" in text, f"{key} has no Ukrainian translation"


def test_the_metainfo_is_valid_and_matches_the_desktop_entry() -> None:
    done = run_tool("appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO))
    assert done.returncode == 0, done.stdout + done.stderr
    component = parse(METAINFO)
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    launchable = component.find("launchable")
    assert launchable is not None
    assert (launchable.get("type"), launchable.text) == ("desktop-id", DESKTOP_ID)
    assert [m.text for m in component.iter("mediatype")] == list(HANDLED_TYPES)
    newest = component.find("releases/release")
    assert newest is not None
    assert newest.get("version") == vega_desktop.__version__


def test_every_text_of_the_metainfo_is_also_in_ukrainian() -> None:
    component = parse(METAINFO)
    for tag in ("name", "summary"):
        langs = [e.get(XML_LANG) for e in component.findall(tag)]
        assert langs == [None, "uk"], tag
    for parent in component.iter():
        texts = [e for e in parent if e.tag in ("p", "li")]
        english = [e for e in texts if e.get(XML_LANG) is None]
        ukrainian = [e for e in texts if e.get(XML_LANG) == "uk"]
        assert len(english) == len(ukrainian), ET.tostring(parent, encoding="unicode")


def test_the_files_pass_appstream_as_a_distribution_installs_them(tmp_path: Path) -> None:
    """resources/linux is laid out like share/: copied under /usr/share, AppStream finds the
    desktop entry the metainfo launches."""
    share = tmp_path / "usr" / "share"
    shutil.copytree(LINUX, share)
    done = run_tool("appstreamcli", "validate-tree", "--no-net", "--pedantic", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_theme_icon_is_the_apps_own_artwork() -> None:
    """The launcher shows the same picture as the app's windows and tray (only the nominal size
    and a title differ)."""
    theme = parse(HICOLOR_ICON)
    app = parse(ROOT / "resources" / "icons" / f"{ICON_NAME}.svg")
    assert theme.get("viewBox") == app.get("viewBox") == "0 0 64 64"
    assert theme.get("width") == theme.get("height")

    def drawing(root: ET.Element) -> list[str]:
        return [ET.tostring(e, encoding="unicode").strip() for e in root if "title" not in e.tag]

    assert drawing(theme) == drawing(app)


# --- the Exec line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/vega-desktop", "/usr/bin/vega-desktop"),
        ("-m", "-m"),
        ("/opt/Vega Desktop/vega-desktop", '"/opt/Vega Desktop/vega-desktop"'),
        ('/a "b"', r'"/a \"b\""'),
        ("/a$HOME", r'"/a\$HOME"'),
        ("/a`b`", r'"/a\`b\`"'),
        ("/a\\b", r'"/a\\b"'),
        ("/it's", '"/it\'s"'),
        ("/100%", "/100%%"),
        ("/100% sure", '"/100%% sure"'),
        ("", '""'),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(arg: str, quoted: str) -> None:
    assert quote_exec_arg(arg) == quoted


@pytest.mark.parametrize("arg", ["/a\nb", "/a\tb", "/a\x7fb", "/a\udcffb"])
def test_an_argument_a_desktop_entry_cannot_hold_is_refused(arg: str) -> None:
    with pytest.raises(DesktopIntegrationError, match="desktop entry"):
        quote_exec_arg(arg)


def test_a_backslash_is_escaped_again_for_the_key_file() -> None:
    """Quoting, then the key file's own escaping: four backslashes for one (as the spec says)."""
    assert exec_value(["/a\\b"], "%u") == r'"/a\\b" %u'
    assert exec_line(menu_entry(["/a\\b"])) == r'Exec="/a\\\\b" %u'


def test_a_real_launcher_starts_exactly_the_program_and_the_link(
    session: XdgSession, tmp_path: Path
) -> None:
    """GLib (what GNOME and most launchers use) parses the Exec line back into the very path,
    however odd, and hands it the link."""
    require("gio")
    odd = recorder(tmp_path / "opt" / 'Vega "Desktop" $HOME it\'s \\ back`tick (x86_64)')
    entry = tmp_path / DESKTOP_ID
    entry.write_text(menu_entry([str(odd)]), encoding="utf-8")
    validate_entry(entry)
    done = run_tool("gio", "launch", str(entry), TEL)
    assert done.returncode == 0, done.stderr
    assert recorded(odd) == [TEL]


# --- the program the entries start -------------------------------------------------------------


def make_program(folder: Path, name: str, *, executable: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path


def test_this_installation_starts_its_own_script() -> None:
    """Here, as in CI, vega-desktop is installed in the virtual environment running the tests."""
    script = Path(sys.executable).parent / "vega-desktop"
    assert script.is_file()
    assert launch_command() == [os.path.abspath(script)]


def test_a_frozen_bundle_starts_its_executable(tmp_path: Path) -> None:
    bundle = make_program(tmp_path / "Vega Desktop", "vega-desktop")
    assert launch_command(str(bundle), frozen=True) == [str(bundle)]


def test_the_script_next_to_the_interpreter_comes_first(tmp_path: Path) -> None:
    python = make_program(tmp_path / "venv" / "bin", "python")
    script = make_program(tmp_path / "venv" / "bin", "vega-desktop")
    elsewhere = make_program(tmp_path / "elsewhere", "vega-desktop")
    found = launch_command(str(python), frozen=False, search_path=str(elsewhere.parent))
    assert found == [str(script)]


def test_then_the_script_on_path_then_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = make_program(tmp_path / "usr" / "bin", "python3")
    make_program(tmp_path / "usr" / "bin", "vega-desktop", executable=False)  # not runnable
    on_path = make_program(tmp_path / "home" / ".local" / "bin", "vega-desktop")
    assert launch_command(str(python), frozen=False, search_path=str(on_path.parent)) == [
        str(on_path)
    ]
    assert launch_command(str(python), frozen=False, search_path=str(tmp_path / "none")) == [
        str(python),
        "-m",
        "vega_desktop",
    ]
    monkeypatch.chdir(tmp_path)
    relative = launch_command("usr/bin/python3", frozen=False, search_path="")
    assert relative[0] == str(python)


# --- start at login ----------------------------------------------------------------------------


def test_the_login_entry_starts_the_same_program_without_a_link(tmp_path: Path) -> None:
    program = ["/opt/Vega Desktop/vega-desktop"]
    autostart = Autostart(tmp_path / "autostart")
    assert not autostart.enabled()
    autostart.enable(program)
    assert autostart.enabled()
    validate_entry(autostart.path)
    keys = read_entry(autostart.path)
    assert keys is not None
    assert keys["Exec"] == '"/opt/Vega Desktop/vega-desktop"'
    assert exec_line(menu_entry(program)) == f"Exec={keys['Exec']} %u"
    assert keys["TryExec"] == program[0]
    assert keys["X-GNOME-Autostart-enabled"] == "true"
    assert "Hidden" not in keys
    assert "MimeType" not in keys
    assert keys["Icon"] == ICON_NAME

    autostart.disable()
    assert not autostart.path.exists()
    assert not autostart.enabled()
    autostart.disable()  # already off


@pytest.mark.parametrize("switch", ["X-GNOME-Autostart-enabled=false", "Hidden=true"])
def test_an_entry_switched_off_by_the_desktop_does_not_count(tmp_path: Path, switch: str) -> None:
    autostart = Autostart(tmp_path / "autostart")
    autostart.enable(["/usr/bin/vega-desktop"])
    text = autostart.path.read_text(encoding="utf-8")
    key = switch.split("=")[0]
    kept = [line for line in text.splitlines() if not line.startswith(f"{key}=")]
    autostart.path.write_text("\n".join([*kept, switch]) + "\n", encoding="utf-8")
    assert not autostart.enabled()


def test_a_system_wide_login_entry_is_hidden_to_switch_it_off(tmp_path: Path) -> None:
    system = tmp_path / "etc" / "xdg" / "autostart"
    system.mkdir(parents=True)
    (system / DESKTOP_ID).write_text(autostart_entry(["/usr/bin/vega-desktop"]), encoding="utf-8")
    autostart = Autostart(tmp_path / "autostart", (system,))
    assert autostart.enabled()

    autostart.disable()
    keys = read_entry(autostart.path)
    assert keys is not None
    assert keys["Hidden"] == "true"
    assert keys["X-GNOME-Autostart-enabled"] == "false"
    validate_entry(autostart.path)
    assert not autostart.enabled()

    autostart.enable(["/usr/bin/vega-desktop"])
    assert autostart.enabled()
    assert "Hidden" not in (read_entry(autostart.path) or {})


def test_the_default_login_folders_follow_the_xdg_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path / 'a'}:relative:{tmp_path / 'b'}")
    autostart = Autostart.default()
    assert autostart.folder == tmp_path / "config" / "autostart"
    assert autostart.system_folders == (tmp_path / "a" / "autostart", tmp_path / "b" / "autostart")

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", "not/absolute")
    monkeypatch.delenv("XDG_CONFIG_DIRS")
    dirs = XdgDirs.from_env()
    assert dirs.config_home == tmp_path / "home" / ".config"
    assert dirs.config_dirs == (Path("/etc/xdg"),)


# --- install and uninstall ---------------------------------------------------------------------


def test_install_makes_it_the_handler_and_uninstall_undoes_it(
    session: XdgSession, tmp_path: Path
) -> None:
    require("xdg-mime")
    program = recorder(tmp_path / "opt" / "vega")
    # what the user had already: another program's default, and another handler next to ours
    session.config_home.mkdir(parents=True)
    session.mimeapps.write_text(
        "[Default Applications]\ntext/html=firefox-esr.desktop\n\n"
        "[Added Associations]\nx-scheme-handler/tel=linphone.desktop;\n",
        encoding="utf-8",
    )

    done = install(command=[str(program)])

    installed = session.applications / DESKTOP_ID
    icon = session.data_home / "icons/hicolor/scalable/apps/vega-desktop.svg"
    metainfo = session.data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert done.files == (installed, icon, metainfo)
    assert all(path.is_file() for path in done.files)
    assert icon.read_bytes() == HICOLOR_ICON.read_bytes()
    assert metainfo.read_bytes() == METAINFO.read_bytes()
    validate_entry(installed)
    assert exec_line(installed.read_text(encoding="utf-8")) == f"Exec={program} %u"
    assert done.handler_for == HANDLED_TYPES
    assert done.warnings == ()
    assert default_app("x-scheme-handler/tel") == f"{DESKTOP_ID}\n"
    assert default_app("x-scheme-handler/callto") == f"{DESKTOP_ID}\n"
    mimeapps = session.mimeapps.read_text(encoding="utf-8")
    assert "text/html=firefox-esr.desktop" in mimeapps
    if shutil.which("update-desktop-database"):
        cache = (session.applications / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"x-scheme-handler/callto={DESKTOP_ID};" in cache

    removed = uninstall()

    assert removed.files == done.files
    assert not any(path.exists() for path in done.files)
    assert removed.handler_for == HANDLED_TYPES
    assert default_app("x-scheme-handler/tel") == ""
    assert default_app("x-scheme-handler/callto") == ""
    mimeapps = session.mimeapps.read_text(encoding="utf-8")
    assert DESKTOP_ID not in mimeapps
    assert "text/html=firefox-esr.desktop" in mimeapps
    assert "x-scheme-handler/tel=linphone.desktop;" in mimeapps
    again = uninstall()
    assert (again.files, again.handler_for) == ((), ())


def test_a_link_opened_with_xdg_open_starts_the_program(
    session: XdgSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check by hand from packaging/linux/README.md: ``xdg-open tel:…`` on a desktop that
    xdg-utils has no special case for."""
    require("xdg-open")
    program = recorder(tmp_path / "opt" / "vega")
    install(command=[str(program)])
    monkeypatch.setenv("DISPLAY", ":77")  # xdg-open asks for a display, never uses it here
    done = run_tool("xdg-open", TEL)
    assert done.returncode == 0, done.stderr
    assert recorded(program) == [TEL]


def test_a_link_opened_through_glib_starts_a_program_under_an_odd_path(
    session: XdgSession, tmp_path: Path
) -> None:
    """GNOME's way (GIO's default handler for the scheme), with a path that needs quoting."""
    require("gio")
    program = recorder(tmp_path / "opt" / "Vega Desktop $1 (it's)")
    done = install(command=[str(program)])
    assert default_app("x-scheme-handler/callto") == f"{DESKTOP_ID}\n"
    validate_entry(done.files[0])
    opened = run_tool("gio", "open", "callto:+380441234567")
    assert opened.returncode == 0, opened.stderr
    assert recorded(program) == ["callto:+380441234567"]


def test_without_xdg_mime_nothing_is_written_unless_asked(
    session: XdgSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(session.home))
    with pytest.raises(MissingToolError, match="xdg-utils") as caught:
        install(command=["/usr/bin/vega-desktop"])
    assert caught.value.tool == "xdg-mime"
    assert not session.data_home.exists()

    done = install(command=["/usr/bin/vega-desktop"], register_handler=False)
    assert done.handler_for == ()
    assert (session.applications / DESKTOP_ID).is_file()
    assert not session.mimeapps.exists()


def test_a_desktops_own_choice_is_reported(
    session: XdgSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GNOME reads gnome-mimeapps.list before mimeapps.list: a tel: handler chosen there stays,
    and install says so instead of claiming the links."""
    require("xdg-mime")
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    other = session.applications / "org.gnome.Calls.desktop"
    other.parent.mkdir(parents=True)
    other.write_text(
        "[Desktop Entry]\nType=Application\nName=Calls\nExec=/bin/true %u\n"
        "MimeType=x-scheme-handler/tel;\n",
        encoding="utf-8",
    )
    session.config_home.mkdir(parents=True)
    (session.config_home / "gnome-mimeapps.list").write_text(
        "[Default Applications]\nx-scheme-handler/tel=org.gnome.Calls.desktop\n", encoding="utf-8"
    )
    done = install(command=[str(recorder(tmp_path / "opt" / "vega"))])
    assert done.handler_for == ("x-scheme-handler/callto",)
    assert len(done.warnings) == 1
    assert "x-scheme-handler/tel" in done.warnings[0]
    assert "org.gnome.Calls.desktop" in done.warnings[0]


def test_install_moves_a_login_entry_that_is_on_to_the_same_program(
    session: XdgSession,
) -> None:
    require("xdg-mime")
    dirs = XdgDirs.from_env()
    autostart = Autostart(dirs.autostart)
    autostart.enable(["/old/place/vega-desktop"])
    done = install(command=["/new/place/vega-desktop"])
    assert done.autostart_updated
    keys = read_entry(autostart.path)
    assert keys is not None
    assert keys["Exec"] == "/new/place/vega-desktop"

    autostart.disable()
    assert not install(command=["/new/place/vega-desktop"]).autostart_updated
    assert not autostart.path.exists()


def test_a_stale_icon_cache_is_rebuilt(session: XdgSession) -> None:
    """A user-level icon cache made before the install would hide the new icon from GTK."""
    tool = require("gtk-update-icon-cache")
    require("xdg-mime")
    hicolor = session.data_home / "icons" / "hicolor"
    apps = hicolor / "scalable" / "apps"
    apps.mkdir(parents=True)
    shutil.copy(HICOLOR_ICON, apps / "org.example.Other.svg")  # another app's icon, cached
    assert run_tool(tool, "--quiet", "--ignore-theme-index", str(hicolor)).returncode == 0
    cache = hicolor / "icon-theme.cache"
    assert ICON_NAME.encode() not in cache.read_bytes()
    install(command=["/usr/bin/vega-desktop"])
    assert ICON_NAME.encode() in cache.read_bytes()
    assert b"org.example.Other" in cache.read_bytes()


def test_no_icon_cache_is_created_where_there_was_none(session: XdgSession) -> None:
    require("xdg-mime")
    install(command=["/usr/bin/vega-desktop"])
    assert not (session.data_home / "icons" / "hicolor" / "icon-theme.cache").exists()
