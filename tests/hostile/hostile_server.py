#!/usr/bin/env python3
"""Hostile servers for tests/hostile/tst_hostile.cpp (issue #14): one loopback port per behaviour.

Every protocol check must end within its timeout, with a mismatch or an error, whatever answers.
Each TCP port below misbehaves in one way for every client, whatever the client sends:

  garbage            4 KiB of pseudo-random bytes at once, then reads and drops
  slow               an HTTP response, one byte a second
  silent             accepts, reads and drops, never writes
  reset              waits for the client's first bytes (300 ms at most), answers half a frame in
                     its style (TLS, HTTP, a banner, or half of what it sent), then resets
                     (SO_LINGER 0 close)
  ber-length         an LDAP message whose BER length is 0x84 ffffffff (X.690 8.1.3.5)
  krb-tcp-length     a Kerberos TCP record mark of 0x7fffffff (RFC 4120 7.2.2), then a BER 0x84 KRB-ERROR
  tpkt-length        a TPKT header of 65535 bytes (RFC 1006 / T.123) with an X.224 CC that never completes
  netbios-length     a NetBIOS session message of 0xffffff bytes (RFC 1002 4.3.1) holding an SMB2 header
  tds-length         a TDS PRELOGIN response packet of 65535 bytes ([MS-TDS] 2.2.3.1) whose option
                     table points past its end
  amqp-frame         an AMQP 0-9-1 method frame (Connection.Start) of 0xffffffff bytes (4.2.3)
  h2-frame           an HTTP/2 SETTINGS frame of 0xffffff bytes (RFC 9113 4.1)
  http-content-length  HTTP/1.1 200 with Content-Length: 1000000000000
  http-chunk-length  HTTP/1.1 200, chunked, first chunk announced as ffffffffffffffff bytes
  http-endless       HTTP/1.1 200 without a length, then a JSON body that never ends
  http-endless-headers  HTTP/1.1 200, then header lines that never end
  endless-line       "220 " and one line that never ends (no CR LF)
  tls-junk           a TLS handshake record header (RFC 8446 5.1) followed by junk
  tls-hello-length   a ServerHello-looking record of 65535 bytes whose handshake says 0xffffff

Behind a completed TLS handshake (a self-signed certificate made at start by openssl: an untrusted chain
is a soft finding, so the TLS checks go on to their protocol exchange), the same misbehaviour read
through TLS: tls+garbage, tls+silent, tls+reset, tls+ber-length, tls+http-content-length,
tls+http-endless, tls+endless-line.

UDP ports answer every datagram:

  udp-garbage        512 pseudo-random bytes
  udp-ber-length     a KRB-ERROR ([APPLICATION 30]) whose BER length is 0x84 ffffffff

Whatever follows a frame header is 16 KiB of filler, then the port only reads. Every read is bounded
(4 KiB at a time, 4 MiB per connection), every connection ends after 30 s, every stream after 64 MiB.

Prints one JSON line, {"tcp": {behaviour: port}, "udp": {behaviour: port}}, once every port listens,
and runs until its standard input closes (the test that started it ended) or SIGTERM.
Listens on 127.0.0.1 only. `--selftest` connects to each TCP port once and checks that it misbehaves.
"""

import asyncio
import json
import logging
import os
import random
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile

HOST = "127.0.0.1"
CONNECTION_LIFE_S = 30.0
READ_CHUNK = 4096
READ_LIMIT = 4 * 1024 * 1024
STREAM_LIMIT = 64 * 1024 * 1024
FILLER = random.Random(14).randbytes(16 * 1024)
GARBAGE = random.Random(1414).randbytes(4096)
# garbage must not look like a TLS alert or a Topocheck listener's banner by chance
GARBAGE = b"\x9c" + GARBAGE[1:]

SLOW_TEXT = b"HTTP/1.1 200 OK\r\nServer: hostile\r\nContent-Length: 2\r\n\r\n{}"

BER_LENGTH = b"\x30\x84\xff\xff\xff\xff\x02\x01\x01\x61\x84\xff\xff\xff\xf0"
KRB_TCP_LENGTH = b"\x7f\xff\xff\xff" + b"\x7e\x84\xff\xff\xff\xf0\x30\x84\xff\xff\xff\xe0"
TPKT_LENGTH = b"\x03\x00\xff\xff" + b"\xfe\xd0\x00\x00\x12\x34\x00"
NETBIOS_LENGTH = (b"\x00\xff\xff\xff" + b"\xfeSMB" + struct.pack("<H", 64) + b"\x00" * 2
                  + b"\x00" * 4 + struct.pack("<H", 0) + b"\x00" * 2 + struct.pack("<I", 1) + b"\x00" * 44)
