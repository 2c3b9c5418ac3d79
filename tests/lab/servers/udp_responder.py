#!/usr/bin/python3
"""udp_responder.py ADDR PORT [REPLY] -- answer every UDP datagram on ADDR:PORT with REPLY.

The lab's "impostor" for UDP: a service that answers, but not with the protocol the client expects
(on port 88 a Kerberos probe gets these bytes instead of a KRB-ERROR 0x7e / AS-REP 0x6b). The default
reply starts with "HTTP/1.0 400" so that no protocol parser can mistake it for ASN.1 DER.
Replies are rate-limited to 1000 per second (the responder must never become a traffic source).
"""
import signal, socket, sys, time

addr, port = sys.argv[1], int(sys.argv[2])
reply = (sys.argv[3] if len(sys.argv) > 3 else "HTTP/1.0 400 Bad Request\r\n\r\nlab impostor: not a Kerberos KDC\n").encode()
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((addr, port))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("udp responder on %s:%d" % (addr, port), flush=True)
window, sent = int(time.monotonic()), 0
while True:
    data, peer = s.recvfrom(65535)
    now = int(time.monotonic())
    if now != window:
        window, sent = now, 0
    if sent < 1000:
        s.sendto(reply, peer)
        sent += 1
