# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real Help Desk app through AT-SPI, as a person would.

A UI test makes a Session, which gives it

  * a real helpdesk-server on loopback, filled with the demo district
    (Session.start_server), with a fake sendmail that files each message
    beside the database, and the REST API to check what arrived;
  * the real helpdesk program in a home of its own (Session.launch_app),
    found in the AT-SPI desktop, with helpers to wait for controls by role
    and accessible name, click them, type into them and press keys;
  * screenshots of the whole screen (Session.screenshot) and, when a step
    fails, a screenshot and a dump of the accessible tree.

Run it inside a session bus and an X server (tests/ui/run-ui-tests.sh does
both). Paths come from the environment:

  HELPDESK_BUILD_DIR    the meson build directory (default: the current one)
  HD_SOURCE_DIR         the source tree (default: two levels above this file)
  HELPDESK_UI_ARTIFACTS where screenshots go (default:
                        BUILD_DIR/tests/ui-artifacts)
  HELPDESK_UI_TIMEOUT   seconds a wait may take (default 15)

GTK 4.8 marks on-screen widgets VISIBLE and never SHOWING, and keeps the
widgets of a stack's hidden pages VISIBLE too; Session.showing() decides
what a person can see from VISIBLE on the widget and its ancestors, its
size, and what the window has at its centre.
"""

import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

import pyatspi

# The demo accounts (README: "Demo accounts").
TECHNICIAN = ("tomasz", "demo-tomasz")
REQUESTER = ("frontdesk", "demo-frontdesk")

WAIT = float(os.environ.get("HELPDESK_UI_TIMEOUT", "15"))
POLL = 0.1

# Roles by the names tests use for them.
BUTTON = pyatspi.ROLE_PUSH_BUTTON
TOGGLE = pyatspi.ROLE_TOGGLE_BUTTON
CHECK = pyatspi.ROLE_CHECK_BOX
ENTRY = pyatspi.ROLE_ENTRY
TEXT = pyatspi.ROLE_TEXT
LABEL = pyatspi.ROLE_LABEL
FRAME = pyatspi.ROLE_FRAME
TABLE = pyatspi.ROLE_TABLE
COMBO = pyatspi.ROLE_COMBO_BOX
LIST_ITEM = pyatspi.ROLE_LIST_ITEM
# What a person types into: GtkEntry, GtkSearchEntry, AdwEntryRow, GtkTextView.
EDITABLE = (ENTRY, TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON)
WINDOWS = (FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW, pyatspi.ROLE_ALERT)
# What a person picks in a group of choices or an opened drop-down list.
OPTION_ROLES = (TOGGLE, pyatspi.ROLE_RADIO_BUTTON, CHECK, BUTTON, LIST_ITEM, pyatspi.ROLE_MENU_ITEM,
                pyatspi.ROLE_RADIO_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM)

KEYSYMS = {
    "Return": 0xff0d, "Escape": 0xff1b, "Tab": 0xff09, "BackSpace": 0xff08,
    "Up": 0xff52, "Down": 0xff54, "Left": 0xff51, "Right": 0xff53,
    "Home": 0xff50, "End": 0xff57, "space": 0x20, "F5": 0xffc2,
}
MODIFIERS = {"ctrl": 1 << 2, "shift": 1 << 0, "alt": 1 << 3}

FAKE_SENDMAIL = """#!/bin/sh
# files each message beside this script as mail-<nanoseconds>-<pid>.txt
dir=$(dirname "$0")
name="$dir/mail-$(date +%s%N)-$$"
cat > "$name.tmp" && mv "$name.tmp" "$name.txt"
"""


class UIFailure(AssertionError):
    """What the test expected is not what the app showed."""


def _die_with_parent():
    # a child of a test that is killed (meson's timeout) goes with it
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop_process(process, name, timeout=10):
    """SIGTERM, then SIGKILL if it lingers; returns the exit status."""
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.terminate()
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        print(f"# {name} ignored SIGTERM for {timeout} s; killing it", flush=True)
        process.kill()
        return process.wait()


def source_dir():
    return os.environ.get("HD_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build_dir():
    return os.path.abspath(os.environ.get("HELPDESK_BUILD_DIR") or os.getcwd())


def closed_port():
    """A loopback port nothing listens on: the socket stays bound (so nobody
    else takes the port) without listening, so connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


# --------------------------------------------------------------------------
# The server


