#!/usr/bin/env python3
"""Python's email package as an oracle for pmops's MIME parser.

Generates a deterministic corpus of varied messages (RFC 2047 words in B and Q, folded
headers, quoted-printable and base64 bodies, utf-8/iso-8859-1/windows-1252/us-ascii,
nested multipart/alternative and mixed, attachments, CRLF and LF line ends) and prints,
as one JSON array, for each message its raw bytes (base64) and what Python's
`email.policy.default` decodes: Subject, From (display name and address), Message-ID,
In-Reply-To and the text/plain body (`get_body(("plain",))`, CRLF read as LF).

    python3 Scripts/mime-oracle.py [COUNT] [SEED]
"""
import base64
import email
import email.policy
import json
import quopri
import random
import sys

WORDS = ["mail", "bounce", "Gmail", "queue", "DNS", "SPF", "DKIM", "ticket", "since", "09:00", "rejected", "550",
         "deferred", "relay", "please", "check", "thanks", "urgent", "(again)", "a=b", "x_y", "50%", "?", "\"quoted\""]
ACCENTED = {"utf-8": ["ünïcödé", "まみむめも", "Grüße", "€uro", "naïve", "emoji🐧", "Ελληνικά"],
            "iso-8859-1": ["Grüße", "naïve", "façade", "Ærø", "señor"],
            "windows-1252": ["Grüße", "€uro", "“curly”", "dash–en", "façade"],
            "us-ascii": ["plain", "ascii"]}
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "us-ascii"]


def phrase(rng, charset, n):
    pool = WORDS + ACCENTED[charset] * 2
    return " ".join(rng.choice(pool) for _ in range(n))


def encoded_word(rng, text, charset):
    raw = text.encode(charset)
    label = rng.choice([charset, charset.upper()])
    if rng.random() < 0.5:
        return "=?%s?%s?%s?=" % (label, rng.choice("Bb"), base64.b64encode(raw).decode())
    out = []
    for b in raw:
        c = chr(b)
        if c == " ":
            out.append("_")
        elif c.isalnum() and b < 128:
            out.append(c)
        else:
            out.append("=%02X" % b)
    return "=?%s?%s?%s?=" % (label, rng.choice("Qq"), "".join(out))


def subject(rng):
    charset = rng.choice(CHARSETS)
    kind = rng.randrange(5)
    if kind == 0:
        return " ".join(rng.choice(WORDS[:18]) for _ in range(rng.randint(1, 8)))
    words = [phrase(rng, charset, rng.randint(1, 3)) for _ in range(rng.randint(1, 4))]
    if kind == 1:  # one encoded word
        return encoded_word(rng, " ".join(words), charset)
    if kind == 2:  # adjacent encoded words, folded between them
        sep = rng.choice([" ", "\r\n ", "\r\n\t"])
        return sep.join(encoded_word(rng, w, charset) for w in words)
    if kind == 3:  # plain text around an encoded word
        return "Re: [ESC-%d] %s %s" % (rng.randint(1000, 9999), encoded_word(rng, words[0], charset), rng.choice(WORDS[:18]))
    long = " ".join(rng.choice(WORDS[:18]) for _ in range(rng.randint(12, 30)))  # long ASCII, folded at spaces
    parts, line = [], ""
    for w in long.split(" "):
        if len(line) + len(w) > 60:
            parts.append(line)
            line = w
        else:
            line = (line + " " + w) if line else w
    parts.append(line)
    return "\r\n ".join(parts)


def sender(rng):
    addr = "%s@%s.example" % (rng.choice(["jo", "ops", "billing", "kim.lee", "a+b"]), rng.choice(["acme", "globex", "initech"]))
    kind = rng.randrange(4)
    if kind == 0:
        return addr
    if kind == 1:
        return "%s %s <%s>" % (rng.choice(["Jo", "Kim", "Ana"]), rng.choice(["Ops", "Lee", "Silva"]), addr)
    if kind == 2:
        return "\"%s, %s\" <%s>" % (rng.choice(["Ops", "Lee"]), rng.choice(["Jo", "Kim"]), addr)
    charset = rng.choice(["utf-8", "iso-8859-1"])
    return "%s <%s>" % (encoded_word(rng, rng.choice(ACCENTED[charset]) + " " + rng.choice(["Ops", "Lee"]), charset), addr)


