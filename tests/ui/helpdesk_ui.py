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
  HELPDESK_UI_TRACE     set: log each search of the accessible tree

GTK 4.8 marks on-screen widgets VISIBLE and never SHOWING, and keeps the
widgets of a stack's hidden pages VISIBLE too; App.showing() decides what
a person can see from VISIBLE, the widget's size, and what the window has
at its centre. GTK 4.8 gives buttons an AT-SPI action but rows, check rows
and combo rows none, and has no GrabFocus: App.click() uses the action
where there is one and a real mouse click where not, and App.choose()
opens drop-downs with a click and picks with the arrow keys.
"""

import collections
import ctypes
import json
import os
import re
import resource
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
from gi.repository import Atspi

# libatspi gives an application 800 ms to answer a call, which a loaded
# machine's app, busy laying out a window, may take longer than; a person
# waits longer too. 10 s per call, 20 s while the app starts.
Atspi.set_timeout(10000, 20000)

# The demo accounts (README: "Demo accounts").
TECHNICIAN = ("tomasz", "demo-tomasz")
REQUESTER = ("frontdesk", "demo-frontdesk")

WAIT = float(os.environ.get("HELPDESK_UI_TIMEOUT", "15"))


def patience(seconds):
    """@seconds, a wait long enough in a normal build, stretched as
    HELPDESK_UI_TIMEOUT stretches every wait (the sanitizer build sets
    120: the app runs 5 to 20 times slower there)."""
    return seconds * max(WAIT / 15, 1)


TRACE = bool(os.environ.get("HELPDESK_UI_TRACE"))     # log every search, its size and time
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
TABLES = (TABLE, pyatspi.ROLE_TREE_TABLE)
TABLE_CONTENT = {pyatspi.ROLE_TABLE_ROW, pyatspi.ROLE_TABLE_CELL, LABEL, pyatspi.ROLE_IMAGE}
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


_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent():
    # a child of a test that is killed (meson's timeout) goes with it
    _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _die_with_parent_leaving_core():
    _die_with_parent()
    # a crash leaves a core beside it, for the backtrace in the artifacts
    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


# A frame of Help Desk's own code in a sanitizer's stack, main() aside:
# "#3 0x55d0 in hd_cell_text_new ../src/gui/hd-cell-text.c:172".
_OUR_FRAME = re.compile(r"#\d+ 0x[0-9a-f]+ in \S+ (?:\.\./)?src/(?!gui/main\.c)")


def _leaked_bytes(record):
    match = re.match(r"(?:Direct|Indirect) leak of (\d+) byte", record)
    return int(match.group(1)) if match else 0


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
    """helpdesk-server serving the demo district on a free loopback port
    (the example district's plan, or @plan)."""

    def __init__(self, directory, tickets=300, seed=1, plan=None):
        self.directory = directory
        self.binary = os.path.join(build_dir(), "src", "server", "helpdesk-server")
        self.plan = plan or os.path.join(source_dir(), "data", "plans", "example-district.plan")
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
        # the demo district is made while the caller does other things
        self._demo = subprocess.Popen([self.binary, "demo", "--db", self.db, "--plan", self.plan,
                                       "--tickets", str(tickets), "--seed", str(seed)],
                                      stdout=subprocess.DEVNULL, preexec_fn=_die_with_parent)

    def start(self):
        """Waits for the demo district, then serves it; returns self."""
        if self._demo.wait(timeout=120) != 0:
            raise UIFailure(f"helpdesk-server demo failed with status {self._demo.returncode}")
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
        _stop_process(self._demo, "helpdesk-server demo")
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

    def changes(self, token):
        """Everything the user may see now, from the change feed: the
        tickets by id, and the comments, oldest first."""
        tickets, comments, after = {}, [], None
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
            comments += body["comments"]
            after = body["cursor"]
            if not body["more"]:
                return tickets, comments

    def visible_tickets(self, token):
        """Every ticket the user may see now, by id."""
        return self.changes(token)[0]

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
    """A control in words, for messages: its role and name."""
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


def _strip_mnemonic(text):
    return re.sub(r"(^|\s)_(\w)", r"\1\2", text)


def accessible_names(acc):
    """The names a control answers to. GTK 4.8 builds the accessible name
    from the accessible label *and* the labelled-by widgets' text, joined
    ("Requester Name Name" for an AdwEntryRow titled "Name" whose label is
    "Requester Name"; "_Submit Submit" for a button with a mnemonic), where
    later GTK versions take one of them. The contract names the label, so
    the label part counts as the name too, with mnemonic underscores
    dropped."""
    raw = _safe(lambda: acc.name)
    if raw is None:
        return []
    names = [raw]
    relations = _safe(acc.getRelationSet, [])
    for relation in relations:
        if _safe(relation.getRelationType) != pyatspi.RELATION_LABELLED_BY:
            continue
        targets = [_safe(lambda: relation.getTarget(i).name, "") for i in range(relation.getNTargets())]
        suffix = " ".join(t for t in targets if t)
        if suffix and raw.endswith(" " + suffix) and len(raw) > len(suffix) + 1:
            names.append(raw[:-len(suffix) - 1])
        if suffix:
            names.append(suffix)
    names += [_strip_mnemonic(n) for n in names]
    return list(dict.fromkeys(names))


def _one_name_matches(actual, name):
    if isinstance(name, re.Pattern):
        return name.search(actual) is not None
    if callable(name):
        return bool(name(actual))
    return actual == name


def _name_matches(acc, name):
    if name is None:
        return True
    raw = _safe(lambda: acc.name)
    if raw is None:
        return False
    if _one_name_matches(raw, name):
        return True
    if isinstance(name, str) and name not in _strip_mnemonic(raw):
        return False    # no variant can match: save the D-Bus calls
    return any(_one_name_matches(n, name) for n in accessible_names(acc)[1:])


def _role_matches(acc, role):
    if role is None:
        return True
    if callable(role) and not isinstance(role, pyatspi.Role):
        return role(_safe(acc.getRole))
    roles = role if isinstance(role, (tuple, list, set, frozenset)) else (role,)
    return _safe(acc.getRole) in roles


_ORIGINS = {}


def _window_origin(title):
    """Where the X window titled @title lies on the screen (GTK 4.8 gives
    only window coordinates); (0, 0), where windows open without a window
    manager, when it cannot be told. Without a window manager nothing
    moves a window, so the answer is kept."""
    if title not in _ORIGINS:
        _ORIGINS[title] = _find_window_origin(title)
    return _ORIGINS[title]


def _find_window_origin(title):
    try:
        tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return 0, 0
    for line in tree.splitlines():
        # 0x20001b "New Ticket": ("helpdesk" "helpdesk")  640x820+0+0  +0+0
        match = re.search(r'^\s*0x[0-9a-f]+ "(.*?)": .*\s\+(-?\d+)\+(-?\d+)$', line)
        if match and match.group(1) == title:
            return int(match.group(2)), int(match.group(3))
    return 0, 0


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
        self.cwd = tempfile.mkdtemp(prefix="cwd-", dir=session.directory)
        self.process = subprocess.Popen(argv, env=env, cwd=self.cwd, stdout=self._log, stderr=subprocess.STDOUT,
                                        preexec_fn=_die_with_parent_leaving_core)
        self.root = self._wait_for_application()

    def _wait_for_application(self):
        def find():
            if self.process.poll() is not None:
                raise UIFailure(f"helpdesk exited with status {self.process.returncode}; see {self.log_path}")
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is not None and _safe(lambda: app.name) == "helpdesk" and \
                        _safe(app.get_process_id) == self.process.pid and _safe(lambda: app.childCount, 0):
                    return app      # with its main window up
            return None
        return self.session.wait_until(find, "the helpdesk application in the AT-SPI desktop")

    def stop(self):
        """Ends the app; returns its exit status (negative: a signal)."""
        status = _stop_process(self.process, "helpdesk")
        self._log.close()
        return status

    def crashed(self):
        """The signal that killed the app, other than the SIGTERM that
        stop() sends, or None."""
        status = self.process.poll()
        if status is not None and status < 0 and -status not in (signal.SIGTERM, signal.SIGKILL):
            return signal.Signals(-status).name
        return None

    def backtrace(self):
        """The backtrace of the crashed thread, then of every thread, from
        the core a crash left; or None (no core, or no gdb)."""
        core = os.path.join(self.cwd, "core")
        if not os.path.exists(core) or shutil.which("gdb") is None:
            return None
        try:
            return subprocess.run(["gdb", "-batch", "-nx", "-ex", "bt", "-ex", "thread apply all bt",
                                   self.binary, core],
                                  capture_output=True, text=True, timeout=120).stdout
        except subprocess.SubprocessError:
            return None

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

    def search(self, role=None, name=None, within=None, showing=True):
        """Controls with this role and accessible name under @within (the
        whole app by default), nearest the top first (breadth first: a
        header bar button is found before the cells of a long table).
        Only VISIBLE ones count; with @showing, only what a person can see,
        and the pages a stack hides are not even looked into.

        Every step is a D-Bus call (GTK 4.8 has no AT-SPI cache), so this
        asks for as little as it can: the role of each node, its name where
        the role matches or where it could be a stack page; and it looks
        into tables only for rows, cells, labels and images, or when
        @within is in a table."""
        top = within or self.root
        base = () if top == self.root else tuple(reversed(_ancestors(top))) + (top,)
        # a table's rows and cells (hundreds of nodes) are only walked for
        # what lives in them, or when the search is within the table
        into_tables = role is None or callable(role) and not isinstance(role, pyatspi.Role) or \
            any(_safe(a.getRole) in TABLES for a in base) or \
            set(role if isinstance(role, (tuple, list, set, frozenset)) else (role,)) & TABLE_CONTENT
        queue = collections.deque((c, base) for c in _safe(lambda: list(top), []))
        counts, started = [0, 0], time.monotonic()     # nodes looked at, found
        try:
            yield from self._walk(queue, role, name, showing, into_tables, counts)
        finally:
            if TRACE:
                print(f"# search {_role_text(role)} {name!r}: {counts[1]} found, {counts[0]} nodes, "
                      f"{time.monotonic() - started:.2f} s", flush=True)

    def _walk(self, queue, role, name, showing, into_tables, counts):
        while queue:
            counts[0] += 1
            acc, chain = queue.popleft()
            if acc is None:
                continue
            node_role = _safe(acc.getRole)
            if node_role is None:
                continue    # gone meanwhile
            if showing and node_role == pyatspi.ROLE_PANEL and _safe(lambda: acc.name) == "GtkStackPage" \
                    and not self._showing(acc, chain):
                continue    # a page the stack does not show: nothing in it shows
            if _role_matches(acc, role) and _name_matches(acc, name) and \
                    _safe(lambda: acc.getState().contains(pyatspi.STATE_VISIBLE), False) and \
                    (not showing or self._showing(acc, chain)):
                counts[1] += 1
                yield acc
            if node_role in TABLES and not into_tables:
                continue    # its rows are not what is looked for
            inner = chain + (acc,)
            count = _safe(lambda: acc.childCount, 0)
            queue.extend((_safe(lambda i=i: acc.getChildAtIndex(i)), inner) for i in range(count))

    def find_all(self, role=None, name=None, within=None, showing=True, limit=None):
        """What search() finds, as a list (of at most @limit)."""
        found = []
        for acc in self.search(role, name, within, showing):
            found.append(acc)
            if limit is not None and len(found) >= limit:
                break
        return found

    def find(self, role=None, name=None, within=None, showing=True):
        """The first thing search() finds, or None."""
        return next(iter(self.search(role, name, within, showing)), None)

    def wait(self, role=None, name=None, within=None, timeout=None, showing=True, sensitive=False):
        """The first control of this role and name that shows (and is
        sensitive, if asked), waiting up to @timeout seconds."""
        def look():
            for acc in self.search(role, name, within, showing):
                if not sensitive or _safe(lambda: acc.getState().contains(pyatspi.STATE_SENSITIVE)):
                    return acc
            return None
        what = f"{_role_text(role)} {name.pattern if isinstance(name, re.Pattern) else name!r}"
        return self.session.wait_until(look, what + (" (sensitive)" if sensitive else ""), timeout)

    def wait_each(self, names, within=None, role=None, timeout=None):
        """Several controls at once, by accessible name, in one walk of the
        tree per try: {name: control} once every one of @names shows."""
        wanted = list(names)

        def look():
            found = {}
            for acc in self.search(role, lambda n: True, within, showing=False):
                if len(found) == len(wanted):
                    break
                for name in wanted:
                    if name not in found and _name_matches(acc, name) and self.showing(acc):
                        found[name] = acc
            return found if len(found) == len(wanted) else None

        def missing():
            found = {}
            for acc in self.find_all(role, None, within, showing=True):
                for name in wanted:
                    if _name_matches(acc, name):
                        found[name] = acc
            return f"{[n for n in wanted if n not in found]} (of {wanted}) to show"
        return self.session.wait_until(look, missing, timeout)

    def wait_gone(self, role=None, name=None, within=None, timeout=None):
        """Waits until nothing of this role and name shows."""
        self.session.wait_until(lambda: self.find(role, name, within) is None,
                                f"{_role_text(role)} {name!r} to go away", timeout)

    def showing(self, acc):
        """What a person can see, or bring into view by scrolling: VISIBLE,
        a size, on the page a stack shows, and not under another widget.
        GTK 4.8 never sets SHOWING, and keeps the widgets of a stack's
        hidden pages VISIBLE and at their last place; so the window is
        asked what it has at the widget's centre: the widget (or something
        in it, or something it lies in and lets clicks through), not
        another one. A widget scrolled out of its scrolled window shows if
        the scrolled window does: mouse_click() and scroll_into_view()
        bring it into view."""
        state = _safe(acc.getState)
        if state is None or not state.contains(pyatspi.STATE_VISIBLE):
            return False
        return self._showing(acc, tuple(reversed(_ancestors(acc))))

    def _showing(self, acc, chain):
        """showing() for @acc under the @chain of its ancestors, outermost
        first (exposed, so VISIBLE: GTK 4.8 leaves hidden widgets out)."""
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
        cx, cy = x + width // 2, y + height // 2
        for depth in range(len(chain) - 1, 0, -1):
            if _safe(chain[depth].getRole) == pyatspi.ROLE_SCROLL_PANE:
                px, py, pw, ph = _safe(lambda: chain[depth].queryComponent().getExtents(pyatspi.WINDOW_COORDS),
                                       (0, 0, 0, 0))
                if not (px <= cx < px + pw and py <= cy < py + ph):
                    return self._showing(chain[depth], chain[:depth])
                break
        hit = _safe(lambda: toplevel.queryComponent().getAccessibleAtPoint(cx, cy, pyatspi.WINDOW_COORDS))
        if hit is None or hit == acc or hit in chain:
            return True     # it, or something it lies in and lets through
        return acc in _ancestors(hit)

    # -- doing things --------------------------------------------------------

    def click(self, acc):
        """Clicks a control: through its AT-SPI action where it has one
        (buttons), else with the mouse at its centre (rows, check rows,
        combo rows: GTK 4.8 gives those no action)."""
        if not _safe(lambda: acc.getState().contains(pyatspi.STATE_SENSITIVE), False):
            raise UIFailure(f"{describe(acc)} is not sensitive, so it cannot be clicked")
        action = _safe(acc.queryAction)
        names = [_safe(lambda: action.getName(i), "") for i in range(_safe(lambda: action.nActions, 0))] \
            if action is not None else []
        for wanted in ("click", "activate", "press", "toggle"):
            if wanted in names:
                action.doAction(names.index(wanted))
                return
        self.mouse_click(acc)

    def mouse_click(self, acc, button=1):
        """A real click of the pointer at the centre of @acc, which must
        show, scrolled into view first. Window coordinates are made screen
        ones with the window's place on the X screen."""
        self.scroll_into_view(acc)
        if not self.showing(acc):
            raise UIFailure(f"{describe(acc)} does not show, so it cannot be clicked")
        x, y = self._point(acc)
        pyatspi.Registry.generateMouseEvent(x, y, f"b{button}c")

    def _point(self, acc, dx=0.5, dy=0.5):
        """A screen point inside @acc, by fractions of its size."""
        x, y, width, height = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        toplevel = ([acc] + _ancestors(acc))[-1]
        left, top = _window_origin(_safe(lambda: toplevel.name, ""))
        return left + x + int(width * dx), top + y + int(height * dy)

    def scroll(self, pane, clicks):
        """Turns the mouse wheel over @pane: down for @clicks > 0, up below."""
        x, y = self._point(pane)
        pyatspi.Registry.generateMouseEvent(x, y, "abs")
        for _ in range(abs(clicks)):
            pyatspi.Registry.generateMouseEvent(x, y, "b5c" if clicks > 0 else "b4c")

    def scroll_into_view(self, acc):
        """Scrolls the nearest scrolled window around @acc, with the mouse
        wheel, until @acc lies wholly inside it."""
        pane = next((a for a in _ancestors(acc) if _safe(a.getRole) == pyatspi.ROLE_SCROLL_PANE), None)
        if pane is None:
            return
        for _ in range(60):
            _, y, _, height = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            _, top, _, pane_height = pane.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            if height <= 0 or (y >= top and y + height <= top + pane_height):
                return
            if height > pane_height and y <= top + pane_height // 2 <= y + height:
                return      # taller than the view, and filling it
            self.scroll(pane, 1 if y + height > top + pane_height else -1)
            moved = time.monotonic() + 0.5     # the scroll animates, briefly
            while time.monotonic() < moved and acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[1] == y:
                time.sleep(0.02)
        raise UIFailure(f"could not scroll {describe(acc)} into view")

    def click_button(self, name, within=None, timeout=None, role=BUTTON):
        """Clicks the button named @name once it shows and is sensitive."""
        button = self.wait(role, name, within, timeout, sensitive=True)
        self.click(button)
        return button

    def text_of(self, acc):
        """The text a label, field or text view holds."""
        text = _safe(acc.queryText)
        if text is None:
            return _safe(lambda: acc.name, "")
        return text.getText(0, text.characterCount)

    def set_text(self, acc, value):
        """Replaces what the field holds with @value, through EditableText
        (which GtkText, AdwEntryRow and GtkTextView have in GTK 4.8)."""
        editable = _safe(acc.queryEditableText)
        if editable is None:
            raise UIFailure(f"{describe(acc)} has no EditableText interface to type into")
        editable.setTextContents(value)
        self.session.wait_until(lambda: self.text_of(acc) == value,
                                lambda: f"{describe(acc)} to hold {value!r} (it holds {self.text_of(acc)!r})")

    def fill(self, name, value, within=None, role=EDITABLE):
        """set_text() on the field named @name, once it shows."""
        field = self.wait(role, name, within)
        self.set_text(field, value)
        return field

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
        """Types @text into whatever has the keyboard focus."""
        pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)

    def choose(self, name, option, within=None):
        """Sets the choice control named @name (or the control @name) to
        @option, whatever kind it is: a drop-down or combo row (opens its
        list with a click and picks @option with the arrow keys and Enter,
        since GTK 4.8 reports popover contents at places a click cannot
        use), a group of check, radio or toggle rows (clicks the one named
        @option), or a field (types @option). Returns the control."""
        if isinstance(name, str):
            control = self.wait(lambda r: r not in (LABEL, FRAME), name, within)
        else:
            control, name = name, describe(name)
        role = _safe(control.getRole)
        if role == COMBO:
            self._choose_in_list(control, option)
            return control
        if role in EDITABLE and _safe(control.queryEditableText) is not None:
            self.set_text(control, option)
            return control
        choice = self.find((CHECK, pyatspi.ROLE_RADIO_BUTTON, TOGGLE), option, control) or \
            self.find((LIST_ITEM, BUTTON, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM), option, control)
        if choice is None:
            raise UIFailure(f"{describe(control)} has no choice named {option!r}; it has: "
                            f"{[accessible_names(c)[-1] for c in self.find_all(OPTION_ROLES, None, control)]}")
        self.click(choice)
        self.session.wait_until(lambda: self.is_checked(choice),
                                f"the choice {option!r} of {name!r} to be checked")
        return control

    def is_checked(self, acc):
        """Checked, pressed or selected, on the control or the check in it."""
        states = (pyatspi.STATE_CHECKED, pyatspi.STATE_PRESSED, pyatspi.STATE_SELECTED)
        for candidate in [acc] + self.find_all((CHECK, pyatspi.ROLE_RADIO_BUTTON, TOGGLE), None, acc):
            state = _safe(candidate.getState)
            if state is not None and any(state.contains(s) for s in states):
                return True
        return False

    def _item_text(self, item):
        """What a row, cell or list item says: its first label's text, or
        its own name. (A GtkLabel's accessible name is its text.)"""
        if _safe(item.getRole) == LABEL:
            return _safe(lambda: item.name, "")
        first = _safe(lambda: item.getChildAtIndex(0))
        label = first if first is not None and _safe(first.getRole) == LABEL else \
            self.find(LABEL, None, item, showing=False)
        if label is not None:
            return _safe(lambda: label.name, "")
        return accessible_names(item)[-1] if _safe(lambda: item.name) else ""

    def _table_row_objects(self, table):
        """The body rows of a table: its own TABLE_ROW children, or those of
        the list inside it (GtkColumnView keeps the header row apart)."""
        rows = []
        for child in _safe(lambda: list(table), []):
            role = _safe(child.getRole) if child is not None else None
            if role == pyatspi.ROLE_TABLE_ROW:
                rows.append(child)
            elif role in (pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_PANEL):
                rows += [r for r in _safe(lambda: list(child), [])
                         if r is not None and _safe(r.getRole) == pyatspi.ROLE_TABLE_ROW]
        return rows

    def table_rows(self, table, columns=None, showing=True):
        """The rows of a table (a GtkColumnView), each as the texts of its
        cells (only those of @columns, by index, if given); with @showing,
        only the rows in view. The list builds rows only around the view,
        so even without @showing this is not the whole table."""
        result = []
        for row in self._table_row_objects(table):
            if not _safe(lambda: row.getState().contains(pyatspi.STATE_VISIBLE), False):
                continue
            if showing and not self.showing(row):
                continue
            count = _safe(lambda: row.childCount, 0)
            indexes = range(count) if columns is None else [i for i in columns if i < count]
            cells = [_safe(lambda: row.getChildAtIndex(i)) for i in indexes]
            if not cells or any(c is None or _safe(c.getRole) != pyatspi.ROLE_TABLE_CELL for c in cells):
                continue    # a header row
            result.append([self._item_text(c) for c in cells])
        return result

    def row_of(self, acc):
        """The table row @acc (a cell, or a label in one) lies in."""
        row = next((a for a in [acc] + _ancestors(acc) if _safe(a.getRole) == pyatspi.ROLE_TABLE_ROW), None)
        if row is None:
            raise UIFailure(f"{describe(acc)} is in no table row")
        return row

    def scroll_position(self, pane):
        """How far down @pane is scrolled, from its vertical scroll bar's
        Value; None when it has none."""
        for bar in _safe(lambda: list(pane), []):
            if bar is None or _safe(bar.getRole) != pyatspi.ROLE_SCROLL_BAR:
                continue
            _, _, width, height = _safe(lambda: bar.queryComponent().getExtents(pyatspi.WINDOW_COORDS), (0, 0, 1, 0))
            if height <= width:
                continue    # the horizontal one
            for part in [bar] + _safe(lambda: list(bar), []):
                value = _safe(part.queryValue) if part is not None else None
                if value is not None:
                    return value.currentValue
        return None

    def scroll_and_wait(self, pane, clicks, timeout=2.0):
        """scroll(), then waits for the view to move; False when it did not
        (it was at the end already)."""
        before = self.scroll_position(pane)
        self.scroll(pane, clicks)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.scroll_position(pane) != before:
                return True
            time.sleep(0.05)
        return False

    def all_table_rows(self, table, column=0):
        """The text of @column in every row of a table, top to bottom:
        the list builds rows only around its view, so this scrolls it with
        the mouse wheel from the top to the end."""
        pane = next((a for a in _ancestors(table) if _safe(a.getRole) == pyatspi.ROLE_SCROLL_PANE), None)
        if pane is not None:
            while self.scroll_and_wait(pane, -25):
                pass
        seen = {}
        while True:
            for row in self.table_rows(table, [column], showing=False):
                seen.setdefault(row[0], True)
            if pane is None or not self.scroll_and_wait(pane, 5):
                return list(seen)

    def _choose_in_list(self, control, option):
        self.click(control)

        def opened():
            for lst in self.find_all(pyatspi.ROLE_LIST, None, control, showing=False):
                items = [c for c in lst if c is not None and _safe(c.getRole) == LIST_ITEM]
                focused = [i for i, c in enumerate(items)
                           if _safe(lambda: c.getState().contains(pyatspi.STATE_FOCUSED))]
                if items and focused:
                    return items, focused[0]
            return None
        items, current = self.session.wait_until(opened, f"the list of {describe(control)} to open")
        texts = [self._item_text(i) for i in items]
        if option not in texts:
            self.press("Escape")
            raise UIFailure(f"the list of {describe(control)} has no {option!r}; it has {texts}")
        target = texts.index(option)
        for _ in range(abs(target - current)):
            self.press("Down" if target > current else "Up")
        self.press("Return")
        self.session.wait_until(
            lambda: opened() is None and self.find(LABEL, option, control) is not None,
            f"{describe(control)} to show {option!r}")

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
            self.steps += 1
            self._report_failure("outside any step", value, tb)
        for app in self.apps:
            status = app.stop()
            if app.crashed():
                self._report_crash(app)
            else:
                self._check_exit(app, status)
        for server in self.servers:
            server.stop()
        if self.failed or kind is not None:
            for what, parts in (("app", self.apps), ("server", self.servers)):
                for i, part in enumerate(parts):
                    if os.path.exists(part.log_path):
                        shutil.copy(part.log_path, os.path.join(self.artifacts, f"{self.name}-{what}{i or ''}.log"))
        shutil.rmtree(self.directory, ignore_errors=True)
        print(f"1..{self.steps}", flush=True)
        print(f"# {self.name}: {time.monotonic() - self.started:.1f} s", flush=True)
        if kind is not None and issubclass(kind, Exception) or self.failed:
            sys.exit(1)     # reported above, as a TAP line and its traceback
        return False

    # -- parts -----------------------------------------------------------------

    def start_server(self, tickets=300, seed=1, wait=True, plan=None):
        """The demo district served on loopback, under the example
        district's plan or @plan. With @wait false, the district is still
        being made: call start() on the result."""
        directory = tempfile.mkdtemp(prefix="server-", dir=self.directory)
        server = Server(directory, tickets, seed, plan)
        self.servers.append(server)
        return server.start() if wait else server

    def launch_app(self, server_url=None, extra_args=()):
        """The helpdesk program in a home of its own, once it shows in the
        AT-SPI desktop; with @server_url, started with --server."""
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

    def _report_crash(self, app):
        """A crash fails the test even when every step passed."""
        self.failed = True
        self.steps += 1
        print(f"not ok {self.steps} - helpdesk did not crash: it died of {app.crashed()}", flush=True)
        trace = app.backtrace()
        if trace:
            path = os.path.join(self.artifacts, f"{self.name}-crash-backtrace.txt")
            with open(path, "w") as f:
                f.write(trace)
            crashed = trace.split("\nThread ")[0]    # "bt" comes first: the thread that crashed
            for line in list(dict.fromkeys(line for line in crashed.splitlines() if line.startswith("#")))[:15]:
                print("#   " + line, flush=True)
            print(f"# backtrace of every thread in {path}", flush=True)

    def _check_exit(self, app, status):
        """The app quits cleanly when asked to end (SIGTERM). In the
        sanitizer build its log must hold no error of AddressSanitizer's
        or UndefinedBehaviorSanitizer's, and no leak allocated by Help
        Desk's code (a frame of ours on the allocation stack, main()
        aside). Leaks allocated within GTK's, GIO's and their plugins' own
        frames only are counted, not failed: Debian ships those libraries
        without symbols, so no suppression could tell them apart, and any
        leak makes the status 1, which is then no failure either."""
        with open(app.log_path, errors="replace") as f:
            log = f.read()
        records = re.split(r"\n(?=(?:Direct|Indirect) leak of )", log)[1:]
        ours = [r for r in records if _OUR_FRAME.search(r)]
        errors = [line for line in log.splitlines()
                  if "ERROR: AddressSanitizer" in line or "runtime error:" in line]
        if records and not ours:
            print(f"# helpdesk quit with {len(records)} leak records of the libraries' own "
                  f"(no frame of Help Desk's), {sum(_leaked_bytes(r) for r in records)} bytes", flush=True)
        if not errors and not ours and (status in (0, None) or records):
            return
        self.failed = True
        self.steps += 1
        print(f"not ok {self.steps} - helpdesk quit cleanly when asked to (status {status})", flush=True)
        for line in ("\n".join(errors) + "\n" + "\n".join(ours)).strip().splitlines()[:80]:
            print("#   " + line, flush=True)

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


_PASTE = """
import gi
gi.require_version("Gtk", "4.0")
from gi.repository import Gdk, GLib, Gtk
Gtk.init()
loop = GLib.MainLoop()
def done(clipboard, result):
    try:
        print(clipboard.read_text_finish(result) or "", end="")
    finally:
        loop.quit()
Gdk.Display.get_default().get_clipboard().read_text_async(None, done)
GLib.timeout_add_seconds(10, loop.quit)
loop.run()
"""


def read_clipboard():
    """What a paste would give now: the clipboard's text, read by another
    GTK program on the same display, as another app would."""
    result = subprocess.run([sys.executable, "-c", _PASTE], capture_output=True, text=True, timeout=30,
                            env=dict(os.environ, GDK_BACKEND="x11"))
    return result.stdout


def check(condition, message):
    """A test's own assertion: fails the step with @message."""
    if not condition:
        raise UIFailure(message)


def sign_in(app, server_url, username, password):
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
