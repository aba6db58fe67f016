#!/usr/bin/python3
"""Measures how Sluice repairs forwarding when a spine link fails, over several runs.

Starts one leaf-spine fabric, lets every host learn every other (pingall), then for each run:
picks a pair of hosts on different leaves (a different pair each run), starts a ping every
10 ms between them, takes down the spine link their path uses, and measures

  * repair: from the first route recomputation the failure triggered (the controller saw the
    port go down) to the last barrier reply of the recomputations it took (GET /api/v1/routing);
  * rules written by those recomputations;
  * pings lost (10 ms apart), so loss in ms is about ten times that;

then brings the link back, checks that the path does not move back and no ping is lost, and
waits for every link to be known again. Prints a line per run and the medians, also as JSON.
Also prints the rules Sluice holds per switch once every host is routed.

Run by `./sluice failover-time`, which starts the controller first.
"""

import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mininet.log import setLogLevel  # noqa: E402

from discovery_time import get, parse_instant, until  # noqa: E402
from fabric import Fabric, FabricRefused, interrupt_on_signals  # noqa: E402
from leaf_spine import LeafSpineTopo, host_name, leaf_name  # noqa: E402



def switch_dpid(device_id):
    """The datapath id of a switch as the controller names it: of:<16 hex> (or an older colon form)."""
    text = device_id[3:] if device_id.startswith('of:') else device_id
    return int(text.replace(':', ''), 16)

def path_of(api, src, dst):
    return [h['device'] for h in get(api, '/api/v1/paths?src=%s&dst=%s' % (src, dst))['hops']]


def spine_index(dpid_text):
    return switch_dpid(dpid_text) - 0x100


def ping_lost(output):
    for line in output.splitlines():
        if 'packets transmitted' in line:
            sent, received = int(line.split()[0]), int(line.split()[3])
            return sent, sent - received
    raise SystemExit('no ping summary in: %r' % output)


def pinging(src, dst_ip, action, seconds=3):
    """Pings every 10 ms, 100 a second for `seconds` (a count, not a deadline, which would count the
    ping in flight at the deadline as lost); runs action() once 50 replies are in; returns (sent, lost)."""
    out = '/tmp/sluice-failover-%d.txt' % os.getpid()
    src.cmd('ping -i 0.01 -c %d %s > %s 2>&1 &' % (seconds * 100, dst_ip, out))
    until('50 replies', 10, lambda: int(src.cmd('grep -c "bytes from" %s' % out).strip() or 0) >= 50)
    action()
    src.cmd('wait')
    result = ping_lost(src.cmd('tail -3 %s' % out))
    src.cmd('rm -f %s' % out)
    return result


def one_run(net, api, run, leaves, hosts_per_leaf, links):
    src_leaf = 1 + (run % leaves)
    dst_leaf = 1 + ((run + leaves // 2) % leaves)
    src = net.get(host_name(src_leaf, 1 + run % hosts_per_leaf))
    dst = net.get(host_name(dst_leaf, 1 + (run // leaves) % hosts_per_leaf))
    before = path_of(api, src.IP(), dst.IP())
    spine = 'sp%d' % spine_index(before[1])
    seen = {r['triggeredAt'] for r in get(api, '/api/v1/routing')['recentRuns']}

    sent, lost = pinging(src, dst.IP(), lambda: net.configLinkStatus(leaf_name(src_leaf), spine, 'down'))
    after = until('the path leaves %s' % spine, 5,
                  lambda: (lambda p: p if len(p) == 3 and p[1] != before[1] else None)(path_of(api, src.IP(), dst.IP())))
    runs = [r for r in get(api, '/api/v1/routing')['recentRuns'] if r['triggeredAt'] not in seen]
    moved = [r for r in runs if r['ruleWrites'] > 0]
    repair = max(parse_instant(r['finishedAt']) for r in moved) - min(parse_instant(r['triggeredAt']) for r in runs)
    writes = sum(r['ruleWrites'] for r in moved)

    up_sent, up_lost = pinging(src, dst.IP(), lambda: net.configLinkStatus(leaf_name(src_leaf), spine, 'up'))
    until('all %d links are back' % links, 10, lambda: get(api, '/api/v1/links')['count'] == links)
    stayed = path_of(api, src.IP(), dst.IP()) == after
    return {'src': src.name, 'dst': dst.name, 'spine': spine, 'repair_ms': repair * 1000, 'rule_writes': writes,
            'pings_sent': sent, 'pings_lost': lost, 'up_pings_lost': up_lost, 'path_stayed_on_repair': stayed}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--api', default='http://127.0.0.1:8080')
    parser.add_argument('--of-port', type=int, default=6653)
    parser.add_argument('--spines', type=int, default=2)
    parser.add_argument('--leaves', type=int, default=4)
    parser.add_argument('--hosts-per-leaf', type=int, default=2)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--json', default=None, help='also write the results to this file')
    args = parser.parse_args()
    if args.spines < 2 or args.leaves < 2:
        raise SystemExit('need at least 2 spines and 2 leaves, so a failed spine link has a way round')
    setLogLevel('warning')
    interrupt_on_signals()
    links = 2 * args.spines * args.leaves
    results = []
    try:
        with Fabric(LeafSpineTopo(args.spines, args.leaves, args.hosts_per_leaf), controller_port=args.of_port) as net:
            until('all %d links are listed' % links, 120, lambda: get(args.api, '/api/v1/links')['count'] == links)
            loss = net.pingAll(timeout='1')
            if loss:
                raise SystemExit('pingall lost %s%%: forwarding is broken, nothing to measure' % loss)
            hosts = args.leaves * args.hosts_per_leaf
            until('every host is routed', 10, lambda: sum(get(args.api, '/api/v1/routing')['rulesPerSwitch'].values())
                  >= hosts * (args.spines + args.leaves))
            per_switch = get(args.api, '/api/v1/routing')['rulesPerSwitch']
            print('rules per switch (%d hosts): %s' % (hosts, ', '.join(
                '%s %d' % (k[-5:], v) for k, v in per_switch.items())), flush=True)
            for run in range(args.runs):
                r = one_run(net, args.api, run, args.leaves, args.hosts_per_leaf, links)
                results.append(r)
                print('run %d: %s -> %s, %s link down: repaired in %.1f ms (%d rule writes), %d of %d pings lost; '
                      'link back: %d lost, path %s' % (run + 1, r['src'], r['dst'], r['spine'], r['repair_ms'],
                                                        r['rule_writes'], r['pings_lost'], r['pings_sent'],
                                                        r['up_pings_lost'], 'stayed' if r['path_stayed_on_repair']
                                                        else 'MOVED'), flush=True)
    except FabricRefused as e:
        print('failover_time: %s' % e, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    repairs = [r['repair_ms'] for r in results]
    lost = [r['pings_lost'] for r in results]
    summary = {'spines': args.spines, 'leaves': args.leaves, 'hosts_per_leaf': args.hosts_per_leaf,
               'rules_per_switch': per_switch, 'runs': results,
               'repair_ms_median': statistics.median(repairs), 'repair_ms_min': min(repairs),
               'repair_ms_max': max(repairs), 'pings_lost_median': statistics.median(lost), 'pings_lost_max': max(lost)}
    print('repair median %.1f ms (min %.1f, max %.1f); pings lost median %s, max %d, over %d runs'
          % (summary['repair_ms_median'], summary['repair_ms_min'], summary['repair_ms_max'],
             summary['pings_lost_median'], summary['pings_lost_max'], len(results)))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(summary, f, indent=2)


if __name__ == '__main__':
    main()
