#!/usr/bin/env python3
"""Stripe's own Python library as the oracle for pmops' webhook signature check (issue 18).

Usage: stripe-oracle.py cases N SEED
    Prints a JSON array of N generated cases (payload as base64, header, secret, now,
    tolerance) with the verdict of stripe.WebhookSignature.verify_header, the clock
    patched to `now`: {"accept": true} or {"accept": false, "error": "..."}.
Usage: stripe-oracle.py sign SECRET TIMESTAMP < BODY
    Prints the Stripe-Signature header the library generates for BODY.
"""
import base64
import json
import random
import sys
import time

import stripe
from stripe import WebhookSignature

BODY = b'{"id":"evt_1","object":"event","type":"invoice.paid","created":1700000000,"data":{"object":{}}}'


def verdict(payload, header, secret, now, tolerance):
    saved = time.time
    time.time = lambda: float(now)
    try:
        WebhookSignature.verify_header(payload, header, secret, tolerance)
        return {"accept": True}
    except Exception as error:  # the library raises more than SignatureVerificationError
        return {"accept": False, "error": type(error).__name__ + ": " + str(error)}
    finally:
        time.time = saved


def sign(payload, secret, t):
    return WebhookSignature._compute_signature("%d.%s" % (t, payload.decode("utf-8")), secret)


def case(rng):
    secret = rng.choice(["whsec_test_secret", "whsec_" + "%032x" % rng.getrandbits(128), "webhook_secret"])
    t = rng.randrange(1_500_000_000, 1_900_000_000)
    payload = BODY.replace(b"evt_1", b"evt_%d" % rng.randrange(10**9))
    good = sign(payload, secret, t)
    bad = sign(payload, secret + "x", t)
    now = t + rng.randrange(0, 300)
    tolerance = 300
    header = "t=%d,v1=%s" % (t, good)
    kind = rng.randrange(24)
    if kind == 1:
        now = t + rng.randrange(301, 100_000)  # stale
    elif kind == 2:
        now = t - rng.randrange(1, 10**6)  # from the future
    elif kind == 3:
        secret = secret + "x"  # wrong secret
    elif kind == 4:
        payload = payload + b" "  # tampered
    elif kind == 5:
        header = "t=%d,v1=%s,v1=%s,v0=%s" % (t, bad, good, bad)  # secret being rolled
    elif kind == 6:
        header = "t=%d,v1=%s,v1=%s" % (t, good, bad)
    elif kind == 7:
        header = "t=%d,v0=%s" % (t, good)  # v0 only
    elif kind == 8:
        header = "t=%s,v1=%s" % (rng.choice([" %d" % t, "+%d" % t, "0%d" % t, "%d " % t, "\t%d\n" % t]), good)
    elif kind == 9:
        digits = str(t)
        header = "t=%s,v1=%s" % (digits[:3] + "_" + digits[3:], good)
    elif kind == 10:
        header = "t=%d,v1=%s" % (t, good.upper())
    elif kind == 11:
        header = "t=%d,v1" % t
    elif kind == 12:
        header = "v1=%s" % good
    elif kind == 13:
        header = ""
    elif kind == 14:
        header = "t=%d,t=%d,v1=%s" % (t, t + 5, good)  # the first t counts
    elif kind == 15:
        header = "t=%d,t=%d,v1=%s" % (t + 5, t, good)
    elif kind == 16:
        header = "t=abc,v1=%s" % good
    elif kind == 17:
        header = "t=%d, v1=%s" % (t, good)  # " v1" is not v1
    elif kind == 18:
        header = "t=%d,v1=%s=x" % (t, good)  # split("=", 2) keeps only the signature
    elif kind == 19:
        secret = rng.choice(["", "   ", "\t\n"])
    elif kind == 20:
        payload = payload[:10] + b"\xff" + payload[10:]  # not UTF-8
    elif kind == 21:
        tolerance = 0
        now = t + 10**6  # age not checked
    elif kind == 22:
        header = "t=%d,v1=%s,v1=\u00e9" % (t, bad)  # non-ASCII candidate
    elif kind == 23:
        header = "t=%d,v1=%s,,x=y" % (t, good)
    out = {"payload": base64.b64encode(payload).decode(), "header": header, "secret": secret, "now": now,
           "tolerance": tolerance, "kind": kind}
    out.update(verdict(payload, header, secret, now, tolerance))
    return out


def main():
    if sys.argv[1] == "cases":
        rng = random.Random(int(sys.argv[3]))
        json.dump([case(rng) for _ in range(int(sys.argv[2]))], sys.stdout)
    elif sys.argv[1] == "sign":
        body = sys.stdin.buffer.read().decode("utf-8")
        print(WebhookSignature.generate_signature_header(body, sys.argv[2], int(sys.argv[3])))
    else:
        sys.exit("usage: stripe-oracle.py cases N SEED | sign SECRET TIMESTAMP < BODY")


if __name__ == "__main__":
    main()
