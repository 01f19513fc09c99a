# SPDX-License-Identifier: GPL-3.0-or-later
"""A front office requester, as frontdesk: one queue, Submitted by Me,
holding exactly the tickets the server says frontdesk submitted, and no
internal note in an opened ticket."""

import re

from helpdesk_ui import (LABEL, LIST_ITEM, REQUESTER, TECHNICIAN, Session, check, patience, sign_in,
                         wait_signed_in)
import pyatspi

SYNC = patience(30)  # seconds the app may take to pull what the server has

with Session("requester") as session:
    with session.step("frontdesk signs in"):
        server = session.start_server(wait=False)
        app = session.launch_app()
        server.start()
        sign_in(app, server.url, *REQUESTER)
        wait_signed_in(app)
        session.screenshot("signed-in")

    with session.step("the server's view: frontdesk sees only what frontdesk submitted"):
        requester_token = server.login(*REQUESTER)
        own = server.visible_tickets(requester_token)
        check(own, "the demo district has no ticket of frontdesk's")
        strangers = [t["number"] for t in own.values() if t["submitted_by"] != REQUESTER[0]]
        check(not strangers, f"the server shows frontdesk tickets others submitted: {strangers}")
        # and the technician's full view agrees on which tickets those are
        staff_token = server.login(*TECHNICIAN)
        everything, all_comments = server.changes(staff_token)
        submitted = {t["id"] for t in everything.values() if t["submitted_by"] == REQUESTER[0]}
        check(submitted == set(own), f"frontdesk sees {len(own)} tickets, submitted {len(submitted)}")
        numbers = {f"HD-{t['number']}" for t in own.values()}
        print(f"# frontdesk submitted {len(numbers)} tickets")

    with session.step("the sidebar shows only Submitted by Me"):
        queues = app.wait(pyatspi.ROLE_LIST, "Queues")
        app.wait(LIST_ITEM, "Submitted by Me", queues)
        names = [app.text_of(row) for row in app.find_all(LIST_ITEM, None, queues)]
        check(names == ["Submitted by Me"], f"the sidebar shows {names}")
        session.screenshot("sidebar")

    with session.step("every ticket in the table is one frontdesk submitted, and all of them are there"):
        # the first sync pulls the whole district: wait until the queue
        # counts what the server has, then read the table top to bottom
        submitted_row = app.wait(LIST_ITEM, "Submitted by Me", queues)
        session.wait_until(lambda: re.search(rf"\b{len(numbers)} tickets?\b", submitted_row.description or ""),
                           lambda: f"Submitted by Me to count {len(numbers)} tickets "
                                   f"(it says {submitted_row.description!r})", SYNC)
        table = app.wait(None, "Tickets")
        shown = set(app.all_table_rows(table, column=0))
        print(f"# the table holds {len(shown)} tickets")
        strangers = sorted(shown - numbers)
        check(not strangers, f"the table shows tickets frontdesk did not submit: {strangers}")
        missing = sorted(numbers - shown)
        check(not missing, f"the table lacks {len(missing)} of frontdesk's tickets: {missing[:10]}")
        session.screenshot("table")

    with session.step("an opened ticket shows its public replies and none of its internal notes"):
        internal = {}
        public = {}
        for comment in all_comments:
            if comment["ticket_id"] in own:
                (internal if comment["internal"] else public).setdefault(comment["ticket_id"], []).append(comment)
        candidates = sorted((t for t in own.values() if t["id"] in internal and t["id"] in public),
                            key=lambda t: t["number"])
        check(candidates, "no ticket of frontdesk's has both public replies and internal notes to look at")
        ticket = candidates[-1]
        number = f"HD-{ticket['number']}"
        print(f"# opening {number}: {len(public[ticket['id']])} public, "
              f"{len(internal[ticket['id']])} internal comments on the server")
        app.fill("Search tickets", ticket["subject"])
        cell = app.wait(LABEL, number, table, timeout=SYNC)
        app.click(app.row_of(cell))
        pane = app.wait(None, "Ticket")
        app.wait(LABEL, number, pane)
        app.wait(LABEL, ticket["subject"], pane)
        replies = [app.wait(LABEL, comment["body"], pane) for comment in public[ticket["id"]]]
        for comment in internal[ticket["id"]]:
            leak = app.find(None, lambda text: comment["body"] in text, showing=False)
            check(leak is None, f"an internal note shows to the requester: {comment['body']!r}")
        check(app.find(LABEL, "Internal note", pane, showing=False) is None,
              "the ticket shows an “Internal note” badge to the requester")
        app.scroll_into_view(replies[-1])     # the conversation, for the screenshot
        session.screenshot("ticket-open")
