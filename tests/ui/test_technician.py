# SPDX-License-Identifier: GPL-3.0-or-later
"""A technician's day, as tomasz: file a ticket through the form, find it
in the queue, open it, change its status, reply and add an internal note;
the server must have all of it, the note as internal."""

import os
import re

from helpdesk_ui import (BUTTON, EDITABLE, LABEL, TECHNICIAN, Session, check, patience, read_clipboard,
                         sign_in, wait_signed_in)
import pyatspi

# A subject of this run's own, so the search finds this ticket alone.
SUBJECT = f"Projector in room 12 shows no picture ({os.getpid()})"
DESCRIPTION = "The projector powers on but shows a blue screen.\nWe tried another cable."
REPLY = f"On my way to room 12 with a spare adapter ({os.getpid()})."
NOTE = f"Lamp hours near the limit; order a replacement ({os.getpid()})."
FORM = {
    "Requester Name": "Ana Ruiz",
    "Requester Email": "ana.ruiz@springfield.example",
    "Requester Phone": "555-0142",
    "Subject": SUBJECT,
    "Description": DESCRIPTION,
}
CHOICES = [
    ("Channel", "Phone"),
    ("Location", "Lincoln Elementary"),
    ("Topic", "Classroom audio-visual (projectors, displays, sound)"),
    ("Who is affected?", "One or two people"),
    ("Can they keep working?", "Can keep working with a workaround"),
]
SYNC = patience(30)  # seconds the app may take to deliver a change to the server