# PRELOGIN response: type 4 (tabular result), status EOM, length 65535; VERSION option at offset 0xfff0
TDS_LENGTH = (b"\x04\x01\xff\xff\x00\x00\x01\x00"
              + b"\x00" + struct.pack(">HH", 0xFFF0, 0xFFFF)
              + b"\x01" + struct.pack(">HH", 0xFFFF, 0x0001) + b"\xff")
AMQP_FRAME = b"\x01\x00\x00\xff\xff\xff\xff" + b"\x00\x0a\x00\x0a\x00\x09"
H2_FRAME = b"\xff\xff\xff\x04\x00\x00\x00\x00\x00"
HTTP_CONTENT_LENGTH = (b"HTTP/1.1 200 OK\r\nServer: hostile\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 1000000000000\r\n\r\n{\"name\":\"")
HTTP_CHUNK_LENGTH = (b"HTTP/1.1 200 OK\r\nServer: hostile\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{\"name\":\"")
HTTP_ENDLESS_HEAD = b"HTTP/1.1 200 OK\r\nServer: hostile\r\nContent-Type: application/json\r\n\r\n{\"a\":["
HTTP_ENDLESS_HEADERS_HEAD = b"HTTP/1.1 200 OK\r\nServer: hostile\r\n"
TLS_JUNK = b"\x16\x03\x03\x00\x40" + GARBAGE[:64]
TLS_HELLO_LENGTH = b"\x16\x03\x03\xff\xff" + b"\x02\xff\xff\xff\x03\x03" + GARBAGE[:32]
UDP_BER_LENGTH = b"\x7e\x84\xff\xff\xff\xff\x30\x84\xff\xff\xff\xf0\xa0\x03\x02\x01\x05" + FILLER[:200]


async def drain_reads(reader, limit=READ_LIMIT):
    """Reads and drops what the client sends, bounded in bytes, until it closes."""
    total = 0
    while total < limit:
        data = await reader.read(READ_CHUNK)
        if not data:
            return
        total += len(data)


async def header_then_filler(reader, writer, header):
    writer.write(header + FILLER)
    await writer.drain()
    await drain_reads(reader)


