"""The lab's WebKit browser: the smallest WebKitGTK browser that WebKitWebDriver
can drive and whose console the tests can read.

Why it exists: WebKitWebDriver drives WebKit pages well, but it cannot hand the
console to a client (no BiDi `webSocketUrl`, no log endpoint), and the
MiniBrowser it usually launches gives its automation views an ephemeral data
manager and keeps its output where the tests do not see it. WebKit itself can
write every console message it logs (`CONSOLE SECURITY ERROR Origin … is not
allowed by Access-Control-Allow-Origin. …`) to the standard streams of its web
process, when the view's settings say `enable-write-console-messages-to-stdout`.
So this program is the browser named in the session's capabilities
(`webkitgtk:browserOptions` `{"binary": "/usr/bin/python3", "args": [this file,
"--automation", …]}`): it allows automation, answers the automation session's
`create-web-view` with views that have those settings, on a non-ephemeral data
manager in a scratch directory, and sends its standard streams (and so its web
processes', which inherit them) to `--console-file`, which the harness
(tests/src/webkit.rs) reads. The console is the engine's own output: nothing
is read from the page's JavaScript.

TLS is the system's: WebKitGTK's network process verifies with glib-networking's
default database (GnuTLS's system trust), and nothing here changes it (no TLS
errors policy, no accepted certificate). The harness makes a session trust the
lab's CA by what that trust reads, a system bundle of the session's own shown in
a private mount namespace (tests/src/trust.rs says how).

Options (unknown ones are ignored, as the driver may add its own):
  --automation            allow a WebDriver session (without it: a plain window)
  --data-dir DIR          the data manager's base data and cache directories
  --console-file PATH     where stdout and stderr go (appended)
  --cookies POLICY        always | no-third-party | never (WebKit's default:
                          no-third-party)
  --window-size W,H       the automation windows' size (default 1280,1600)
  --languages TAGS        the browser's languages, comma-separated (ru,zh-CN):
                          navigator.languages and Accept-Language

Needs Debian's python3-gi, gir1.2-webkit2-4.1 and an X display (the harness
starts Xvfb): WebKitGTK 4.1 has no headless mode.
"""

import argparse
import ctypes
import os
import signal
import sys

# No accessibility bus to look for under Xvfb (read when Gtk loads).
os.environ.setdefault("NO_AT_BRIDGE", "1")

import gi  # noqa: E402

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

COOKIE_POLICIES = {
    "always": WebKit2.CookieAcceptPolicy.ALWAYS,
    "no-third-party": WebKit2.CookieAcceptPolicy.NO_THIRD_PARTY,
    "never": WebKit2.CookieAcceptPolicy.NEVER,
}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--automation", action="store_true")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--console-file")
    parser.add_argument("--cookies", choices=COOKIE_POLICIES, default=None)
    parser.add_argument("--window-size", default="1280,1600")
    parser.add_argument("--languages", default=None)
    options, _ignored = parser.parse_known_args()
    return options


def redirect_output(path):
    """Standard output and error to `path`: the web and network processes
    WebKit starts later inherit both, and write the console there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def die_with_parent():
    """Ends this process when WebKitWebDriver, its parent, ends
    (PR_SET_PDEATHSIG), so that no browser outlives its driver."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class Browser:
    def __init__(self, options):
        self.options = options
        width, height = (int(n) for n in options.window_size.split(","))
        self.size = (width, height)
        data = os.path.join(options.data_dir, "data")
        cache = os.path.join(options.data_dir, "cache")
        self.manager = WebKit2.WebsiteDataManager(
            base_data_directory=data, base_cache_directory=cache
        )
        self.context = WebKit2.WebContext(website_data_manager=self.manager)
        if options.languages:
            self.context.set_preferred_languages(options.languages.split(","))
        if options.cookies:
            cookies = self.manager.get_cookie_manager()
            cookies.set_accept_policy(COOKIE_POLICIES[options.cookies])
        self.settings = WebKit2.Settings(
            enable_developer_extras=True,
            enable_write_console_messages_to_stdout=True,
        )
        self.settings.set_hardware_acceleration_policy(
            WebKit2.HardwareAccelerationPolicy.NEVER
        )
        # The windows and their views, kept alive while they are open.
        self.windows = []
        self.context.set_automation_allowed(options.automation)
        self.context.connect("automation-started", self.automation_started)
        if not options.automation:
            self.new_view(controlled=False).load_uri("about:blank")

    def automation_started(self, _context, session):
        info = WebKit2.ApplicationInfo.new()
        info.set_name("lab-webkit")
        info.set_version(
            WebKit2.get_major_version(),
            WebKit2.get_minor_version(),
            WebKit2.get_micro_version(),
        )
        session.set_application_info(info)
        # Every detail (a new window or a new tab): a view in a window.
        session.connect("create-web-view", self.create_web_view)

    def create_web_view(self, _session):
        return self.new_view(controlled=True)

    def new_view(self, controlled):
        view = WebKit2.WebView(
            web_context=self.context,
            settings=self.settings,
            is_controlled_by_automation=controlled,
        )
        window = Gtk.Window()
        window.set_default_size(*self.size)
        window.add(view)
        view.connect("close", lambda v: window.destroy())
        window.connect("destroy", lambda w: self.closed(w))
        self.windows.append(window)
        window.show_all()
        return view

    def closed(self, window):
        if window in self.windows:
            self.windows.remove(window)


def main():
    options = parse_arguments()
    if options.console_file:
        redirect_output(options.console_file)
    die_with_parent()
    browser = Browser(options)
    for number in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, number, Gtk.main_quit)
    Gtk.main()
    del browser
    return 0


if __name__ == "__main__":
    sys.exit(main())
