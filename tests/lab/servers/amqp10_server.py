#!/usr/bin/python3
"""A minimal AMQP 1.0 endpoint for the lab: Apache Qpid Proton's reactor (Debian's python3-qpid-proton).

usage: amqp10_server.py ADDR PORT
  Listens on ADDR:PORT and accepts AMQP 1.0 connections, sessions and links (messages sent to it are
  accepted and dropped). Proton is the protocol engine of the Qpid brokers and clients, so what it answers
  a client speaking another protocol version is what an AMQP 1.0 broker answers: a client's AMQP 0-9-1
  header ("AMQP" 0 0 9 1) gets proton's own protocol header (AMQP 1.0 section 2.2: "AMQP" 0 1 0 0), an
  open and a close with amqp:connection:framing-error, then the connection ends.
Prints "listening" on stdout once the socket is bound.
"""
import sys

from proton.handlers import MessagingHandler
from proton.reactor import Container


class Endpoint(MessagingHandler):
    def __init__(self, url):
        super().__init__()
        self.url = url
        self.acceptor = None

    def on_start(self, event):
        self.acceptor = event.container.listen(self.url)
        print("listening", flush=True)

    def on_message(self, event):
        pass


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    Container(Endpoint("%s:%s" % (sys.argv[1], sys.argv[2]))).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