class Server:
    """helpdesk-server serving the demo district on a free loopback port."""

    def __init__(self, directory, tickets=300, seed=1):
        self.directory = directory
        self.binary = os.path.join(build_dir(), "src", "server", "helpdesk-server")
        self.plan = os.path.join(source_dir(), "data", "plans", "example-district.plan")
        self.db = os.path.join(directory, "server.db")
        self.sendmail = os.path.join(directory, "sendmail")
        self.log_path = os.path.join(directory, "server.log")
        self.process = None
        self.url = None
        self._tokens = {}

        if not os.access(self.binary, os.X_OK):
            raise UIFailure(f"no server program at {self.binary}; build first")
        with open(self.sendmail, "w") as f:
            f.write(FAKE_SENDMAIL)
        os.chmod(self.sendmail, 0o755)
        subprocess.run([self.binary, "demo", "--db", self.db, "--plan", self.plan,
                        "--tickets", str(tickets), "--seed", str(seed)],
                       check=True, stdout=subprocess.DEVNULL, timeout=60)

    def start(self):
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--plan", self.plan, "--db", self.db,
             "--listen", "127.0.0.1:0", "--sendmail", self.sendmail],
            stdout=subprocess.PIPE, stderr=self._log, text=True, preexec_fn=_die_with_parent)
        line = self.process.stdout.readline().strip()
        match = re.fullmatch(r"Listening on (http://127\.0\.0\.1:\d+/)", line)
        if not match:
            _stop_process(self.process, "helpdesk-server")
            raise UIFailure(f"the server did not start: {line!r}; see {self.log_path}")
        self.url = match.group(1)
        return self

    def stop(self):
        status = _stop_process(self.process, "helpdesk-server")
        self.process = None
        if getattr(self, "_log", None):
            self._log.close()
        return status

    # -- REST, to check what the app did ----------------------------------

    def api(self, method, path, token=None, body=None, headers=None):
        """One call to /api/v1; returns (status, parsed body or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + "api/v1" + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token is not None:
            request.add_header("Authorization", "Bearer " + token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw = error.read()
            status = error.code
        return status, (json.loads(raw) if raw else None)

    def login(self, username, password):
        """A token of the user's own (the app's session is another one)."""
        if username not in self._tokens:
            status, body = self.api("POST", "/session", body={"username": username, "password": password})
            if status != 200:
                raise UIFailure(f"signing in {username} over REST answered {status}: {body}")
            self._tokens[username] = body["token"]
        return self._tokens[username]

    def ticket(self, token, ticket_id):
        """The ticket with its comments and events, as that user sees it."""
        status, body = self.api("GET", f"/tickets/{ticket_id}", token)
        if status != 200:
            raise UIFailure(f"GET /tickets/{ticket_id} answered {status}: {body}")
        return body

    def visible_tickets(self, token):
        """Every ticket the user may see now, by id, from the change feed."""
        tickets, after = {}, None
        while True:
            query = "?limit=500" + (f"&after={urllib.request.quote(after)}" if after else "")
            status, body = self.api("GET", "/changes" + query, token)
            if status != 200:
                raise UIFailure(f"GET /changes answered {status}: {body}")
            for ticket in body["tickets"]:
                if ticket.get("deleted"):
                    tickets.pop(ticket["id"], None)
                else:
                    tickets[ticket["id"]] = ticket
            after = body["cursor"]
            if not body["more"]:
                return tickets

    def find_ticket(self, token, subject):
        """The ticket with this subject, or None."""
        found = [t for t in self.visible_tickets(token).values() if t["subject"] == subject]
        if len(found) > 1:
            raise UIFailure(f"{len(found)} tickets have the subject {subject!r}")
        return found[0] if found else None

    def mails(self):
        """What the fake sendmail received, oldest first."""
        names = sorted(n for n in os.listdir(self.directory) if n.startswith("mail-") and n.endswith(".txt"))
        result = []
        for name in names:
            with open(os.path.join(self.directory, name)) as f:
                result.append(f.read())
        return result


# --------------------------------------------------------------------------
# The app


def _safe(call, default=None):
    """AT-SPI calls fail on objects that went away between two calls."""
    try:
        return call()
    except Exception:
        return default


def describe(acc):
    if acc is None:
        return "nothing"
    return f"{_safe(acc.getRoleName, '?')} {_safe(lambda: acc.name, '?')!r}"


def _ancestors(acc):
    """acc's parents up to (not including) the application."""
    result = []
    parent = _safe(lambda: acc.parent)
    while parent is not None and _safe(parent.getRole) not in (pyatspi.ROLE_APPLICATION, None):
        result.append(parent)
        parent = _safe(lambda: parent.parent)
    return result


