#!/usr/bin/env python3
"""Forwards HTTP/1.1 requests to webdav-demo, adding a signed X-Patgate-Identity header.

A test aid only, so that litmus (or curl, cadaver) can talk to webdav-demo without the gateway:

    identity_proxy.py --listen 127.0.0.1:18080 --upstream 127.0.0.1:18081 --key identity.key --login alice

Every request is sent upstream as --login, whatever credentials the client sends (they are
dropped, like the gateway drops Authorization). Each request gets its own identity header, signed
as docs/upstream-identity.md says: a JWS (HS256) valid 60 s and bound to that request's method and
raw target, built with the standard library only. Bodies are buffered: not for large files.
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import time

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
DROPPED = HOP_BY_HOP | {"authorization", "x-patgate-identity", "content-length", "host"}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


JWS_HEADER = b64url(json.dumps({"alg": "HS256", "typ": "patgate-identity+jwt"}, separators=(",", ":")).encode())


def sign(key, login, method, target):
    """An X-Patgate-Identity value for one request: METHOD and the raw request target as sent upstream."""
    now = int(time.time())
    claims = {"sub": login, "tid": "litmusproxy1", "scp": [], "iat": now, "exp": now + 60,
              "htm": method, "htt": target}
    signing_input = JWS_HEADER + "." + b64url(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    signature = hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def make_handler(upstream_host, upstream_port, key, login):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def read_body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline().strip():
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length", "0") or "0")
            return self.rfile.read(length) if length else None

        def forward(self):
            body = self.read_body()
            headers = [(name, value) for name, value in self.headers.items() if name.lower() not in DROPPED]
            headers.append(("Host", self.headers.get("Host", upstream_host)))
            headers.append(("X-Patgate-Identity", sign(key, login, self.command, self.path)))
            if body is not None or self.command in ("PUT", "POST"):
                headers.append(("Content-Length", str(len(body or b""))))
            connection = http.client.HTTPConnection(upstream_host, upstream_port, timeout=60)
            connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            content = response.read()
            self.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            if self.command != "HEAD" or content:
                self.send_header("Content-Length", str(len(content)))
            elif response.getheader("Content-Length"):
                self.send_header("Content-Length", response.getheader("Content-Length"))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)
            connection.close()

        def __getattr__(self, name):
            if name.startswith("do_"):
                return self.forward
            raise AttributeError(name)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True, help="HOST:PORT to listen on")
    parser.add_argument("--upstream", required=True, help="HOST:PORT of webdav-demo")
    parser.add_argument("--key", required=True, help="the identity key file (base64 of 32 bytes)")
    parser.add_argument("--login", default="alice")
    args = parser.parse_args()
    with open(args.key, "r", encoding="ascii") as f:
        key = base64.b64decode(f.read().strip())
    listen_host, listen_port = args.listen.rsplit(":", 1)
    upstream_host, upstream_port = args.upstream.rsplit(":", 1)
    server = http.server.ThreadingHTTPServer((listen_host, int(listen_port)),
                                             make_handler(upstream_host, int(upstream_port), key, args.login))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
