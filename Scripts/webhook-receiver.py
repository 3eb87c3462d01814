#!/usr/bin/env python3
"""A webhook receiver for tests: listens on 127.0.0.1 (a free port), writes the port to
PORTFILE once listening, and writes each POST's body to OUTDIR/NNN.json together with its
Content-Type in OUTDIR/NNN.type. It answers 500 to the first FAIL requests, then 200.

    webhook-receiver.py OUTDIR PORTFILE [FAIL]
"""
import http.server
import os
import sys

OUT, PORTFILE = sys.argv[1], sys.argv[2]
FAIL = int(sys.argv[3]) if len(sys.argv) > 3 else 0
seen = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        seen += 1
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = 500 if seen <= FAIL else 200
        if status == 200:
            with open(os.path.join(OUT, "%03d.json" % seen), "wb") as f:
                f.write(body)
            with open(os.path.join(OUT, "%03d.type" % seen), "w") as f:
                f.write(self.headers.get("Content-Type") or "")
        with open(os.path.join(OUT, "requests.log"), "a") as f:
            f.write("%d %s\n" % (status, self.path))
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
tmp = PORTFILE + ".tmp"
with open(tmp, "w") as f:
    f.write(str(server.server_address[1]))
os.rename(tmp, PORTFILE)
server.serve_forever()
