#!/usr/bin/python3
"""Measures how long Sluice takes to discover a leaf-spine fabric, over several runs.

For each run: start the fabric, wait until the controller lists every switch, then time from
the last switch's connection (its connectedSince) until GET /api/v1/links lists every directed
link; tear the fabric down and wait until the controller has seen every switch leave. Prints
one line per run and a summary with the median, and writes the numbers as JSON.

Run by `./sluice discovery-time`, which starts the controller first.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mininet.log import setLogLevel  # noqa: E402

from fabric import Fabric, FabricRefused, interrupt_on_signals  # noqa: E402
from leaf_spine import LeafSpineTopo  # noqa: E402


def get(api, path):
    with urllib.request.urlopen(api + path, timeout=5) as r:
        return json.load(r)


def until(what, timeout, condition, poll=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    raise SystemExit('gave up after %ds waiting until %s' % (timeout, what))


def parse_instant(text):
    # Java's Instant.toString: 2026-11-24T22:40:21.210045712Z; Python wants at most microseconds.
    base, _, frac = text.rstrip('Z').partition('.')
    return datetime.fromisoformat(base + '.' + (frac + '000000')[:6] + '+00:00').timestamp()


def one_run(api, of_port, spines, leaves, hosts):
    switches, links = spines + leaves, 2 * spines * leaves
    with Fabric(LeafSpineTopo(spines, leaves, hosts), controller_port=of_port):
        listed = until('all %d switches are listed' % switches, 120,
                       lambda: (lambda s: s if len(s) == switches else None)(get(api, '/api/v1/switches')['switches']))
        last_connect = max(parse_instant(s['connectedSince']) for s in listed)
        until('all %d links are listed' % links, 120, lambda: get(api, '/api/v1/links')['count'] == links)
        done = time.time()
    until('every switch has left', 60, lambda: get(api, '/api/v1/switches')['count'] == 0)
    return done - last_connect


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--api', default='http://127.0.0.1:8080')
    parser.add_argument('--of-port', type=int, default=6653)
    parser.add_argument('--spines', type=int, default=2)
    parser.add_argument('--leaves', type=int, default=4)
    parser.add_argument('--hosts-per-leaf', type=int, default=1)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--json', default=None, help='also write the results to this file')
    args = parser.parse_args()
    setLogLevel('warning')
    interrupt_on_signals()
    seconds = []
    try:
        for run in range(1, args.runs + 1):
            s = one_run(args.api, args.of_port, args.spines, args.leaves, args.hosts_per_leaf)
            seconds.append(s)
            print('run %d: %d x %d leaf-spine, all %d links %.3f s after the last switch connected'
                  % (run, args.spines, args.leaves, 2 * args.spines * args.leaves, s), flush=True)
    except FabricRefused as e:
        print('discovery_time: %s' % e, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    result = {'spines': args.spines, 'leaves': args.leaves, 'runs': seconds,
              'median_s': statistics.median(seconds), 'min_s': min(seconds), 'max_s': max(seconds)}
    print('median %.3f s (min %.3f, max %.3f) over %d runs' % (result['median_s'], result['min_s'],
                                                                result['max_s'], len(seconds)))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(result, f, indent=2)


if __name__ == '__main__':
    main()