async def endless(reader, writer, head, piece):
    writer.write(head)
    sent = len(head)
    block = piece * max(1, 16384 // len(piece))
    reading = asyncio.ensure_future(drain_reads(reader))
    try:
        while sent < STREAM_LIMIT and not reading.done() and not writer.transport.is_closing():
            writer.write(block)
            sent += len(block)
            await writer.drain()
    finally:
        reading.cancel()


async def garbage_only(reader, writer):
    writer.write(GARBAGE)
    await writer.drain()
    await drain_reads(reader)


async def slow(reader, writer):
    reading = asyncio.ensure_future(drain_reads(reader))
    try:
        for i in range(len(SLOW_TEXT)):
            if reading.done():
                return
            writer.write(SLOW_TEXT[i:i + 1])
            await writer.drain()
            await asyncio.sleep(1.0)
        await reading
    finally:
        reading.cancel()


async def silent(reader, writer):
    await drain_reads(reader)


async def reset(reader, writer):
    try:
        first = await asyncio.wait_for(reader.read(READ_CHUNK), 0.3)
    except asyncio.TimeoutError:
        first = b""
    if first[:1] == b"\x16":
        partial = b"\x16\x03\x03\x00\x7a\x02\x00\x00"  # a ServerHello cut after its length
    elif first[:4] in (b"GET ", b"POST", b"HEAD", b"OPTI", b"PRI ", b"CONN"):
        partial = b"HTTP/1.1 200 OK\r\nContent-Le"
    elif first.startswith(b"EHLO") or first.startswith(b"HELO") or not first:
        partial = b"220-hostile.test ESMTP"
    else:
        partial = first[: max(1, len(first) // 2)]
    writer.write(partial)
    await writer.drain()
    await asyncio.sleep(0.05)
    sock = writer.get_extra_info("socket")  # None once the client has gone
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


TCP_BEHAVIOURS = {
    "garbage": garbage_only,
    "slow": slow,
    "silent": silent,
    "reset": reset,
    "ber-length": lambda r, w: header_then_filler(r, w, BER_LENGTH),
    "krb-tcp-length": lambda r, w: header_then_filler(r, w, KRB_TCP_LENGTH),
    "tpkt-length": lambda r, w: header_then_filler(r, w, TPKT_LENGTH),
    "netbios-length": lambda r, w: header_then_filler(r, w, NETBIOS_LENGTH),
    "tds-length": lambda r, w: header_then_filler(r, w, TDS_LENGTH),
    "amqp-frame": lambda r, w: header_then_filler(r, w, AMQP_FRAME),
    "h2-frame": lambda r, w: header_then_filler(r, w, H2_FRAME),
    "http-content-length": lambda r, w: header_then_filler(r, w, HTTP_CONTENT_LENGTH),
    "http-chunk-length": lambda r, w: header_then_filler(r, w, HTTP_CHUNK_LENGTH),
    "http-endless": lambda r, w: endless(r, w, HTTP_ENDLESS_HEAD, b"1,"),
    "http-endless-headers": lambda r, w: endless(r, w, HTTP_ENDLESS_HEADERS_HEAD, b"X-Hostile: 1\r\n"),
    "endless-line": lambda r, w: endless(r, w, b"220 ", b"A"),
    "tls-junk": lambda r, w: header_then_filler(r, w, TLS_JUNK),
    "tls-hello-length": lambda r, w: header_then_filler(r, w, TLS_HELLO_LENGTH),
}

# Behind a completed TLS handshake (a fresh self-signed certificate: a soft finding, so the checks go on to
# their protocol exchange inside TLS): the same misbehaviour, read through the TLS layer.
IN_TLS_BEHAVIOURS = ["garbage", "silent", "reset", "ber-length", "http-content-length", "http-endless",
                     "endless-line"]

UDP_BEHAVIOURS = {
    "udp-garbage": GARBAGE[:512],
    "udp-ber-length": UDP_BER_LENGTH,
}


def tcp_handler(behaviour):
    async def handle(reader, writer):
        try:
            await asyncio.wait_for(behaviour(reader, writer), CONNECTION_LIFE_S)
        except (asyncio.TimeoutError, asyncio.CancelledError, ConnectionError, OSError):
            pass  # a cancelled handler (the server stopping) ends quietly
        finally:
            writer.transport.abort()
    return handle


class UdpAnswer(asyncio.DatagramProtocol):
    def __init__(self, answer):
        self.answer = answer
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(self.answer, addr)


async def selftest(ports):
    """Each TCP port misbehaves as its name says, seen by a client that sends a TLS ClientHello-like byte."""
    failures = 0
    client = ssl.create_default_context()
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    for name, port in ports["tcp"].items():
        reader, writer = await asyncio.open_connection(HOST, port, ssl=client if name.startswith("tls+") else None)
        writer.write(b"\x16\x03\x01\x00\x05hello" if name == "reset" else b"GET / HTTP/1.1\r\n\r\n")
        try:
            got = await asyncio.wait_for(reader.read(65536), 1.5)
        except asyncio.TimeoutError:
            got = None
        except ConnectionError:
            got = b"<reset>"
        writer.transport.abort()
        expected_nothing = name in ("silent", "tls+silent")
        ok = (got is None) if expected_nothing else bool(got)
        print(f"{name:22} port {port:5}  {'ok' if ok else 'FAILED'}  {repr(got[:24]) if got else got}")
        failures += not ok
    return failures


def self_signed_context(folder):
    """A TLS server context with a certificate made now by openssl (P-256, two days, CN hostile.test)."""
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=hostile.test",
                    "-addext", "subjectAltName=DNS:hostile.test,IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["http/1.1"])
    return context


async def main():
    # a client that stops reading an endless stream is the expected end: asyncio's warnings about writes to
    # the lost connection ("socket.send() raised exception.") would only bury the test's output
    logging.getLogger("asyncio").setLevel(logging.ERROR)
    loop = asyncio.get_running_loop()
    servers = []
    ports = {"tcp": {}, "udp": {}}
    for name, behaviour in TCP_BEHAVIOURS.items():
        server = await asyncio.start_server(tcp_handler(behaviour), HOST, 0, limit=READ_CHUNK)
        servers.append(server)
        ports["tcp"][name] = server.sockets[0].getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        tls = self_signed_context(folder)  # the files are loaded: the folder may go
    for name in IN_TLS_BEHAVIOURS:
        server = await asyncio.start_server(tcp_handler(TCP_BEHAVIOURS[name]), HOST, 0, limit=READ_CHUNK, ssl=tls,
                                            ssl_handshake_timeout=10)
        servers.append(server)
        ports["tcp"]["tls+" + name] = server.sockets[0].getsockname()[1]
    for name, answer in UDP_BEHAVIOURS.items():
        transport, _ = await loop.create_datagram_endpoint(lambda a=answer: UdpAnswer(a), local_addr=(HOST, 0))
        servers.append(transport)
        ports["udp"][name] = transport.get_extra_info("sockname")[1]

    if "--selftest" in sys.argv:
        return await selftest(ports)

    print(json.dumps(ports), flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.buffer.read1(4096) else None)
    await stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(1 if asyncio.run(main()) else 0)
