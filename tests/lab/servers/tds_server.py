#!/usr/bin/python3
"""A small, faithful SQL Server stand-in for the PRELOGIN phase of TDS (python3 stdlib only).

usage: tds_server.py ADDR CERTDIR PORT=MODE[:CERT] ...
       tds_server.py --selftest

One listener per PORT on ADDR, each with its own MODE; CERT names CERTDIR/CERT.pem + CERT.key (the
lab's certs.sh leaves: valid, expired, expiring, wrongname, selfsigned; default valid). MODE:
  off | on | req | notsup   [MS-TDS] 2.2.6.5: answer the client's PRELOGIN (type 0x12) with a PRELOGIN
                            response (type 0x04) whose ENCRYPTION is ENCRYPT_OFF 0 / ON 1 / REQ 3 /
                            NOT_SUP 2; unless NOT_SUP, run the TLS handshake inside PRELOGIN packets
                            (2.2.6.5, 3.3.5.3: the packet data is the raw TLS bytes; the server's flight
                            in type 0x12 packets of at most 4096 bytes, the last with end-of-message).
                            After the handshake TLS records travel directly on TCP; LOGIN7 (type 0x10)
                            is answered with a LOGINACK-less ERROR and the connection closes.
  strict                    SQL Server 2022 strict encryption (TDS 8.0, 3.3.5.1): the first bytes must be
                            a TLS ClientHello (0x16); TLS with ALPN tds/8.0, then the PRELOGIN inside
                            TLS is answered inside TLS. A clear PRELOGIN is closed without a word.
  strict-alert              the same, but a clear PRELOGIN gets a fatal unexpected_message TLS alert
                            (RFC 8446 5: an unknown record type), as a TLS stack reading it as a record does.
The VERSION sent is 16.0.1000 (SQL Server 2022 RTM). Every read is bounded (one packet <= 4096 bytes, 10 s
idle, 64 KiB a connection); malformed input closes the connection (3.3.5.1). Logs one line per connection
to stdout. Stops on SIGTERM.
"""
import signal
import socket
import ssl
import struct
import sys
import threading

PRELOGIN, REPLY, LOGIN7 = 0x12, 0x04, 0x10
ENCRYPT = {"off": 0, "on": 1, "notsup": 2, "req": 3}
PACKET_SIZE = 4096          # before LOGIN7 negotiates another (2.2.6.4 PacketSize)
IDLE_S = 10
MAX_CONN_BYTES = 64 * 1024
SERVER_VERSION = bytes([16, 0]) + struct.pack(">HH", 1000, 0)   # 16.0.1000.0, SQL Server 2022
# [MS-TDS] 4.1 "Pre-Login Request": the example a client sends (VERSION 9.0.0, ENCRYPT_ON, THREADID, MARS)
SPEC_4_1 = bytes.fromhex("1201002f0000010000001a00060100200001020021000103002200040400260001"
                         "ff0900000000000100b80d000001")
TLS_ALERT_UNEXPECTED = bytes.fromhex("1503030002020a")


class Closed(Exception):
    pass


class Budget:
    """Bytes read from one connection, at most MAX_CONN_BYTES."""

    def __init__(self, recv):
        self.recv, self.total = recv, 0

    def exactly(self, n):
        out = b""
        while len(out) < n:
            chunk = self.recv(n - len(out))
            if not chunk:
                raise Closed("peer closed")
            self.total += len(chunk)
            if self.total > MAX_CONN_BYTES:
                raise Closed("more than %d bytes" % MAX_CONN_BYTES)
            out += chunk
        return out

    def packet(self):
        """One TDS packet (2.2.3.1): (type, status, data)."""
        head = self.exactly(8)
        kind, status, length = struct.unpack(">BBH", head[:4])
        if length < 8 or length > PACKET_SIZE:
            raise Closed("packet length %d" % length)
        return kind, status, self.exactly(length - 8)


def packets(kind, data, packet_id=1):
    """data as TDS packets of type kind, at most PACKET_SIZE bytes each, end-of-message on the last."""
    out, room = b"", PACKET_SIZE - 8
    chunks = [data[i:i + room] for i in range(0, len(data), room)] or [b""]
    for n, chunk in enumerate(chunks):
        status = 0x01 if n == len(chunks) - 1 else 0x00
        out += struct.pack(">BBHHBB", kind, status, 8 + len(chunk), 0, (packet_id + n) & 0xFF, 0) + chunk
    return out


