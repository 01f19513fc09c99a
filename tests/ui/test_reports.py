# SPDX-License-Identifier: GPL-3.0-or-later
"""Reports, as the supervisor dana: frontdesk, a requester, finds no
Reports in the main menu and signs out; dana signs in, opens Reports from
the main menu, types a range, and reads on the Workload page the figures
that `helpdesk-cli report workload --csv` prints from the same cache, and
that the server's tickets give when counted here; every page is looked at;
Escape closes the window and the main menu opens it again, on the last
four weeks; the Workload report is exported to CSV through the file
chooser and holds the figures shown, which the command line prints too."""

import collections
import csv
import datetime
import io
import os
import subprocess
import zoneinfo

from helpdesk_ui import (BUTTON, EDITABLE, LABEL, REQUESTER, Session, build_dir, check, patience, sign_in,
                         wait_signed_in)
import pyatspi

SUPERVISOR = ("dana", "demo-dana")
PAGES = ["Workload", "Backlog", "Volume", "Service levels", "Escalations and satisfaction"]
DAYS = 60       # the range typed: the last 60 days, today included
SYNC = patience(60)  # seconds the cache, the app and the command line may take to agree
MENU_ITEM = pyatspi.ROLE_MENU_ITEM


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def server_workload(server, token, first, after, now):
    """The Workload table counted from the server's tickets, as README.md
    ("Reports") defines it: the tickets created in the range (local dates)
    still open, per assignee and priority, and how many of them are past
    their next deadline. Rows with nothing in them are left out."""
    status, plan = server.api("GET", "/plan", token)
    check(status == 200, f"GET /plan answered {status}")
    zone = zoneinfo.ZoneInfo(plan["time_zone"])
    names = {member["id"]: member["name"] for member in plan["team"]}
    labels = {priority["id"]: priority["label"] for priority in plan["priorities"]}
    rows = collections.defaultdict(collections.Counter)
    for ticket in server.visible_tickets(token).values():
        created = instant(ticket["created_at"]).astimezone(zone).date()
        if not first <= created < after or ticket["status"] in ("resolved", "closed"):
            continue
        row = rows[names.get(ticket["assignee"], ticket["assignee"]) if ticket["assignee"] else "Unassigned"]
        row[labels[ticket["priority"]]] += 1
        row["Open"] += 1
        due = ticket["response_due_at"] if ticket["first_response_at"] is None else ticket["resolution_due_at"]
        if ticket["status"] != "waiting" and due is not None and instant(due) < now:
            row["Overdue"] += 1
    return {name: {column: str(count) for column, count in row.items()} for name, row in rows.items()}


def nonzero(table):
    """{row: {column: figure}} without the figures that are 0, nor the
    rows left empty."""
    result = {}
    for row, figures in table.items():
        kept = {column: figure for column, figure in figures.items() if figure != "0"}
        if kept:
            result[row] = kept
    return result


def parse_csv(text):
    """A table of a CSV: {row label: {column label: figure}}, in order."""
    lines = list(csv.reader(io.StringIO(text)))
    header = lines[0]
    return {line[0]: dict(zip(header[1:], line[1:])) for line in lines[1:] if line}


class Cli:
    """helpdesk-cli reading the app's own cache: the same home, and the
    session file that names dana's account there."""

    def __init__(self, session, server_url, username):
        home = os.path.join(session.directory, "home")
        self.env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
                        XDG_DATA_HOME=os.path.join(home, ".local", "share"),
                        XDG_CACHE_HOME=os.path.join(home, ".cache"), HELPDESK_CREDENTIALS="file",
                        LANG="C.UTF-8", LANGUAGE="", LC_ALL="C.UTF-8")
        config = os.path.join(home, ".config", "helpdesk")
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, "cli.ini"), "w") as f:
            f.write(f"[Session]\nServer={server_url}\nUser={username}\n")
        self.binary = os.path.join(build_dir(), "src", "cli", "helpdesk-cli")

    def report(self, name, first, after):
        # bytes: CSV lines end in CRLF, which text mode would change
        result = subprocess.run([self.binary, "report", name, "--from", first.isoformat(), "--to", after.isoformat(),
                                 "--csv"], env=self.env, capture_output=True, timeout=patience(60))
        check(result.returncode == 0, f"helpdesk-cli report {name} failed: {result.stderr.decode().strip()}")
        return result.stdout.decode()


def report_table(app, page, title):
    """A report table as the window shows it, {row: {column: figure}}:
    the labels of the table view named @title, a heading per column, a
    separator, then a line of labels per row."""
    # the section is named as its table too: the table view is the innermost
    named = app.find_all(pyatspi.ROLE_PANEL, title, page, showing=False)
    if len(named) < 2:
        return None
    grid = named[-1].getChildAtIndex(0)
    cells = [grid.getChildAtIndex(i) for i in range(grid.childCount)]
    rule = next((i for i, cell in enumerate(cells) if cell.getRole() == pyatspi.ROLE_SEPARATOR), None)
    if rule is None:
        return None
    header = [cell.name for cell in cells[:rule]]
    body = [cell.name for cell in cells[rule + 1:]]
    rows = [body[i:i + len(header)] for i in range(0, len(body), len(header))]
    return {row[0]: dict(zip(header[1:], row[1:])) for row in rows if len(row) == len(header)}


