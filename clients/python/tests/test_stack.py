"""The client against a real local stack (registry, Kafka, worker with Chromium). Run by the system test
``PythonClientIT``, which starts the stack and a site with a login, and sets:

- ``DORMOUSE_URL``, ``DORMOUSE_API_KEY``: the registry and an agent key of a tenant of the test's own;
- ``DORMOUSE_OTHER_API_KEY``: an agent key of a second tenant;
- ``DORMOUSE_TEST_SITE``: the site, with ``/login`` and ``/app``.
"""

import json
import os
import re
import subprocess
import sys
import threading
import unittest
import uuid
from pathlib import Path

from dormouse import API_VERSION, Client, NoFreeSession, PolicyDenied, SelectorNotFound, SessionDeleted, SessionNotFound

SITE = os.environ.get("DORMOUSE_TEST_SITE", "")
HERE = Path(__file__).resolve().parent


def run_agent(*args):
    """Runs ``agent_process.py`` as a process of its own and returns the JSON it printed."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    done = subprocess.run([sys.executable, str(HERE / "agent_process.py"), *args], env=env, capture_output=True,
                          text=True, timeout=180)
    if done.returncode != 0:
        raise AssertionError(f"agent process {args} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@unittest.skipUnless(os.environ.get("DORMOUSE_API_KEY") and SITE, "needs the stack PythonClientIT starts")
class AgainstTheStack(unittest.TestCase):
    client: Client

    @classmethod
    def setUpClass(cls):
        cls.client = Client()
        cls.created = []

    @classmethod
    def tearDownClass(cls):
        for session_id in cls.created:
            try:
                cls.client.delete_session(session_id)
            except (SessionNotFound, SessionDeleted):
                pass

    def tag(self):
        tag = "t-" + uuid.uuid4().hex[:12]
        return tag

    def test_a_login_survives_the_process_and_hibernation(self):
        logged_in = run_agent("login", SITE, "ada")
        self.created.append(logged_in["id"])
        self.assertEqual("ada", logged_in["user"])
        self.client.get_session(logged_in["id"]).hibernate()
        self.assertEqual("HIBERNATED", self.client.get_session(logged_in["id"]).state)

        resumed = run_agent("check", logged_in["id"])
        self.assertEqual("ACTIVE", resumed["state"])
        self.assertTrue(resumed["url"].endswith("/app"), resumed)
        self.assertEqual("ada", resumed["user"])
        self.assertIn("sid", resumed["cookies"])

    def test_pool_checkout_under_contention_hands_each_session_out_once(self):
        tag = self.tag()
        ids = []
        for _ in range(4):
            session = self.client.create_session(profile="pool", tags=[tag])
            ids.append(session.id)
            self.created.append(session.id)
        leased, empty, lock = [], [], threading.Lock()
        start = threading.Barrier(10)

        def checkout():
            start.wait()
            try:
                lease = self.client.pool.checkout(tags=[tag], lease_seconds=60)
                with lock:
                    leased.append(lease)
            except NoFreeSession:
                with lock:
                    empty.append(1)

        threads = [threading.Thread(target=checkout) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(ids), sorted(lease.session.id for lease in leased))
        self.assertEqual(6, len(empty))
        for lease in leased:
            with lease:
                pass
        # Released on leaving the block: all free again, each once.
        with self.client.pool.checkout(tags=[tag]) as again:
            self.assertIn(again.session.id, ids)
            self.assertTrue(again.leased_until)
        self.assertTrue(again.released)

    def test_errors_are_typed_with_the_apis_code(self):
        session = self.client.create_session(profile="errors")
        self.created.append(session.id)
        page = session.get_active_page()
        with self.assertRaises(PolicyDenied) as denied:
            page.goto("file:///etc/passwd")
        self.assertEqual("policy-denied", denied.exception.code)
        self.assertTrue(denied.exception.command_id)
        page.goto(SITE + "/login")
        snapshot = page.aria_snapshot()
        field = re.search(r"textbox[^\n]*\[ref=(e\d+)\]", snapshot)
        self.assertIsNotNone(field, snapshot)
        page.fill("aria-ref=" + field.group(1), "eve")
        self.assertEqual("eve", page.evaluate("() => document.querySelector('#user').value"))
        with self.assertRaises(SelectorNotFound) as missing:
            page.click("#nothing-here", timeout=500)
        self.assertEqual("selector-not-found", missing.exception.code)
        with self.assertRaises(SessionNotFound) as unknown:
            self.client.get_session("ses_doesNotExist1")
        self.assertEqual(404, unknown.exception.status)

        other = Client(api_key=os.environ["DORMOUSE_OTHER_API_KEY"])
        with self.assertRaises(SessionNotFound):
            other.get_session(session.id)
        with self.assertRaises(SessionNotFound):
            other.get_session(session.id).get_active_page().goto(SITE + "/login")
        self.assertNotIn(session.id, [s.id for s in other.list_sessions()])

        session.delete()
        with self.assertRaises(SessionDeleted) as gone:
            self.client.get_session(session.id)
        self.assertEqual("session-deleted", gone.exception.code)

    def test_listing_pages_through_the_cursor(self):
        tag = self.tag()
        ids = set()
        lock = threading.Lock()

        def create(count):
            for _ in range(count):
                session = self.client.create_session(profile="listing", tags=[tag, "listing"])
                with lock:
                    ids.add(session.id)
                    self.created.append(session.id)

        threads = [threading.Thread(target=create, args=(50,)) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        listed = [s.id for s in self.client.list_sessions(tags=[tag], page_size=100)]
        self.assertEqual(250, len(listed))
        # As the reference article uses it: test it, index it; only the pages needed are read.
        available = self.client.list_sessions(tags=[tag], page_size=100)
        self.assertTrue(available)
        self.assertIn(available[0].id, ids)
        self.assertIn(available[150].id, ids)
        self.assertEqual(250, len(available))
        self.assertFalse(self.client.list_sessions(tags=["none-" + tag]))
        self.assertEqual(ids, set(listed))
        self.assertEqual(250, len(set(listed)), "no session twice across pages")

    def test_a_command_id_runs_once(self):
        session = self.client.create_session(profile="idempotence")
        self.created.append(session.id)
        page = session.get_active_page()
        page.goto(SITE + "/login")
        bump = {"type": "evaluate", "expression":
                "() => { const n = Number(localStorage.getItem('n') || 0) + 1; localStorage.setItem('n', n); return n }"}
        first = session.act(bump, command_id="cmd_py_once_" + uuid.uuid4().hex[:8])
        again = session.act(bump, command_id=first.command_id)
        self.assertEqual(1, first.result)
        self.assertEqual(1, again.result, "the same command id gets the first outcome")
        self.assertEqual({"n": "1"}, page.local_storage(["n"]))

    def test_tags_metrics_history_and_snapshots(self):
        session = self.client.create_session(profile="lifecycle", tags=["a"], hibernation_tier="hot",
                                             viewport={"width": 800, "height": 600})
        self.created.append(session.id)
        self.assertEqual("hot", session.info.hibernation_tier)
        page = session.get_active_page()
        page.goto(SITE + "/login")
        self.assertEqual([800, 600], page.evaluate("() => [innerWidth, innerHeight]"))
        self.assertEqual(["a", "b"], sorted(session.patch_tags(add=["b"]).tags))
        self.assertEqual(["c"], self.client.update_session_tags(session.id, ["c"]).info.tags)
        self.assertIn(session.get_metrics().sample, ("LIVE", "NONE", "MONITOR_UNAVAILABLE"))
        session.hibernate()
        self.assertTrue(session.snapshots())
        entries = list(session.history(page_size=2))
        self.assertGreater(len(entries), 2, "more than one page")
        self.assertEqual(sorted(e.id for e in entries), [e.id for e in entries], "oldest first, none twice")
        self.assertTrue(any(e.kind.lower() == "command" and e.command_id for e in entries), entries)
        png = session.resume().get_active_page().screenshot()
        self.assertEqual(b"\x89PNG", png[:4])
        self.assertTrue(session.connect_url().startswith("ws://"))

    def test_the_registry_speaks_the_clients_api_version(self):
        reply = self.client.transport.request("GET", "/v1/hibernation/tiers")
        self.assertEqual(API_VERSION, reply.headers.get("dormouse-api-version"))
        self.assertEqual({"hot", "warm", "cold"}, set(self.client.hibernation_tiers()))

    def test_the_pool_example_runs(self):
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        done = subprocess.run([sys.executable, str(HERE.parent / "examples" / "pool.py"), SITE + "/login"], env=env,
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        used = [line for line in done.stdout.splitlines() if " used ses_" in line]
        self.assertGreaterEqual(len(used), 3, done.stdout)
        self.assertTrue(all("'login'" in line for line in used), done.stdout)


if __name__ == "__main__":
    unittest.main()
