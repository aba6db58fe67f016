#!/usr/bin/python3
"""A Mininet leaf-spine fabric driven over stdin/stdout, for end-to-end tests in any language.

Starts the fabric against a controller, prints one JSON line describing it, then answers one
JSON line per JSON command read from stdin:

  {"cmd": "link", "a": "lf1", "b": "sp1", "state": "down"}   -> {"ok": true}
  {"cmd": "host", "host": "h1_1", "shell": "ping -c1 -W1 10.0.2.1"} -> {"ok": true, "output": "..."}
  {"cmd": "pingall", "timeout": 1}                            -> {"ok": true, "loss": 0.0}
  {"cmd": "stop"}                                             -> {"ok": true}, then tears down

End of input, SIGTERM or Ctrl-C also tear the fabric down, so a test that dies leaves nothing.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mininet.log import setLogLevel  # noqa: E402

from fabric import Fabric, FabricRefused, interrupt_on_signals  # noqa: E402
from leaf_spine import LeafSpineTopo  # noqa: E402


def describe(net):
    switches = [{'name': s.name, 'dpid': s.dpid} for s in net.switches]
    hosts = []
    for h in net.hosts:
        intf = h.defaultIntf()
        peer = intf.link.intf2 if intf.link.intf1 is intf else intf.link.intf1
        hosts.append({'name': h.name, 'mac': intf.MAC(), 'ip': h.IP(), 'switch': peer.node.dpid,
                      'port': peer.node.ports[peer]})
    cables = []
    for link in net.links:
        a, b = link.intf1, link.intf2
        if a.node in net.switches and b.node in net.switches:
            cables.append({'a': a.node.dpid, 'aPort': a.node.ports[a], 'b': b.node.dpid, 'bPort': b.node.ports[b]})
    return {'event': 'ready', 'switches': switches, 'hosts': hosts, 'cables': cables}


def answer(net, request):
    cmd = request.get('cmd')
    if cmd == 'link':
        a, b, state = request['a'], request['b'], request['state']
        if state not in ('up', 'down') or a not in net or b not in net or not net.linksBetween(net[a], net[b]):
            return {'ok': False, 'error': 'no link %s-%s, or state %r is not up/down' % (a, b, state)}
        net.configLinkStatus(a, b, state)
        return {'ok': True}
    if cmd == 'host':
        if request['host'] not in net:
            return {'ok': False, 'error': 'no host %r' % request['host']}
        return {'ok': True, 'output': net.get(request['host']).cmd(request['shell'])}
    if cmd == 'pingall':
        return {'ok': True, 'loss': net.pingAll(timeout=str(request.get('timeout', 1)))}
    if cmd == 'stop':
        return {'ok': True}
    return {'ok': False, 'error': 'unknown command %r' % cmd}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--of-port', type=int, default=6653)
    parser.add_argument('--spines', type=int, default=2)
    parser.add_argument('--leaves', type=int, default=4)
    parser.add_argument('--hosts-per-leaf', type=int, default=2)
    parser.add_argument('--link-mbps', type=float, default=None,
                        help='shape every link to this rate (HTB, as the lab does); default: unshaped')
    args = parser.parse_args()
    setLogLevel('warning')
    interrupt_on_signals()
    try:
        with Fabric(LeafSpineTopo(args.spines, args.leaves, args.hosts_per_leaf, args.link_mbps), controller_port=args.of_port) as net:
            print(json.dumps(describe(net)), flush=True)
            for line in sys.stdin:
                if not line.strip():
                    continue
                try:
                    reply = answer(net, json.loads(line))
                except Exception as e:  # a bad command must not take the fabric down uncleanly
                    reply = {'ok': False, 'error': repr(e)}
                print(json.dumps(reply), flush=True)
                if reply.get('ok') and json.loads(line).get('cmd') == 'stop':
                    break
    except FabricRefused as e:
        print(json.dumps({'event': 'error', 'error': str(e)}), flush=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == '__main__':
    main()