with Session("reports") as session:
    with session.step("frontdesk, a requester, finds no Reports in the main menu"):
        server = session.start_server(wait=False)
        app = session.launch_app()
        server.start()
        sign_in(app, server.url, *REQUESTER)
        wait_signed_in(app)
        app.click_button("Main Menu")
        app.wait(MENU_ITEM, "Hours and Team", showing=False)
        check(app.find(MENU_ITEM, "Reports", showing=False) is None, "a requester's main menu offers Reports")
        session.screenshot("requester-menu")

    with session.step("frontdesk signs out"):
        app.press("o")      # Sign _Out
        app.click_button("Sign Out")
        app.wait(EDITABLE, "Server Address")

    with session.step("dana, a supervisor, opens Reports from the main menu"):
        sign_in(app, server.url, *SUPERVISOR)
        wait_signed_in(app)
        app.click_button("Main Menu")
        app.wait(MENU_ITEM, "Reports", showing=False)
        app.press("r")      # _Reports
        reports = app.window("Reports")
        tabs = app.wait_each(PAGES, reports, role=pyatspi.ROLE_PAGE_TAB)
        session.screenshot("opened")

    with session.step("a range is typed: the last 60 days"):
        token = server.login(*SUPERVISOR)
        status, plan = server.api("GET", "/plan", token)
        today = datetime.datetime.now(zoneinfo.ZoneInfo(plan["time_zone"])).date()
        first, after = today - datetime.timedelta(days=DAYS - 1), today + datetime.timedelta(days=1)
        app.click_button("Range", reports)
        # a popover's contents report places a click cannot use: found as they are
        app.set_text(app.wait(EDITABLE, "From", showing=False), first.isoformat())
        app.set_text(app.wait(EDITABLE, "To", showing=False), today.isoformat())
        session.screenshot("range")
        app.click(app.wait(BUTTON, "Show", showing=False))
        app.wait(LABEL, f"{first:%b} {first.day}, {first.year} – {today:%b} {today.day}, {today.year}", reports)

    with session.step("Workload shows what helpdesk-cli prints from the same cache, and what the server holds"):
        cli = Cli(session, server.url, SUPERVISOR[0])
        page = app.wait(pyatspi.ROLE_FILLER, "Workload", reports)
        title = "Open tickets per technician"
        state = {}

        def agree():
            shown = report_table(app, page, title)
            printed = parse_csv(cli.report("workload", first, after))
            counted = server_workload(server, token, first, after, datetime.datetime.now(datetime.timezone.utc))
            state.update(shown=shown, printed=printed, counted=counted)
            return shown is not None and shown == printed and nonzero(shown) == counted
        session.wait_until(agree, lambda: f"the window's Workload {state.get('shown')} to equal the command line's "
                                          f"{state.get('printed')} and, but for zeros, the server's "
                                          f"{state.get('counted')}", SYNC)
        check(sum(int(row["Open"]) for row in state["shown"].values()) > 0,
              f"the demo district has no open ticket of the last {DAYS} days: {state['shown']}")
        print(f"# Workload, {len(state['shown'])} rows: " +
              "; ".join(f"{name} {row['Open']} open, {row['Overdue']} overdue" for name, row in state["shown"].items()))
        session.screenshot("workload")

    with session.step("every page shows its report"):
        for name in PAGES:
            app.click(tabs[name])
            page = app.wait(pyatspi.ROLE_FILLER, name, reports)
            # each table shows as a section titled as the table, its figures in a table view
            section = app.wait(pyatspi.ROLE_PANEL, lambda n: n not in ("", "GtkStackPage"), page)
            app.wait(LABEL, section.name, section)
            session.screenshot(name.split()[0].lower())

    with session.step("Escape closes the window, and the main menu opens it again"):
        app.press("Escape")
        session.wait_until(lambda: reports not in app.windows(), "the Reports window to close")
        app.click_button("Main Menu")
        app.wait(MENU_ITEM, "Reports", showing=False)
        app.press("r")
        reports = app.window("Reports")
        tabs = app.wait_each(PAGES, reports, role=pyatspi.ROLE_PAGE_TAB)
        # a new window counts the last four weeks
        first = today - datetime.timedelta(days=27)
        app.wait(LABEL, f"{first:%b} {first.day}, {first.year} – {today:%b} {today.day}, {today.year}", reports)
        session.wait_until(lambda: report_table(app, app.wait(pyatspi.ROLE_FILLER, "Workload", reports), title),
                           "the Workload table")

    with session.step("Workload is exported to CSV through the file chooser"):
        path = os.path.join(session.directory, "workload.csv")
        app.press("e", "ctrl")
        chooser = app.window("Export Workload as CSV")
        app.fill("Name:", path, chooser)
        session.screenshot("file-chooser")
        app.click_button("Save", chooser)
        app.wait(LABEL, "Saved “workload.csv”", reports, timeout=SYNC)
        session.screenshot("exported")
        with open(path, newline="") as f:
            exported = f.read()
        titled = exported.split("\r\n", 1)
        check(titled[0] == f'"{title}"', f"the CSV starts with {titled[0]!r}, not the table's title")
        shown = report_table(app, app.wait(pyatspi.ROLE_FILLER, "Workload", reports), title)
        check(parse_csv(titled[1]) == shown, f"the CSV holds {parse_csv(titled[1])}, the window shows {shown}")
        session.wait_until(lambda: titled[1] == cli.report("workload", first, after),
                           "the exported CSV, without its title line, to be what helpdesk-cli prints", SYNC)

