# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing in: a wrong password, a server that does not answer, and the
right password, each as the sign-in page shows it."""

import re

from helpdesk_ui import (BUTTON, EDITABLE, LABEL, TECHNICIAN, Session, check, closed_port,
                         sign_in, sign_in_error, wait_signed_in)

WRONG_PASSWORD = "The user name or the password is not right."
UNREACHABLE = "The server cannot be reached"
# the words of every error the sign-in page has
ANY_ERROR = r"^(The user name|The server|This is not|Too many|Signing in failed)"

with Session("sign-in") as session:
    with session.step("the app starts on the sign-in page"):
        server = session.start_server(wait=False)   # ready by the time it is needed
        app = session.launch_app()
        app.wait_each(("Server Address", "User Name", "Password"), role=EDITABLE)
        sign_in_button = app.wait(BUTTON, "Sign In")
        check(not app.find(BUTTON, "New Ticket"), "the main window's New Ticket button shows before signing in")
        session.screenshot("sign-in-page")

    with session.step("a wrong password is refused, in words that name the password"):
        username, password = TECHNICIAN
        server.start()
        sign_in(app, server.url, username, password + "-wrong")
        message = sign_in_error(app, ANY_ERROR)
        check(message == WRONG_PASSWORD, f"the error reads {message!r}, not {WRONG_PASSWORD!r}")
        check("password" in message, f"the error {message!r} does not mention the password")
        check(app.find(BUTTON, "New Ticket") is None, "the main window shows after a wrong password")
        session.screenshot("wrong-password")

    with session.step("a server that does not listen is reported as unreachable"):
        port_holder, port = closed_port()
        try:
            sign_in(app, f"http://127.0.0.1:{port}/", username, password)
            message = sign_in_error(app, "^" + re.escape(UNREACHABLE))
        finally:
            port_holder.close()
        check(app.find(LABEL, WRONG_PASSWORD) is None, "the wrong-password error still shows")
        check(app.find(BUTTON, "New Ticket") is None, "the main window shows without a server")
        print(f"# the page says: {message}")
        session.screenshot("server-unreachable")

    with session.step("the right password opens the main window"):
        sign_in(app, server.url, username, password)
        new_ticket, search = wait_signed_in(app)
        check(app.find(LABEL, re.compile(ANY_ERROR)) is None, "a sign-in error still shows")
        check(not app.showing(sign_in_button), "the Sign In button still shows over the main window")
        session.screenshot("signed-in")
