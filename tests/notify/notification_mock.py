# SPDX-License-Identifier: GPL-3.0-or-later
"""A notification server for the app to talk to: python3-dbusmock's
notification daemon template on the session bus (PITFALLS.md,
"Notifications"), with what the app asked of it and a way to click the
buttons of a notification.

Run inside the test's own session bus (tests/ui/run-ui-tests.sh starts
one). Each Notify call is read back with its arguments (GetCalls) and the
instant it arrived (the mock's log, to the millisecond)."""

import os
import re
import subprocess
import time

import dbus

BUS_NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
MOCK_IFACE = "org.freedesktop.DBus.Mock"
# a notification server that has buttons and reads markup in bodies
CAPABILITIES = "body body-markup actions"
URGENCY = {0: "low", 1: "normal", 2: "critical"}


class Notification:
    """One Notify call: its id, when it arrived, and what it said."""

    def __init__(self, nid, at, args):
        self.id = nid
        self.at = at                       # time.time() of its arrival
        self.app_name = str(args[0])
        self.replaces = int(args[1])
        self.summary = str(args[3])
        self.body = str(args[4])
        pairs = [str(a) for a in args[5]]
        self.actions = dict(zip(pairs[0::2], pairs[1::2]))     # key: label
        hints = args[6]
        self.urgency = URGENCY.get(int(hints["urgency"]), "?") if "urgency" in hints else "normal"

    def __repr__(self):
        return f"<#{self.id} {self.urgency} {self.summary!r}>"


class NotificationDaemon:
    """The mock on the session bus, started at once; stop() ends it."""

    def __init__(self, directory, python="/usr/bin/python3", preexec_fn=None):
        self.log_path = os.path.join(directory, "notifications.log")
        self.process = subprocess.Popen(
            [python, "-m", "dbusmock", "--template", "notification_daemon", "-l", self.log_path,
             "-p", '{"capabilities": "%s"}' % CAPABILITIES],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=preexec_fn)
        self.bus = dbus.SessionBus()
        deadline = time.monotonic() + 15
        while not self.bus.name_has_owner(BUS_NAME):
            if self.process.poll() is not None:
                raise RuntimeError(f"the notification mock exited: {self.process.stderr.read().decode()}")
            if time.monotonic() > deadline:
                raise RuntimeError("the notification mock did not take its bus name in 15 s")
            time.sleep(0.05)
        self.mock = dbus.Interface(self.bus.get_object(BUS_NAME, PATH), MOCK_IFACE)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def _arrivals(self):
        """The instants of the Notify calls, in order, from the mock's log."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return [float(m.group(1)) for m in re.finditer(r"^(\d+\.\d{3}) Notify\b", f.read(), re.M)]
        except FileNotFoundError:
            return []

    def notifications(self):
        """Every Notify call so far, oldest first."""
        calls = [c for c in self.mock.GetCalls() if str(c[1]) == "Notify"]
        arrivals = self._arrivals()
        result, next_id = [], 1
        for i, (stamp, _, args) in enumerate(calls):
            replaces = int(args[1])
            nid = replaces or next_id
            if not replaces:
                next_id += 1
            result.append(Notification(nid, arrivals[i] if i < len(arrivals) else float(stamp), args))
        return result

    def click(self, notification, action="default"):
        """What a click on a button (or on the notification, "default") of
        the notification server does: ActionInvoked, to the app."""
        if action not in notification.actions:
            raise AssertionError(f"{notification} has no action {action!r}; it has {list(notification.actions)}")
        self.mock.EmitSignal("", "ActionInvoked", "us",
                             dbus.Array([dbus.UInt32(notification.id), dbus.String(action)], signature="v"))
