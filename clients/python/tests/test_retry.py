"""The client on its own, against a stand-in registry served here: retries reuse the command id, errors are typed."""

import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dormouse import ActionTimeout, Client, InvalidRequest, SessionNotFound, WorkerTimeout


class StandIn(BaseHTTPRequestHandler):
    """Answers 504 to the first ``fail_first`` action posts, then completes; records each post's command id."""

    fail_first = 0
    seen = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        command = self.headers.get("Dormouse-Command-Id")
        StandIn.seen.append((command, self.headers.get("Authorization")))
        if self.path.startswith("/v1/sessions/ses_missing"):
            return self.answer(404, {"error": "session-not-found", "message": "no session ses_missing"})
        if self.path.startswith("/v1/sessions/ses_bad"):
            return self.answer(400, {"error": "invalid-request", "message": "url: must be absolute"})
        if self.path.startswith("/v1/sessions/ses_slow"):
            return self.answer(200, {"commandId": command, "status": "failed",
                                     "error": {"code": "timeout", "message": "the page did not reach 'load'"}})
        if len(StandIn.seen) <= StandIn.fail_first:
            return self.answer(504, {"error": "worker-timeout", "message": "no answer", "commandId": command})
        self.answer(200, {"commandId": command, "status": "completed", "result": "done", "sessionState": "ACTIVE"})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Retries(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def setUp(self):
        StandIn.seen = []

    def session(self, session_id, retries=2):
        from dormouse.models import SessionInfo
        from dormouse.session import Session
        client = Client(self.url, api_key="dmk_test", retries=retries)
        return Session(client, SessionInfo(session_id, "ACTIVE", None, [], None, None, None, None, None, {}, None, {}))

    def test_a_retry_sends_the_same_command_id(self):
        StandIn.fail_first = 2
        result = self.session("ses_flaky").act({"type": "url"})
        self.assertEqual("done", result.result)
        commands = [command for command, _ in StandIn.seen]
        self.assertEqual(3, len(commands))
        self.assertEqual(1, len(set(commands)), commands)
        self.assertTrue(commands[0].startswith("cmd_"))
        self.assertEqual("Bearer dmk_test", StandIn.seen[0][1])

    def test_out_of_retries_names_the_command(self):
        StandIn.fail_first = 10
        with self.assertRaises(WorkerTimeout) as raised:
            self.session("ses_flaky", retries=1).act({"type": "url"}, command_id="cmd_mine")
        self.assertEqual("cmd_mine", raised.exception.command_id)
        self.assertEqual(2, len(StandIn.seen))

    def test_errors_carry_the_code(self):
        with self.assertRaises(SessionNotFound) as missing:
            self.session("ses_missing").act({"type": "url"})
        self.assertEqual(("session-not-found", 404), (missing.exception.code, missing.exception.status))
        with self.assertRaises(InvalidRequest):
            self.session("ses_bad").act({"type": "navigate", "url": "relative"})
        before = len(StandIn.seen)
        with self.assertRaises(ActionTimeout) as slow:
            self.session("ses_slow").get_active_page().goto("http://127.0.0.1/")
        self.assertEqual("timeout", slow.exception.code)
        self.assertEqual(before + 1, len(StandIn.seen), "an action that ran and failed is not sent again")


if __name__ == "__main__":
    unittest.main()
