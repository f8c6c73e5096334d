"""The demo's web app: counts visits in Redis and says which pod answered.

Standard library only. It finds Redis the way a Kubernetes pod finds a Service it was started
after: through the service environment variables (REDIS_SERVICE_HOST, REDIS_SERVICE_PORT for a
Service named `redis`), and speaks Redis' protocol (RESP) over a plain TCP socket.
"""

import os
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8080"))
COUNTER_KEY = "visits"


def redis_address():
    host = os.environ.get("REDIS_SERVICE_HOST")
    port = os.environ.get("REDIS_SERVICE_PORT")
    if not host or not port:
        # Service variables are given only for Services that exist when a container starts; exiting
        # lets the restartPolicy start us again, with them, once the redis Service is there.
        sys.exit("REDIS_SERVICE_HOST / REDIS_SERVICE_PORT are not set: create the redis Service first")
    return host, int(port)


def resp_command(*words):
    """One RESP request: an array of bulk strings."""
    out = b"*%d\r\n" % len(words)
    for word in words:
        data = word.encode()
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    return out


def incr(address, key):
    """INCR key on a fresh connection; returns the new value. Raises on a Redis error reply."""
    with socket.create_connection(address, timeout=2) as conn:
        conn.sendall(resp_command("INCR", key))
        reply = conn.makefile("rb").readline()
    if reply.startswith(b":"):
        return int(reply[1:].strip())
    if reply.startswith(b"-"):
        raise RuntimeError(reply[1:].strip().decode(errors="replace"))
    raise RuntimeError("unexpected reply from Redis: %r" % reply)


class Handler(BaseHTTPRequestHandler):
    address = None

    def do_GET(self):
        if self.path == "/healthz":
            return self.answer(200, "ok\n")
        if self.path != "/":
            return self.answer(404, "not found\n")
        try:
            count = incr(self.address, COUNTER_KEY)
        except (OSError, RuntimeError) as error:
            return self.answer(503, "redis at %s:%d: %s\n" % (self.address[0], self.address[1], error))
        self.answer(200, "visit %d, served by %s\n" % (count, socket.gethostname()))

    def log_request(self, code="-", size="-"):
        if self.path != "/healthz":  # the readiness probe would fill the log
            super().log_request(code, size)

    def answer(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    Handler.address = redis_address()
    server = ThreadingHTTPServer(("", PORT), Handler)
    print("%s listening on :%d, Redis at %s:%d" % (socket.gethostname(), PORT, *Handler.address), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
