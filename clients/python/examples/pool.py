"""The pool pattern: sessions made once, handed out atomically, released when the block ends.

    DORMOUSE_API_KEY=$(cat .dormouse/api-key) python3 examples/pool.py http://127.0.0.1:8000/
"""

import sys
import threading

from dormouse import Client, NoFreeSession

client = Client()
url = sys.argv[1] if len(sys.argv) > 1 else "about:blank"
pool = [client.create_session(profile="worker", tags=["example-pool"]) for _ in range(3)]


def agent(n):
    try:
        # Atomic: two agents never get the same session, unlike listing and then re-tagging.
        with client.pool.checkout(tags=["example-pool"], lease_seconds=120) as lease:
            result = lease.get_active_page().goto(url)
            print(f"agent {n} used {lease.session.id}: {result['title']!r}")
    except NoFreeSession:
        print(f"agent {n}: every session was in use")


threads = [threading.Thread(target=agent, args=(n,)) for n in range(5)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for session in pool:
    session.delete()