def _name_matches(acc, name):
    if name is None:
        return True
    actual = _safe(lambda: acc.name)
    if actual is None:
        return False
    if isinstance(name, re.Pattern):
        return name.search(actual) is not None
    if callable(name):
        return name(actual)
    return actual == name


def _role_matches(acc, role):
    if role is None:
        return True
    if callable(role) and not isinstance(role, pyatspi.Role):
        return role(_safe(acc.getRole))
    roles = role if isinstance(role, (tuple, list, set, frozenset)) else (role,)
    return _safe(acc.getRole) in roles


def _role_text(role):
    if role is None:
        return "anything"
    if isinstance(role, pyatspi.Role):
        return pyatspi.Atspi.role_get_name(pyatspi.Atspi.Role(int(role)))
    if isinstance(role, (tuple, list, set, frozenset)):
        return " or ".join(_role_text(r) for r in role)
    return "a control"


class App:
    """The helpdesk program, and its accessible tree."""

    def __init__(self, session, server_url=None, extra_args=()):
        self.session = session
        self.binary = os.path.join(build_dir(), "src", "gui", "helpdesk")
        if not os.access(self.binary, os.X_OK):
            raise UIFailure(f"no app program at {self.binary}; build first")
        home = os.path.join(session.directory, "home")
        schemas = os.path.join(session.directory, "schemas")
        for d in (home, schemas):
            os.makedirs(d, exist_ok=True)
        subprocess.run(["glib-compile-schemas", "--strict", "--targetdir", schemas,
                        os.path.join(source_dir(), "data")], check=True)
        env = dict(os.environ)
        for name in ("WAYLAND_DISPLAY", "GTK_A11Y", "NO_AT_BRIDGE", "GTK_THEME", "GSETTINGS_SCHEMA_DIR"):
            env.pop(name, None)
        env.update({
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
            "GDK_BACKEND": "x11",
            "HELPDESK_CREDENTIALS": "file",
            "GSETTINGS_BACKEND": "keyfile",
            "GSETTINGS_SCHEMA_DIR": schemas,
            "LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": "C.UTF-8",
        })
        argv = [self.binary] + (["--server", server_url] if server_url else []) + list(extra_args)
        self.log_path = os.path.join(session.directory, "app.log")
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(argv, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        preexec_fn=_die_with_parent)
        self.root = self._wait_for_application()

    def _wait_for_application(self):
        def find():
            if self.process.poll() is not None:
                raise UIFailure(f"helpdesk exited with status {self.process.returncode}; see {self.log_path}")
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is not None and _safe(lambda: app.name) == "helpdesk" and \
                        _safe(app.get_process_id) == self.process.pid:
                    # its main window is up
                    if any(_safe(w.getRole) in WINDOWS for w in app if w is not None):
                        return app
            return None
        return self.session.wait_until(find, "the helpdesk application in the AT-SPI desktop")

    def stop(self):
        status = _stop_process(self.process, "helpdesk")
        self._log.close()
        return status

    # -- finding things ------------------------------------------------------

    def windows(self):
        """The app's toplevel windows (whatever role GTK gives them)."""
        return [w for w in _safe(lambda: list(self.root), []) if w is not None]

    def window(self, title, timeout=None):
        """The toplevel window titled @title, once it is on screen."""
        return self.session.wait_until(
            lambda: next((w for w in self.windows() if _safe(lambda: w.name) == title and
                          _safe(lambda: w.getState().contains(pyatspi.STATE_VISIBLE))), None),
            f"a window titled {title!r}", timeout)

    def find_all(self, role=None, name=None, within=None, showing=True, limit=None):
        """Controls with this role and accessible name under @within (the
        whole app by default), in tree order. Hidden subtrees are skipped;
        with @showing, only what a person can see is kept."""
        found = []
        top = within or self.root
        base = () if top == self.root else tuple(reversed(_ancestors(top))) + (top,)
        stack = [(c, base) for c in reversed(_safe(lambda: list(top), []))]
        while stack:
            acc, chain = stack.pop()
            if acc is None:
                continue
            state = _safe(acc.getState)
            if state is None or not state.contains(pyatspi.STATE_VISIBLE):
                continue
            if _role_matches(acc, role) and _name_matches(acc, name) and \
                    (not showing or self._showing(acc, chain)):
                found.append(acc)
                if limit is not None and len(found) >= limit:
                    break
            inner = chain + (acc,)
            count = _safe(lambda: acc.childCount, 0)
            stack.extend((_safe(lambda: acc.getChildAtIndex(i)), inner) for i in reversed(range(count)))
        return found

    def find(self, role=None, name=None, within=None, showing=True):
        found = self.find_all(role, name, within, showing, limit=1)
        return found[0] if found else None

    def wait(self, role=None, name=None, within=None, timeout=None, showing=True, sensitive=False):
        """The first control of this role and name that shows (and is
        sensitive, if asked), waiting up to @timeout seconds."""
        def look():
            for acc in self.find_all(role, name, within, showing):
                if not sensitive or _safe(lambda: acc.getState().contains(pyatspi.STATE_SENSITIVE)):
                    return acc
            return None
        what = f"{_role_text(role)} {name.pattern if isinstance(name, re.Pattern) else name!r}"
        return self.session.wait_until(look, what + (" (sensitive)" if sensitive else ""), timeout)

    def wait_gone(self, role=None, name=None, within=None, timeout=None):
        self.session.wait_until(lambda: self.find(role, name, within) is None,
                                f"{_role_text(role)} {name!r} to go away", timeout)

    def showing(self, acc):
        """What a person can see: VISIBLE up the tree, a size, and the
        window shows the widget (or something inside it) at its centre,
        not another widget, as it does for the pages a stack hides."""
        state = _safe(acc.getState)
        if state is None or not state.contains(pyatspi.STATE_VISIBLE):
            return False
        chain = tuple(reversed(_ancestors(acc)))
        if not all(_safe(lambda: a.getState().contains(pyatspi.STATE_VISIBLE), False) for a in chain):
            return False
        return self._showing(acc, chain)

    def _showing(self, acc, chain):
        """showing() for a VISIBLE @acc under the VISIBLE @chain of its
        ancestors, outermost first."""
        if not chain:
            return True     # a toplevel window
        toplevel = chain[0]
        extents = _safe(lambda: acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS))
        if extents is None:
            # no Component (GtkStackPage): judge by the first child that has one
            return any(self._showing(c, chain + (acc,)) for c in acc if c is not None)
        x, y, width, height = extents
        if width <= 0 or height <= 0:
            return False
        hit = _safe(lambda: toplevel.queryComponent().getAccessibleAtPoint(
            x + width // 2, y + height // 2, pyatspi.WINDOW_COORDS))
        if hit is None or hit == acc or hit in chain:
            return True     # it, or something it lies in and lets through
        return acc in _ancestors(hit)

    # -- doing things --------------------------------------------------------

    def click(self, acc):
        """Clicks a button or activates a row the way AT-SPI offers it."""
        if not _safe(lambda: acc.getState().contains(pyatspi.STATE_SENSITIVE), False):
            raise UIFailure(f"{describe(acc)} is not sensitive, so it cannot be clicked")
        action = _safe(acc.queryAction)
        if action is not None:
            names = [action.getName(i) for i in range(action.nActions)]
            for wanted in ("click", "activate", "press", "toggle", "select"):
                if wanted in names:
                    action.doAction(names.index(wanted))
                    return
        parent = _safe(lambda: acc.parent)
        selection = _safe(parent.querySelection) if parent is not None else None
        if selection is not None:
            selection.selectChild(acc.getIndexInParent())
            return
        raise UIFailure(f"{describe(acc)} has no click, activate or select action "
                        f"(actions: {names if action else 'none'})")

    def click_button(self, name, within=None, timeout=None, role=BUTTON):
        button = self.wait(role, name, within, timeout, sensitive=True)
        self.click(button)
        return button

    def text_of(self, acc):
        text = _safe(acc.queryText)
        if text is None:
            return _safe(lambda: acc.name, "")
        return text.getText(0, text.characterCount)

    def set_text(self, acc, value):
        """Replaces what the field holds with @value, through EditableText;
        where a field has none, focuses it and types."""
        editable = _safe(acc.queryEditableText)
        if editable is not None:
            editable.setTextContents(value)
        else:
            self.focus(acc)
            self.press("a", "ctrl")
            self.press("BackSpace")
            self.type(value)
        self.session.wait_until(lambda: self.text_of(acc) == value,
                                lambda: f"{describe(acc)} to hold {value!r} (it holds {self.text_of(acc)!r})")

    def fill(self, name, value, within=None, role=EDITABLE):
        field = self.wait(role, name, within)
        self.set_text(field, value)
        return field

    def focus(self, acc):
        component = _safe(acc.queryComponent)
        if component is None or not component.grabFocus():
            raise UIFailure(f"{describe(acc)} does not take the focus")
        self.session.wait_until(lambda: _safe(lambda: acc.getState().contains(pyatspi.STATE_FOCUSED)),
                                f"{describe(acc)} to have the focus")

    def press(self, key, *modifiers):
        """Presses a key (a name from KEYSYMS or a single character) with
        modifiers ('ctrl', 'shift', 'alt') held, through the registry."""
        mask = 0
        for modifier in modifiers:
            mask |= MODIFIERS[modifier]
        keysym = KEYSYMS.get(key, ord(key) if len(key) == 1 else None)
        if keysym is None:
            raise ValueError(f"unknown key {key!r}")
        if mask:
            pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
        try:
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        finally:
            if mask:
                pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)

    def type(self, text):
        pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)

    def choose(self, name, option, within=None):
        """Sets the choice control named @name to @option, whatever kind it
        is: a group of toggle or radio buttons (clicks the one named
        @option), a field that completes what is typed, or a drop-down
        (opens it and picks the item named @option from its list)."""
        control = self.wait(lambda r: r not in (LABEL, FRAME), name, within)
        button = self.find(OPTION_ROLES, option, control)
        if button is not None:
            self.click(button)
            return control
        if _safe(control.getRole) in EDITABLE and _safe(control.queryEditableText) is not None:
            self.set_text(control, option)
            return control
        self.click(control)
        item = self.session.wait_until(
            lambda: self.find(OPTION_ROLES + (LABEL, pyatspi.ROLE_TABLE_CELL), option, control, showing=False),
            f"the item {option!r} in the list {describe(control)} opens")
        # the clickable thing is the item's row, or the item itself
        target = next((a for a in [item] + _ancestors(item)
                       if _safe(a.getRole) in OPTION_ROLES), item)
        self.click(target)
        return control

    def dump(self, within=None):
        """The accessible tree as text, for a failure report."""
        lines = []

        def walk(acc, depth):
            if acc is None:
                return
            state = _safe(acc.getState)
            flags = []
            if state is not None:
                for s, word in ((pyatspi.STATE_VISIBLE, "visible"), (pyatspi.STATE_SENSITIVE, "sensitive"),
                                (pyatspi.STATE_FOCUSED, "focused"), (pyatspi.STATE_CHECKED, "checked"),
                                (pyatspi.STATE_SELECTED, "selected"), (pyatspi.STATE_PRESSED, "pressed")):
                    if state.contains(s):
                        flags.append(word)
            extra = ""
            if _safe(acc.queryText) is not None and _safe(acc.getRole) != LABEL:
                extra = f" text={self.text_of(acc)!r}"
            description = _safe(lambda: acc.description)
            if description:
                extra += f" description={description!r}"
            lines.append(f"{'  ' * depth}{describe(acc)} [{' '.join(flags)}]{extra}")
            for i in range(_safe(lambda: acc.childCount, 0)):
                walk(_safe(lambda: acc.getChildAtIndex(i)), depth + 1)

        walk(within or self.root, 0)
        return "\n".join(lines)


