#!/usr/bin/env python3
"""bridge.py LISTEN TARGET: forwards every connection made to LISTEN to TARGET, both ways,
until either side closes. An address is tcp:PORT (on 127.0.0.1) or unix:PATH. The dead-network
test puts one in a network namespace of its own, so that taking that namespace's loopback
down stops the traffic of a live connection without closing it."""
import os
import socket
import sys
import threading


def endpoint(spec):
    kind, _, where = spec.partition(":")
    if kind == "tcp":
        return socket.AF_INET, ("127.0.0.1", int(where))
    return socket.AF_UNIX, where


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    lfam, laddr = endpoint(sys.argv[1])
    tfam, taddr = endpoint(sys.argv[2])
    listener = socket.socket(lfam, socket.SOCK_STREAM)
    if lfam == socket.AF_UNIX and os.path.exists(laddr):
        os.unlink(laddr)
    listener.bind(laddr)
    listener.listen(16)
    print("ready", flush=True)
    while True:
        client, _ = listener.accept()
        server = socket.socket(tfam, socket.SOCK_STREAM)
        server.connect(taddr)
        for a, b in ((client, server), (server, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


main()
