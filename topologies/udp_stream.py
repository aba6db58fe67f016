#!/usr/bin/python3
"""A one-way UDP stream with sequence numbers, to count exactly which packets a failure loses.

  udp_stream.py send DST PORT --interval-ms 1 --seconds 6 [--sport N]
  udp_stream.py recv PORT --seconds 8 > result.json

The receiver prints JSON: packets received, highest sequence number seen, the sequence numbers
missing below it ("lost", counted, and as runs "gaps" of first-last), and how long the longest
gap lasted at the sender's pace. Standard library only: it runs in Mininet hosts under Debian's
python3. Sending is paced by absolute deadlines, so a late wake-up does not stretch the stream.
"""
import argparse
import json
import socket
import struct
import sys
import time

HEADER = struct.Struct('!Q')


def send(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if args.sport:
        s.bind(('', args.sport))
    payload = b'\0' * max(0, args.size - HEADER.size)
    interval = args.interval_ms / 1000.0
    count = int(args.seconds / interval)
    start = time.monotonic()
    for seq in range(count):
        deadline = start + seq * interval
        delay = deadline - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        s.sendto(HEADER.pack(seq) + payload, (args.dst, args.port))
    print(json.dumps({'sent': count}))


def recv(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('', args.port))
    s.settimeout(0.2)
    seen = set()
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        try:
            data, _ = s.recvfrom(65535)
        except socket.timeout:
            continue
        if len(data) >= HEADER.size:
            seen.add(HEADER.unpack_from(data)[0])
    top = max(seen) if seen else -1
    gaps = []
    run = None
    for seq in range(top + 1):
        if seq not in seen:
            run = [seq, seq] if run is None else [run[0], seq]
        elif run is not None:
            gaps.append(run)
            run = None
    lost = sum(b - a + 1 for a, b in gaps)
    print(json.dumps({'received': len(seen), 'highest': top, 'lost': lost, 'gaps': gaps,
                      'longestGap': max((b - a + 1 for a, b in gaps), default=0)}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='mode', required=True)
    ps = sub.add_parser('send')
    ps.add_argument('dst')
    ps.add_argument('port', type=int)
    ps.add_argument('--interval-ms', type=float, default=1.0)
    ps.add_argument('--seconds', type=float, default=6.0)
    ps.add_argument('--size', type=int, default=64)
    ps.add_argument('--sport', type=int, default=0)
    pr = sub.add_parser('recv')
    pr.add_argument('port', type=int)
    pr.add_argument('--seconds', type=float, default=8.0)
    args = p.parse_args()
    send(args) if args.mode == 'send' else recv(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
