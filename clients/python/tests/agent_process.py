"""One agent process, as a user's script would be: ``login SITE USER`` prints the new session's id after logging in;
``check SESSION_ID`` resumes it in a fresh process and prints who the page says is logged in. Exits non-zero on
failure."""

import json
import sys

from dormouse import Client


def main(argv):
    client = Client()
    if argv[0] == "login":
        site, user = argv[1], argv[2]
        session = client.create_session(profile="python-client", tags=["python-client-test"])
        page = session.get_active_page()
        page.goto(site + "/login")
        page.fill("#user", user)
        page.click("#submit")
        page.wait_for_url(regex=".*/app$")
        print(json.dumps({"id": session.id, "user": page.evaluate("() => document.querySelector('#user').textContent")}))
    else:
        session = client.resume_session(argv[1])
        page = session.get_active_page()
        print(json.dumps({"id": session.id, "state": session.state, "url": page.url,
                          "user": page.evaluate("() => document.querySelector('#user').textContent"),
                          "cookies": [c["name"] for c in page.cookies()]}))


if __name__ == "__main__":
    main(sys.argv[1:])