def body_text(rng, charset):
    lines = [phrase(rng, charset, rng.randint(0, 14)) for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.2:
        lines.append("x" * rng.randint(70, 200))  # long line: soft breaks in QP
    text = "\n".join(lines)
    return text + ("\n" if rng.random() < 0.7 else "")


def leaf(rng, ctype, text, charset, eol, disposition=None):
    data = text.encode(charset)
    cte = rng.choice(["7bit", "8bit", "quoted-printable", "base64"]) if charset != "us-ascii" else rng.choice(["7bit", "quoted-printable", "base64"])
    if cte == "7bit" and any(b > 127 for b in data):
        cte = "quoted-printable"
    if cte == "quoted-printable":
        payload = quopri.encodestring(data).decode("ascii")
    elif cte == "base64":
        payload = base64.encodebytes(data).decode("ascii")
    else:
        payload = data.decode("latin-1")
    cs = rng.choice(["%s", "\"%s\"", "%s"]) % rng.choice([charset, charset.upper()])
    headers = ["Content-Type: %s; charset=%s" % (ctype, cs), "Content-Transfer-Encoding: %s" % rng.choice([cte, cte.upper()])]
    if disposition:
        headers.append(disposition)
    payload = payload.replace("\r\n", "\n").replace("\n", eol)
    return eol.join(headers) + eol + eol + payload


def attachment(rng, eol):
    name = rng.choice(["report.pdf", "bounce log.txt", "Grüße.txt"])
    data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
    disp = "Content-Disposition: attachment; filename=\"%s\"" % name if name.isascii() else \
        "Content-Disposition: attachment; filename*=utf-8''%s" % "".join("%%%02X" % b for b in name.encode())
    return eol.join(["Content-Type: application/octet-stream", "Content-Transfer-Encoding: base64", disp]) + eol + eol + \
        base64.encodebytes(data).decode().replace("\n", eol)


def multipart(rng, subtype, parts, eol, counter):
    boundary = "=_b%d_%s" % (counter[0], rng.choice(["x", "NextPart_000", "q.q"]))
    counter[0] += 1
    btext = rng.choice(["\"%s\"", "%s"]) % boundary if "=" not in boundary else "\"%s\"" % boundary
    header = "Content-Type: multipart/%s;%sboundary=%s" % (subtype, rng.choice([" ", eol + "\t", eol + " "]), btext)
    out = header + eol + eol
    if rng.random() < 0.5:
        out += "This is a multi-part message in MIME format." + eol
    for p in parts:
        out += "--" + boundary + eol + p + eol
    out += "--" + boundary + "--" + eol
    if rng.random() < 0.3:
        out += "epilogue" + eol
    return out


def structure(rng, eol, depth, counter):
    charset = rng.choice(CHARSETS)
    kind = rng.randrange(7 if depth < 3 else 2)
    if kind == 0:
        return leaf(rng, "text/plain", body_text(rng, charset), charset, eol)
    if kind == 1:
        return leaf(rng, "text/html", "<html><body><p>%s</p></body></html>" % phrase(rng, charset, 5), charset, eol)
    if kind == 2:
        return multipart(rng, "alternative", [leaf(rng, "text/plain", body_text(rng, charset), charset, eol),
                                               leaf(rng, "text/html", "<p>%s</p>" % phrase(rng, charset, 4), charset, eol)], eol, counter)
    if kind == 3:
        return multipart(rng, "mixed", [structure(rng, eol, depth + 1, counter), attachment(rng, eol)], eol, counter)
    if kind == 4:
        return multipart(rng, "mixed", [attachment(rng, eol), structure(rng, eol, depth + 1, counter)], eol, counter)
    if kind == 5:
        return leaf(rng, "text/plain", body_text(rng, charset), charset, eol, "Content-Disposition: attachment; filename=notes.txt")
    return multipart(rng, "mixed", [structure(rng, eol, depth + 1, counter) for _ in range(rng.randint(1, 3))], eol, counter)


def message(rng, i):
    eol = "\r\n" if rng.random() < 0.7 else "\n"
    headers = ["From: " + sender(rng), "To: support@pmops.example", "Subject: " + subject(rng),
               "Date: Mon, 07 Dec 2026 09:%02d:00 +0000" % (i % 60), "MIME-Version: 1.0"]
    if rng.random() < 0.9:
        headers.append("Message-ID: <m%d.%d@%s.example>" % (i, rng.randrange(10**6), rng.choice(["acme", "globex"])))
    if rng.random() < 0.5:
        headers.append("In-Reply-To: <esc-%d.%d@pmops.example>" % (rng.randint(1000, 9999), rng.randrange(10**6)))
    rng.shuffle(headers)
    counter = [0]
    entity = structure(rng, eol, 0, counter)
    text = eol.join(h.replace("\r\n", eol) for h in headers) + eol + entity
    return text.encode("latin-1")


def oracle(raw):
    m = email.message_from_bytes(raw, policy=email.policy.default)
    frm = m["From"]
    addresses = frm.addresses if frm is not None else ()
    body = m.get_body(preferencelist=("plain",))
    def text(name):
        return str(m[name]).strip() if m[name] is not None else None
    return {"raw": base64.b64encode(raw).decode(), "subject": text("Subject"),
            "from_name": addresses[0].display_name if addresses else None,
            "from_addr": addresses[0].addr_spec if addresses else None,
            "message_id": text("Message-ID"), "in_reply_to": text("In-Reply-To"),
            "plain": body.get_content().replace("\r\n", "\n") if body is not None else None}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    rng = random.Random(seed)
    json.dump([oracle(message(rng, i)) for i in range(count)], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
