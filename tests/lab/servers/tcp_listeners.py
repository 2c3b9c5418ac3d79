#!/usr/bin/python3
"""tcp_listeners.py ADDR PORTSPEC... -- accept TCP connections on many ports at once, say nothing.

ADDR: IPv4 or IPv6, a link-local one with its zone (fe80::9%tclab0). PORTSPEC: a port or a range,
"4575 47100-47200 5800-5900". One process, one listening socket per
port (a Control Room cluster node's ports as seen by a firewall check: open = the handshake
completes). Accepted connections are read and discarded until the client closes them, or closed
after 30 s of silence; beyond 512 open connections new ones are closed at once.
"""
import resource, selectors, signal, socket, sys, time

addr, specs = sys.argv[1], sys.argv[2:]
ports = []
for spec in specs:
    lo, _, hi = spec.partition("-")
    ports.extend(range(int(lo), int(hi or lo) + 1))
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
need = len(ports) + 600
if soft < need:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard) if hard != resource.RLIM_INFINITY else need, hard))

sel = selectors.DefaultSelector()
for p in ports:
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ls = socket.socket(family, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # through getaddrinfo: a link-local ADDR keeps its zone ("fe80::9%tclab0" -> scope id)
    ls.bind(socket.getaddrinfo(addr, p, family, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)[0][4])
    ls.listen(64)
    ls.setblocking(False)
    sel.register(ls, selectors.EVENT_READ, "listen")
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("listening on %s, %d ports" % (addr, len(ports)), flush=True)

conns = {}                                   # socket -> last activity (monotonic)
while True:
    for key, _ in sel.select(timeout=5):
        s = key.fileobj
        if key.data == "listen":
            try:
                c, _peer = s.accept()
            except OSError:
                continue
            if len(conns) >= 512:
                c.close()
                continue
            c.setblocking(False)
            conns[c] = time.monotonic()
            sel.register(c, selectors.EVENT_READ, "conn")
        else:
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                conns[s] = time.monotonic()
            else:
                sel.unregister(s); s.close(); del conns[s]
    idle = time.monotonic() - 30
    for c in [c for c, t in conns.items() if t < idle]:
        sel.unregister(c); c.close(); del conns[c]