with Session("technician") as session:
    with session.step("tomasz signs in"):
        server = session.start_server(wait=False)
        app = session.launch_app()
        server.start()
        token = server.login(*TECHNICIAN)
        sign_in(app, server.url, *TECHNICIAN)
        wait_signed_in(app)
        session.screenshot("signed-in")

    with session.step("New Ticket opens the form with every field the contract names"):
        app.click_button("New Ticket")
        form = app.window("New Ticket")
        fields = app.wait_each(list(FORM) + [name for name, _ in CHOICES] + ["Submit"], form,
                               role=lambda role: role != LABEL)
        check(fields["Submit"].getRole() == BUTTON, f"Submit is a {fields['Submit'].getRoleName()}")
        session.screenshot("form-empty")

    with session.step("the form is filled in and submitted"):
        for name, value in FORM.items():
            app.set_text(fields[name], value)
        for name, option in CHOICES:
            app.choose(fields[name], option)
        session.screenshot("form-filled")
        app.click(fields["Submit"])

    with session.step("the receipt gives a number, and Copy Receipt, File Another and Close"):
        receipt = app.text_of(app.wait(LABEL, re.compile(r"\bHD-\d+\b|Numbered when connected"), form,
                                       timeout=SYNC))
        number_shown = re.search(r"HD-\d+|Numbered when connected", receipt).group(0)
        print(f"# the receipt says: {receipt}")
        for name in ("Copy Receipt", "File Another", "Close"):
            app.wait(BUTTON, name, form)
        session.screenshot("receipt")

        app.click_button("Copy Receipt", form)

        def pasted_receipt():
            text = read_clipboard()
            return text if number_shown in text else None
        pasted = session.wait_until(pasted_receipt, f"a paste to give the receipt with {number_shown!r}")
        print("# a paste gives: " + " | ".join(line for line in pasted.splitlines()[:4] if line))

        app.click_button("Close", form)
        session.wait_until(lambda: form not in app.windows() or not app.showing(form),
                           "the New Ticket window to close")

    with session.step("the server has the ticket as it was filed, and mailed the requester"):
        ticket = session.wait_until(lambda: server.find_ticket(token, SUBJECT), "the ticket on the server", SYNC)
        expected = {"description": DESCRIPTION, "submitted_by": "tomasz", "channel": "phone",
                    "location": "Lincoln Elementary", "topic": "classroom-av", "scope": "few",
                    "effect": "workaround"}
        for key, value in expected.items():
            check(ticket[key] == value, f"the ticket's {key} is {ticket[key]!r}, not {value!r}")
        check(ticket["requester"]["name"] == "Ana Ruiz", f"the requester is {ticket['requester']}")
        check(ticket["requester"].get("email") == "ana.ruiz@springfield.example",
              f"the requester is {ticket['requester']}")
        if number_shown.startswith("HD-"):
            check(number_shown == f"HD-{ticket['number']}",
                  f"the receipt says {number_shown}, the server numbered it HD-{ticket['number']}")
        print(f"# the server has HD-{ticket['number']}, status {ticket['status']}")
        # the plan acknowledges by mail: the requester gets the number
        mail = session.wait_until(
            lambda: next((m for m in server.mails() if "ana.ruiz@springfield.example" in m and
                          f"HD-{ticket['number']}" in m), None),
            "the acknowledgement mail to the requester", SYNC)
        print("# acknowledgement: " + next((line for line in mail.splitlines() if line.startswith("Subject:")), "?"))

    with session.step("the ticket is found in All Open by searching its subject"):
        app.click(app.wait(pyatspi.ROLE_LIST_ITEM, "All Open"))
        app.fill("Search tickets", SUBJECT, role=EDITABLE)
        table = app.wait(None, "Tickets")
        cell = app.wait(LABEL, SUBJECT, table, timeout=SYNC)
        row = app.row_of(cell)
        session.screenshot("found-in-queue")

    with session.step("the ticket opens in the ticket pane"):
        app.click(row)
        pane = app.wait(None, "Ticket")
        app.wait(LABEL, SUBJECT, pane)
        app.wait(LABEL, f"HD-{ticket['number']}", pane)
        session.screenshot("ticket-open")

    with session.step("its status is changed to Acknowledged"):
        app.choose("Status", "Acknowledged", pane)
        session.screenshot("status-changed")

    with session.step("a reply is sent"):
        app.fill("Reply", REPLY, pane)
        app.click_button("Send", pane)
        app.wait(LABEL, REPLY, pane, timeout=SYNC)
        session.screenshot("reply-sent")

    with session.step("an internal note is added"):
        toggle = app.wait((BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX), "Internal Note", pane)
        app.click(toggle)
        session.wait_until(lambda: app.is_checked(toggle), "Internal Note to be on")
        app.fill("Reply", NOTE, pane)
        app.click_button("Send", pane)
        app.wait(LABEL, NOTE, pane, timeout=SYNC)
        session.screenshot("note-added")

    with session.step("the server has the new status, the reply, and the note as internal"):
        def delivered():
            current = server.ticket(token, ticket["id"])
            bodies = {c["body"]: c for c in current["comments"]}
            if current["status"] == "acknowledged" and REPLY in bodies and NOTE in bodies:
                return current, bodies
            return None
        current, bodies = session.wait_until(delivered, "the status and both comments on the server", SYNC)
        check(bodies[REPLY]["internal"] is False, f"the reply arrived as {bodies[REPLY]}")
        check(bodies[NOTE]["internal"] is True, f"the note arrived as {bodies[NOTE]}")
        check(bodies[REPLY]["author"] == "tomasz" and bodies[NOTE]["author"] == "tomasz",
              f"the comments' authors are {bodies[REPLY]['author']!r} and {bodies[NOTE]['author']!r}")
        session.screenshot("done")

    with session.step("the queue is sorted by number, newest first, from the Sort menu's keys"):
        app.fill("Search tickets", "", role=EDITABLE)
        table = app.wait(None, "Tickets")

        def numbers():
            found = [int(m.group(1)) for row in app.table_rows(table, columns=[0])
                     if (m := re.fullmatch(r"HD-(\d+)", row[0]))]
            return found if len(found) >= 5 else None
        # each mnemonic chooses its item: _Number, then Re_versed Order
        for key in ("n", "v"):
            app.click_button("Sort")
            if key == "n":
                session.screenshot("sort-menu")
            app.press(key)
        shown = session.wait_until(lambda: (n := numbers()) and n == sorted(n, reverse=True) and n,
                                   "the rows in descending number order")
        print(f"# first numbers shown: {shown[:5]}")
        session.screenshot("sorted-by-number")
