#!/usr/bin/python3
"""Sluice demo: bring up a small leaf-spine fabric against a running controller, show the
switches it sees, let every host ping every other across the looped fabric, show the path one
pair takes (all from the controller's REST API), and tear everything down.

Run by `./sluice demo`; the lab experiment replaces it once QoS lands.
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mininet.log import setLogLevel  # noqa: E402

from fabric import Fabric, FabricRefused, interrupt_on_signals  # noqa: E402
from leaf_spine import LeafSpineTopo  # noqa: E402



def switch_dpid(device_id):
    """The datapath id of a switch as the controller names it: of:<16 hex> (or an older colon form)."""
    text = device_id[3:] if device_id.startswith('of:') else device_id
    return int(text.replace(':', ''), 16)

def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def wait_for_switches(api, dpids, timeout):
    """Polls GET /api/v1/switches until every dpid is listed; returns the list, or fails."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            seen = get_json(api + '/api/v1/switches')['switches']
        except (urllib.error.URLError, OSError, ValueError):
            seen = []
        if {switch_dpid(s['id']) for s in seen} >= dpids:
            return seen
        time.sleep(0.2)
    missing = dpids - {switch_dpid(s['id']) for s in seen}
    raise SystemExit('controller did not list %d of %d switches within %ds: %s'
                     % (len(missing), len(dpids), timeout, sorted('%016x' % d for d in missing)))


def print_switches(switches):
    print()
    print('%-25s %-6s %-14s %-8s %s' % ('switch (dpid)', 'name', 'version', 'ports', 'port names'))
    for s in switches:
        names = [p['name'] for p in s['ports'] if p['number'] < 0xffffff00]
        print('%-25s %-6s %-14s %-8d %s' % (s['id'], s['description'], s['protocol'], len(names),
                                           ' '.join(names)))
    print()


def wait_for_links(api, count, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get_json(api + '/api/v1/links')['count'] == count:
                return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.1)
    raise SystemExit('controller did not find all %d links within %ds' % (count, timeout))


def show_forwarding(net, api, links, timeout):
    wait_for_links(api, links, timeout)
    print('Sluice found all %d links. Every host pings every other host across the looped fabric:' % links)
    loss = net.pingAll(timeout='1')
    print('pingall: %s%% lost' % loss)
    first, last = net.hosts[0], net.hosts[-1]
    path = get_json('%s/api/v1/paths?src=%s&dst=%s' % (api, first.IP(), last.IP()))
    hops = ' -> '.join('%s (in %d, out %d)' % (h['device'], h['inPort'], h['outPort']) for h in path['hops'])
    print('path %s -> %s: %s' % (first.name, last.name, hops))
    health = get_json(api + '/api/v1/health')
    print('packet-ins so far: %d (LLDP probes included); ARP answered by the controller: %d'
          % (health['openflow']['packetIns'], health['routing']['frames']['arpAnswered']))
    print()
    return loss


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--api', default='http://127.0.0.1:8080', help='controller REST base URL')
    parser.add_argument('--of-port', type=int, default=6653, help='controller OpenFlow port')
    parser.add_argument('--spines', type=int, default=2)
    parser.add_argument('--leaves', type=int, default=2)
    parser.add_argument('--hosts-per-leaf', type=int, default=2)
    parser.add_argument('--timeout', type=int, default=30, help='seconds to wait for the switches')
    args = parser.parse_args()

    setLogLevel('warning')
    interrupt_on_signals()
    topo = LeafSpineTopo(args.spines, args.leaves, args.hosts_per_leaf)
    try:
        with Fabric(topo, controller_port=args.of_port) as net:
            dpids = {int(sw.dpid, 16) for sw in net.switches}
            print('Started %d switches and %d hosts (Open vSwitch userspace datapath); waiting for Sluice...'
                  % (len(net.switches), len(net.hosts)), flush=True)
            started = time.monotonic()
            switches = wait_for_switches(args.api, dpids, args.timeout)
            print('Sluice sees all %d switches after %.1f s:' % (len(switches), time.monotonic() - started))
            print_switches(switches)
            loss = show_forwarding(net, args.api, 2 * args.spines * args.leaves, args.timeout)
    except FabricRefused as e:
        print('sluice demo: %s' % e, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print('Interrupted; fabric stopped: bridges, links and hosts removed.')
        sys.exit(130)
    print('Fabric stopped: bridges, links and hosts removed.')
    if loss:
        sys.exit(2)


if __name__ == '__main__':
    main()