def parse_prelogin(data):
    """The option table of a PRELOGIN payload (2.2.6.5) as {token: bytes}; ValueError if malformed or if
    VERSION is not the first option (3.3.5.1)."""
    opts, i, first = {}, 0, None
    while True:
        if i >= len(data):
            raise ValueError("option table without terminator")
        token = data[i]
        if token == 0xFF:
            break
        if i + 5 > len(data):
            raise ValueError("option table truncated")
        _, off, n = struct.unpack(">BHH", data[i:i + 5])
        if off + n > len(data):
            raise ValueError("option %d points outside the packet" % token)
        opts[token] = data[off:off + n]
        first = token if first is None else first
        i += 5
    if first != 0x00 or len(opts[0x00]) < 6:
        raise ValueError("VERSION is not the first option")
    return opts


def prelogin_response(encryption):
    """The server's PRELOGIN (2.2.6.5) in a tabular-result packet: VERSION, ENCRYPTION, INSTOPT, THREADID
    (empty, as SQL Server sends it), MARS."""
    opts = [(0x00, SERVER_VERSION), (0x01, bytes([encryption])), (0x02, b"\x00"), (0x03, b""), (0x04, b"\x00")]
    table, data, base = b"", b"", 5 * len(opts) + 1
    for token, value in opts:
        table += struct.pack(">BHH", token, base + len(data), len(value))
        data += value
    return packets(REPLY, table + b"\xff" + data)


