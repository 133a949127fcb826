"""A real local HTTP server standing in for the SMS provider, and people to notify."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from hamafza.core.sms import MemorySmsBackend


class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with server.lock:
            answer = server.script.pop(0) if server.script else "200"
            server.received.append(
                {
                    "answer": answer,
                    "key": self.headers.get("X-API-Key"),
                    "json": json.loads(body),
                }
            )
        if answer == "sleep":
            time.sleep(server.sleep)
            answer = "200"
        code = int(answer)
        payload = json.dumps({"ok": code == 200, "status": code}).encode()
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (timeout)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    """``gateway.script`` lists the answers to give in order ("200", "500", "400", "sleep");
    ``gateway.received`` records every request the provider got."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.script = []
    server.received = []
    server.sleep = 1.0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{server.server_address[1]}/v1/send",
        server=server,
        script=server.script,
        received=server.received,
    )
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_sms(settings, gateway):
    settings.SMS_BACKEND = "hamafza.notifications.sms_http.HttpSmsBackend"
    settings.SMS_HTTP_URL = gateway.url
    settings.SMS_HTTP_API_KEY = "test-key"
    settings.SMS_HTTP_TIMEOUT = 0.3
    return gateway


@pytest.fixture
def outbox():
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def person(users):
    """The trainer, with an e-mail address and a mobile number."""
    user = users["trainer"]
    user.email = "trainer@example.com"
    user.mobile = "09121234567"
    user.save()
    return user