# --------------------------------------------------------------------------
# A test's world


class Session:
    """One test: a work directory, its server and app, its screenshots, and
    its steps, reported as TAP lines. Use it as a context manager; it
    cleans everything up whatever happens."""

    def __init__(self, name):
        self.name = name
        self.directory = tempfile.mkdtemp(prefix=f"helpdesk-ui-{name}-")
        self.artifacts = os.environ.get("HELPDESK_UI_ARTIFACTS") or \
            os.path.join(build_dir(), "tests", "ui-artifacts")
        os.makedirs(self.artifacts, exist_ok=True)
        for old in os.listdir(self.artifacts):
            if old.startswith(name + "-"):
                os.unlink(os.path.join(self.artifacts, old))
        self.servers, self.apps = [], []
        self.shots = 0
        self.steps = 0
        self.failed = False
        self.started = time.monotonic()

    def __enter__(self):
        print(f"# {self.name}: artifacts in {self.artifacts}", flush=True)
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None and not self.failed:
            self._report_failure("setup", value, tb)
        for app in self.apps:
            status = app.stop()
            if status not in (0, -signal.SIGTERM, None):
                print(f"# helpdesk ended with status {status}", flush=True)
        for server in self.servers:
            server.stop()
        if self.failed or kind is not None:
            for log in ("app.log", "server.log"):
                path = os.path.join(self.directory, log)
                if os.path.exists(path):
                    shutil.copy(path, os.path.join(self.artifacts, f"{self.name}-{log}"))
        shutil.rmtree(self.directory, ignore_errors=True)
        print(f"1..{self.steps}", flush=True)
        print(f"# {self.name}: {time.monotonic() - self.started:.1f} s", flush=True)
        if kind is not None and issubclass(kind, (UIFailure, AssertionError, Exception)):
            sys.exit(1)
        return False

    # -- parts -----------------------------------------------------------------

    def start_server(self, tickets=300, seed=1):
        directory = tempfile.mkdtemp(prefix="server-", dir=self.directory)
        server = Server(directory, tickets, seed)
        self.servers.append(server)
        return server.start()

    def launch_app(self, server_url=None, extra_args=()):
        app = App(self, server_url, extra_args)
        self.apps.append(app)
        return app

    # -- waiting -----------------------------------------------------------------

    def wait_until(self, predicate, what, timeout=None):
        """Polls @predicate until it returns something true, and returns it."""
        deadline = time.monotonic() + (timeout or WAIT)
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise UIFailure(f"waited {timeout or WAIT:g} s for {what() if callable(what) else what}")
            time.sleep(POLL)

    # -- evidence ------------------------------------------------------------------

    def screenshot(self, label):
        """The whole screen, as a person would see it, into the artifacts."""
        self.shots += 1
        path = os.path.join(self.artifacts, f"{self.name}-{self.shots:02d}-{label}.png")
        subprocess.run(["import", "-window", "root", path], check=True, timeout=30)
        print(f"# screenshot {path}", flush=True)
        return path

    def _report_failure(self, what, error, tb):
        self.failed = True
        print(f"not ok {self.steps} - {what}", flush=True)
        for line in "".join(traceback.format_exception(type(error), error, tb)).splitlines():
            print("#   " + line, flush=True)
        try:
            self.screenshot("failure")
        except Exception as e:
            print(f"# no screenshot: {e}", flush=True)
        for i, app in enumerate(self.apps):
            path = os.path.join(self.artifacts, f"{self.name}-failure-tree{i or ''}.txt")
            try:
                with open(path, "w") as f:
                    f.write(_safe(app.dump, "the tree could not be read") + "\n")
                print(f"# accessible tree in {path}", flush=True)
            except OSError:
                pass

    def step(self, what):
        """with session.step("..."): one TAP line, ok or not; a failing step
        ends the test (the next ones build on it)."""
        session = self

        class Step:
            def __enter__(self):
                session.steps += 1
                self.started = time.monotonic()
                print(f"# {what}", flush=True)

            def __exit__(self, kind, value, tb):
                print(f"# ({time.monotonic() - self.started:.1f} s)", flush=True)
                if kind is None:
                    print(f"ok {session.steps} - {what}", flush=True)
                    return False
                session._report_failure(what, value, tb)
                return False

        return Step()


def check(condition, message):
    if not condition:
        raise UIFailure(message)


def sign_in(app, server_url, username, password, session=None):
    """Fills the sign-in page's three fields and clicks Sign In."""
    app.fill("Server Address", server_url)
    app.fill("User Name", username)
    app.fill("Password", password)
    app.click_button("Sign In")


def wait_signed_in(app, timeout=None):
    """The main window's controls, once the sign-in page has given way."""
    new_ticket = app.wait(BUTTON, "New Ticket", timeout=timeout, sensitive=True)
    search = app.wait(EDITABLE, "Search tickets", timeout=timeout)
    return new_ticket, search


def sign_in_error(app, pattern, timeout=None):
    """The text of the sign-in page's error once it shows, found the way a
    person reads it: a label whose text matches @pattern (a regular
    expression). GtkLabel gives its accessible name its text."""
    label = app.wait(LABEL, re.compile(pattern), timeout=timeout)
    return app.text_of(label)