def login_error():
    """An ERROR token (2.2.7.10, number 18456 "Login failed") and DONE with the error bit (2.2.7.6)."""
    text = "Login failed: this is Topocheck's TDS test server".encode("utf-16-le")
    server = "tds_server".encode("utf-16-le")
    body = struct.pack("<iBBH", 18456, 1, 14, len(text) // 2) + text + bytes([len(server) // 2]) + server
    body += b"\x00" + struct.pack("<i", 0)
    token = b"\xaa" + struct.pack("<H", len(body)) + body
    done = b"\xfd" + struct.pack("<HHQ", 0x0002, 0, 0)
    return packets(REPLY, token + done)


def tls_context(certdir, cert, alpn=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain("%s/%s.pem" % (certdir, cert), "%s/%s.key" % (certdir, cert))
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


def handshake_in_prelogin(conn, budget, ctx):
    """TLS inside PRELOGIN packets with memory BIOs; returns the SSLObject once the handshake is done."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_side=True)
    packet_id = 1
    while True:
        kind, _, data = budget.packet()
        if kind != PRELOGIN:
            raise Closed("packet type 0x%02x during the TLS handshake" % kind)
        incoming.write(data)
        try:
            tls.do_handshake()
            done = True
        except ssl.SSLWantReadError:
            done = False
        except ssl.SSLError:
            flight = outgoing.read()
            if flight:      # the alert, in a PRELOGIN packet like the rest of the handshake
                conn.sendall(packets(PRELOGIN, flight, packet_id))
            raise
        flight = outgoing.read()
        if flight:
            conn.sendall(packets(PRELOGIN, flight, packet_id))
            packet_id += (len(flight) + PACKET_SIZE - 9) // (PACKET_SIZE - 8)
        if done:
            return tls, incoming, outgoing


def after_handshake(conn, budget, tls, incoming, outgoing):
    """TLS records directly on TCP from here on: answer a LOGIN7 with an error, then close."""
    plain = b""
    while True:
        try:
            plain += tls.read(PACKET_SIZE)
        except ssl.SSLWantReadError:
            chunk = conn.recv(PACKET_SIZE)
            if not chunk:
                return "closed by the client after the handshake"
            budget.total += len(chunk)
            if budget.total > MAX_CONN_BYTES:
                return "byte budget spent"
            incoming.write(chunk)
            continue
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            return "TLS closed by the client after the handshake"
        if len(plain) >= 8 and len(plain) >= struct.unpack(">H", plain[2:4])[0]:
            kind = plain[0]
            tls.write(login_error())
            conn.sendall(outgoing.read())
            return "packet type 0x%02x after the handshake answered with Login failed" % kind


def serve_clear(conn, budget, mode, ctx):
    kind, _, data = budget.packet()
    if kind != PRELOGIN:
        return "first packet of type 0x%02x, closed" % kind
    client = parse_prelogin(data)
    conn.sendall(prelogin_response(ENCRYPT[mode]))
    enc = client.get(0x01, b"\xff")[0]
    if mode == "notsup":
        try:
            budget.packet()
        except Closed:
            pass
        return "PRELOGIN answered (client ENCRYPTION %d, server NOT_SUP), no TLS" % enc
    tls, incoming, outgoing = handshake_in_prelogin(conn, budget, ctx)
    how = after_handshake(conn, budget, tls, incoming, outgoing)
    return "PRELOGIN answered (client ENCRYPTION %d), %s inside PRELOGIN; %s" % (enc, tls.version(), how)


def serve_strict(conn, budget, mode, ctx):
    conn.settimeout(IDLE_S)
    first = conn.recv(1, socket.MSG_PEEK)
    if not first:
        return "closed at once"
    if first[0] != 0x16:
        if mode == "strict-alert":
            conn.sendall(TLS_ALERT_UNEXPECTED)
            return "not a TLS ClientHello (first byte 0x%02x): TLS alert sent" % first[0]
        return "not a TLS ClientHello (first byte 0x%02x): closed" % first[0]
    tls = ctx.wrap_socket(conn, server_side=True)
    inner = Budget(tls.recv)
    kind, _, data = inner.packet()
    if kind != PRELOGIN:
        return "TLS %s, ALPN %s, then packet type 0x%02x: closed" % (tls.version(), tls.selected_alpn_protocol(), kind)
    parse_prelogin(data)
    tls.sendall(prelogin_response(ENCRYPT["req"]))
    try:
        inner.packet()
    except (Closed, OSError, ssl.SSLError):
        pass
    return "TLS %s, ALPN %s, PRELOGIN answered inside TLS" % (tls.version(), tls.selected_alpn_protocol())


def handle(conn, peer, port, mode, ctx):
    conn.settimeout(IDLE_S)
    try:
        if mode.startswith("strict"):
            what = serve_strict(conn, Budget(conn.recv), mode, ctx)
        else:
            what = serve_clear(conn, Budget(conn.recv), mode, ctx)
    except (Closed, OSError, ValueError, ssl.SSLError) as e:
        what = "ended: %s" % e
    finally:
        try:
            conn.close()
        except OSError:
            pass
    print("%d %s from %s:%d: %s" % (port, mode, peer[0], peer[1], what), flush=True)


def listen(addr, port, mode, ctx):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)

    def loop():
        while True:
            conn, peer = s.accept()
            threading.Thread(target=handle, args=(conn, peer, port, mode, ctx), daemon=True).start()
    return loop


def selftest():
    """The [MS-TDS] 4.1 example parses; our answer parses as a PRELOGIN response."""
    kind, status, length = struct.unpack(">BBH", SPEC_4_1[:4])
    assert (kind, status, length) == (PRELOGIN, 1, len(SPEC_4_1))
    opts = parse_prelogin(SPEC_4_1[8:])
    assert opts[0x00] == bytes.fromhex("090000000000") and opts[0x01] == b"\x01" and opts[0x04] == b"\x01", opts
    reply = prelogin_response(3)
    assert reply[0] == REPLY and struct.unpack(">H", reply[2:4])[0] == len(reply)
    assert parse_prelogin(reply[8:])[0x01] == b"\x03"
    wrapped = packets(PRELOGIN, b"x" * 5000)
    assert len(wrapped) == 5000 + 16 and wrapped[1] == 0 and wrapped[4096 + 1] == 1
    print("selftest ok")
    return 0


def main():
    if sys.argv[1:] == ["--selftest"]:
        return selftest()
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    addr, certdir = sys.argv[1], sys.argv[2]
    loops = []
    for spec in sys.argv[3:]:
        port, _, rest = spec.partition("=")
        mode, _, cert = rest.partition(":")
        if mode not in ENCRYPT and mode not in ("strict", "strict-alert"):
            sys.exit("unknown mode %r in %r" % (mode, spec))
        ctx = tls_context(certdir, cert or "valid", ["tds/8.0"] if mode.startswith("strict") else None)
        loops.append(listen(addr, int(port), mode, ctx))   # every port bound before any is served
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    for loop in loops[1:]:
        threading.Thread(target=loop, daemon=True).start()
    print("listening on %s: %s" % (addr, " ".join(sys.argv[3:])), flush=True)
    loops[0]()


if __name__ == "__main__":
    sys.exit(main())
