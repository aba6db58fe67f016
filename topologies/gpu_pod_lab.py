#!/usr/bin/python3
"""Sluice's lab: does bulk GPU traffic starve inference, and does Sluice stop it?

A Mininet GPU pod (topologies/gpu_pod.py) against a running Sluice controller, in four phases on
the same fabric and the same controller:

  a  inference alone                       the probe's idle latency
  b  bulk alone (training + archival)      goodput per class: does bulk fill the bottleneck?
  c  everything, classification off        every packet BEST_EFFORT: one queue for all
  d  everything, classification on         the policy's classes and queues

Workloads, and why each is what it is:
  TRAINING   a ring of long TCP flows, gpu1 -> gpu2 -> ... -> gpu1 (iperf3, CUBIC as NCCL over TCP
             gets from the kernel, not BBR, which keeps queues empty and would hide the problem)
  ARCHIVAL   iperf3 bulk from each rack-A trainer to store1 (checkpoints to cold storage)
  INFERENCE  an open-loop request/response probe (Java, io.sluice.bench.lab.InferenceProbe) at a
             fixed rate, timed from when each request was due, into an HdrHistogram; the server
             and the probe run at real-time priority so that they measure the network rather
             than the scheduler (their own send lag is reported)
Bulk uses iperf3 because it is the tool people trust for goodput; the probe is Java because
HdrHistogram and an open-loop sender with sub-millisecond timing are what it needs.

Everything the lab shapes follows the controller: each port's HTB classes come from
GET /api/v1/qos/profile, and before measuring, the lab asks GET /api/v1/classify how the policy
in force classes each workload and refuses to run if a workload would not land in its class.
Phase c uses PUT /api/v1/qos/classification {"classify": false}: routing stays, only the marking
(and so the queue) changes.

Writes results.json, report.md and (with the Java chart tool) chart.png to --results, and prints
the table. Ctrl-C at any point stops the workloads, restores classification and tears the fabric
down.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    from mininet.log import setLogLevel  # noqa: E402

    from fabric import Fabric, FabricRefused, interrupt_on_signals  # noqa: E402
    from gpu_pod import GpuPodTopo, HOST_PORT_FACTOR, INFERENCE_PORT, egress_ports, queue_of_leaf, shape_fabric  # noqa: E402
    MININET_MISSING = None
except ImportError as missing:  # --help still works; running needs Mininet (./sluice setup installs it)
    MININET_MISSING = missing
    HOST_PORT_FACTOR = 3

BULK_PORT = 5201
PROBE_LEAD_SECONDS = 2.5  # the probe's JVM starts and connects within this, even on a busy machine
CLASSES = ('INFERENCE', 'TRAINING', 'ARCHIVAL')
PHASES = {
    'a': ('inference alone', True, {'inference'}),
    'b': ('bulk alone', True, {'training', 'archival'}),
    'c': ('everything, QoS off', False, {'inference', 'training', 'archival'}),
    'd': ('everything, QoS on', True, {'inference', 'training', 'archival'}),
}


class LabError(RuntimeError):
    """The lab cannot go on; the message says why and what to do."""


# ---------------------------------------------------------------- controller REST

class Controller:
    def __init__(self, api, token):
        self.api = api.rstrip('/')
        self.token = token

    def get(self, path):
        try:
            with urllib.request.urlopen(self.api + path, timeout=10) as r:
                return json.load(r)
        except urllib.error.HTTPError as e:
            raise LabError('GET %s: HTTP %d: %s' % (path, e.code, e.read().decode(errors='replace')[:300]))
        except (urllib.error.URLError, OSError) as e:
            raise LabError('GET %s: controller not reachable at %s (%s)' % (path, self.api, e))

    def classification(self):
        return self.get('/api/v1/qos/classification')['classify']

    def set_classification(self, on, leaves=()):
        """Switches classification and waits until every leaf in `leaves` (dpids) holds what it
        means on its host ports: the policy's entries when on, none of them when off."""
        body = json.dumps({'classify': on}).encode()
        req = urllib.request.Request(self.api + '/api/v1/qos/classification?author=lab', data=body, method='PUT',
                                     headers={'Content-Type': 'application/json',
                                              'Authorization': 'Bearer ' + (self.token or '')})
        what = 'switching classification %s' % ('on' if on else 'off')
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                json.load(r)
        except urllib.error.HTTPError as e:
            raise LabError('%s: HTTP %d: %s (the lab needs the policy token: --token or SLUICE_TOKEN, policy.token '
                           'in the controller configuration)' % (what, e.code, e.read().decode(errors='replace')[:300]))
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise LabError('%s: controller not reachable at %s (%s)' % (what, self.api, e))
        deadline = time.monotonic() + 30
        pending = list(leaves)
        while pending:
            if time.monotonic() > deadline:
                raise LabError('%s: switch(es) %s still %s policy entries after 30 s'
                               % (what, ', '.join(pending), 'lack' if on else 'hold'))
            flows = self.get('/api/v1/switches/%s/flows' % pending[0])['flows']
            if any((f.get('reason') or '').startswith('policy rule') for f in flows) == on:
                pending.pop(0)
            else:
                time.sleep(0.1)


# ---------------------------------------------------------------- measurement helpers


def switch_dpid(device_id):
    """The datapath id of a switch as the controller names it: of:<16 hex> (or an older colon form)."""
    text = device_id[3:] if device_id.startswith('of:') else device_id
    return int(text.replace(':', ''), 16)

def cpu_times():
    fields = list(map(int, open('/proc/stat').readline().split()[1:]))
    return sum(fields), fields[3] + fields[4]


def ovs_threads():
    """CPU ticks of each ovs-vswitchd thread, by thread id (the datapath forwards on one of them)."""
    try:
        pid = int(open('/var/run/openvswitch/ovs-vswitchd.pid').read())
    except (OSError, ValueError):
        return {}
    out = {}
    for tid in os.listdir('/proc/%d/task' % pid):
        try:
            stat = open('/proc/%d/task/%s/stat' % (pid, tid)).read()
        except OSError:
            continue
        rest = stat[stat.rindex(')') + 2:].split()
        out[tid] = (stat[stat.index('(') + 1:stat.rindex(')')], int(rest[11]) + int(rest[12]))
    return out


class CpuWindow:
    def __init__(self):
        self.t = time.monotonic()
        self.cpu = cpu_times()
        self.ovs = ovs_threads()

    def end(self):
        dt = time.monotonic() - self.t
        total, idle = cpu_times()
        ovs = ovs_threads()
        hz = os.sysconf('SC_CLK_TCK')
        busiest = max(((v[1] - self.ovs[t][1], v[0]) for t, v in ovs.items() if t in self.ovs), default=(0, '?'))
        spent = total - self.cpu[0]
        return {'machineBusyPercent': round(100.0 * (spent - (idle - self.cpu[1])) / max(spent, 1), 1),
                'cores': os.cpu_count(),
                'ovsBusiestThreadPercent': round(100.0 * busiest[0] / hz / dt, 1),
                'ovsBusiestThread': busiest[1]}


def qdisc_counters(intf):
    """Bytes, packets and drops of each controller queue on a port: the sum of its leaf FIFOs."""
    out = subprocess.run(['tc', '-s', '-j', 'qdisc', 'show', 'dev', intf], capture_output=True, text=True).stdout
    counters = {}
    for q in json.loads(out or '[]'):
        parent = q.get('parent', '')
        queue = queue_of_leaf(int(parent[2:], 16)) if parent.startswith('1:') else None
        if queue is not None:
            b, p, d = counters.get(queue, (0, 0, 0))
            counters[queue] = (b + q['bytes'], p + q['packets'], d + q['drops'])
    return counters


def window_counters(before, after):
    return {k: tuple(a - b for a, b in zip(after[k], before.get(k, (0, 0, 0)))) for k in after}


# ---------------------------------------------------------------- the lab

class Lab:
    def __init__(self, args, controller, net, topo):
        self.args = args
        self.ctl = controller
        self.net = net
        self.topo = topo
        self.procs = []          # every process the lab started in a host, to end by pid
        self.queues = None       # the fabric-speed queue profile
        self.ports = {}          # switch -> its egress interfaces, with the node each leads to
        self.leaf_dpids = [sw.dpid for sw in net.switches if sw.name.startswith('lf')]

    # -- set-up

    def start(self):
        self._wait_for_fabric()
        fabric_mbps = self.args.link_mbps
        profiles = {}

        def queues_at(mbps):
            profiles[mbps] = self.ctl.get('/api/v1/qos/profile?linkMbps=%g' % mbps)['queues']
            return profiles[mbps]
        try:
            shape_fabric(self.net, fabric_mbps, queues_at)
        except (RuntimeError, ValueError) as e:
            raise LabError('shaping the switch ports: %s' % e)
        self.queues = profiles[fabric_mbps]
        for kind, intf, sw, peer in egress_ports(self.net):
            self.ports.setdefault(sw, []).append((intf, peer, kind))
        self._check_classes()
        server = self.net.get('inf1')
        p = self._popen(server, self._java('io.sluice.bench.lab.InferenceServer', str(INFERENCE_PORT)),
                        'inference server')
        self._wait_listening(server, INFERENCE_PORT, p)

    def _wait_for_fabric(self):
        dpids = {int(sw.dpid, 16) for sw in self.net.switches}
        links = 4 * (len(self.net.switches) - 2)  # each leaf-spine cable, both directions: 2 * 2 leaves * spines
        deadline = time.monotonic() + self.args.timeout
        while time.monotonic() < deadline:
            seen = {switch_dpid(s['id']) for s in self.ctl.get('/api/v1/switches')['switches']}
            if seen >= dpids and self.ctl.get('/api/v1/links')['count'] >= links:
                break
            time.sleep(0.2)
        else:
            raise LabError('the controller did not see all %d switches and %d links within %d s'
                           % (len(dpids), links, self.args.timeout))
        loss = self.net.pingAll(timeout='1')
        if loss:
            raise LabError('%.0f%% of pings between pod hosts were lost; the fabric does not forward' % loss)

    def _check_classes(self):
        """Asks the controller how its policy classes each workload; refuses to measure if wrong."""
        ring = self.topo.trainers()
        checks = [('TRAINING', ring[0], ring[1], BULK_PORT), ('ARCHIVAL', ring[0], 'store1', BULK_PORT),
                  ('INFERENCE', 'cli1', 'inf1', INFERENCE_PORT), ('INFERENCE', 'inf1', 'cli1', None)]
        for wanted, src, dst, port in checks:
            q = 'src=%s&dst=%s&proto=tcp' % (self.net.get(src).IP(), self.net.get(dst).IP())
            q += '&dport=%d&sport=40000' % port if port else '&sport=%d&dport=40000' % INFERENCE_PORT
            got = self.ctl.get('/api/v1/classify?' + q)
            if got['class'] != wanted:
                raise LabError('the policy in force classes %s -> %s (%s) as %s (%s), not %s: the pod\'s addresses '
                               'follow policy/default.yaml; apply it, or adjust the host groups'
                               % (src, dst, q, got['class'], got.get('reason'), wanted))

    def _java(self, main, *args):
        return ['chrt', '-f', '50', 'java', '-XX:+UseSerialGC', '-Xmx256m', '-cp', self.args.java_classpath,
                main] + list(args)

    def _popen(self, host, cmd, what):
        p = host.popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.procs.append((p, what))
        return p

    def _wait_listening(self, host, port, proc, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                out, err = proc.communicate()
                what = next((w for p, w in self.procs if p is proc), 'the server')
                raise LabError('%s exited (%s) before listening on %s:%d: %s' % (
                    what, proc.returncode, host.name, port, (err or out).decode(errors='replace').strip()[-400:]))
            if host.cmd("ss -Hltn 'sport = :%d'" % port).strip():
                return
            time.sleep(0.1)
        raise LabError('nothing listens on %s:%d after %d s' % (host.name, port, timeout))

    def stop(self):
        for p, _ in self.procs:
            if p.poll() is None:
                p.terminate()
        for p, _ in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []

    # -- phases

    def bulk_flows(self):
        ring = self.topo.trainers()
        flows = [('TRAINING', ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]
        flows += [('ARCHIVAL', h, 'store1') for h in ring if self.topo.rack(h) == 1]
        return flows

    def run_phase(self, key):
        title, classify, workloads = PHASES[key]
        a = self.args
        self.ctl.set_classification(classify, self.leaf_dpids)
        length = a.warmup + a.seconds
        bulk = []
        if workloads & {'training', 'archival'}:
            servers = []
            ports = {}
            for cls, src, dst in self.bulk_flows():
                port = ports[dst] = ports.get(dst, BULK_PORT - 1) + 1
                host = self.net.get(dst)
                servers.append((host, port, self._popen(host, ['iperf3', '-s', '-1', '-p', str(port)],
                                                        'iperf3 server on %s' % dst)))
                bulk.append((cls, src, dst, port))
            for host, port, proc in servers:
                self._wait_listening(host, port, proc)
        # Every workload starts at one moment: the probe (a JVM, slower to start) is told when, and
        # bulk is started then, so the measured window sees them all.
        start_at = time.time() + PROBE_LEAD_SECONDS
        probe = None
        probe_out = os.path.join(a.results, 'probe-%s.json' % key)
        if 'inference' in workloads:
            probe = self._popen(self.net.get('cli1'), self._java(
                'io.sluice.bench.lab.InferenceProbe', '--target', '%s:%d' % (self.net.get('inf1').IP(), INFERENCE_PORT),
                '--rate', '%g' % a.rate, '--seconds', '%g' % a.seconds, '--warmup', '%g' % a.warmup,
                '--request-bytes', str(a.request_bytes), '--response-bytes', str(a.response_bytes),
                '--timeout-ms', str(a.timeout_ms), '--start-at', str(int(start_at * 1000)), '--out', probe_out),
                'inference probe')
        time.sleep(max(0.0, start_at - time.time()))
        started = time.monotonic()
        clients = []
        for cls, src, dst, port in bulk:
            p = self._popen(self.net.get(src), ['iperf3', '-c', self.net.get(dst).IP(), '-p', str(port), '-C', 'cubic',
                                                '-t', '%g' % a.seconds, '-O', '%g' % a.warmup, '-J'],
                            'iperf3 %s -> %s' % (src, dst))
            clients.append((cls, src, dst, p))
        # The measured window: after the warm-up, for the phase's length.
        _sleep_until(started + a.warmup + 0.3)
        # Each port's counters are read with their own time, taken after the read at both ends, so
        # its rate is over its own window (a read takes a few ms; eleven of them add up).
        tc_before = {}
        for ports in self.ports.values():
            for intf, _, _ in ports:
                counters = qdisc_counters(intf)
                tc_before[intf] = (time.monotonic(), counters)
        cpu = CpuWindow()
        _sleep_until(started + length - 0.2)
        cpu_use = cpu.end()
        tc_window = {}
        for intf, (t0, before) in tc_before.items():
            after = qdisc_counters(intf)
            tc_window[intf] = (time.monotonic() - t0, window_counters(before, after))
        result = {'phase': key, 'title': title, 'classify': classify, 'cpu': cpu_use, 'flows': [],
                  'goodputMbps': {}}
        for cls, src, dst, p in clients:
            out, err = _finish(p, length + 30, 'iperf3 %s -> %s' % (src, dst))
            with open(os.path.join(self.args.results, 'iperf3-%s-%s-%s.json' % (key, src, dst)), 'w') as f:
                f.write(out)
            mbps = _iperf_goodput(out, err, src, dst)
            result['flows'].append({'class': cls, 'src': src, 'dst': dst, 'goodputMbps': mbps,
                                    'crossesBottleneck': self.topo.rack(src) == 1 and self.topo.rack(dst) == 2})
        for cls in ('TRAINING', 'ARCHIVAL'):
            result['goodputMbps'][cls] = round(sum(f['goodputMbps'] for f in result['flows']
                                                   if f['class'] == cls and f['crossesBottleneck']), 2)
        if probe is not None:
            out, err = _finish(probe, length + a.timeout_ms / 1000 + 30, 'inference probe')
            if probe.returncode != 0 or not os.path.exists(probe_out):
                raise LabError('the inference probe failed (exit %s): %s' % (probe.returncode, (err or out)[-500:]))
            with open(probe_out) as f:
                result['inference'] = json.load(f)
            skew = result['inference'].get('startSkewMs', 0)
            if skew > 100:
                print('lab: phase %s: the probe started %d ms after the bulk (its JVM was slow to start); the '
                      'end of its window ran without bulk' % (key, skew), file=sys.stderr)
        result['links'] = self._links(tc_window)
        return result

    def _links(self, tc_window):
        by_minor = {q['queue']: q['class'] for q in self.queues}
        links = []
        for sw, ports in sorted(self.ports.items()):
            for intf, peer, kind in ports:
                seconds, c = tc_window[intf]
                total = sum(v[0] for v in c.values())
                mbps = self.args.link_mbps * (1 if kind == 'fabric' else HOST_PORT_FACTOR)
                links.append({
                    'link': '%s -> %s' % (sw, peer), 'port': intf, 'kind': kind, 'rateMbps': mbps,
                    'utilisationPercent': round(100.0 * total * 8 / seconds / (mbps * 1e6), 1),
                    'mbpsByClass': {by_minor[k]: round(v[0] * 8 / seconds / 1e6, 2) for k, v in sorted(c.items())
                                    if k in by_minor},
                    'dropsByClass': {by_minor[k]: v[2] for k, v in sorted(c.items()) if k in by_minor}})
        return links


def _sleep_until(t):
    left = t - time.monotonic()
    if left > 0:
        time.sleep(left)


def _finish(p, timeout, what):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise LabError('%s did not finish within %d s' % (what, timeout))
    return out.decode(errors='replace'), err.decode(errors='replace')


def _iperf_goodput(out, err, src, dst):
    try:
        j = json.loads(out)
    except ValueError:
        raise LabError('iperf3 %s -> %s gave no result: %s' % (src, dst, (err or out)[-300:]))
    if j.get('error'):
        raise LabError('iperf3 %s -> %s: %s' % (src, dst, j['error']))
    return round(j['end']['sum_received']['bits_per_second'] / 1e6, 2)


# ---------------------------------------------------------------- report

def targets(results, link_mbps, archival_min_percent):
    by = {p['phase']: p for p in results['phases']}
    out = []

    def p99(k):
        return by[k]['inference']['latencyMs']['p99'] if k in by and 'inference' in by[k] else None
    if p99('a') and p99('c') is not None:
        out.append({'what': 'inference p99, QoS off (c) vs idle (a)', 'value': round(p99('c') / p99('a'), 1),
                    'target': '>= 10x', 'met': p99('c') >= 10 * p99('a')})
    if p99('a') and p99('d') is not None:
        out.append({'what': 'inference p99, QoS on (d) vs idle (a)', 'value': round(p99('d') / p99('a'), 2),
                    'target': '<= 2x', 'met': p99('d') <= 2 * p99('a')})
    if 'b' in by:
        share = 100.0 * by['b']['goodputMbps']['TRAINING'] / link_mbps
        out.append({'what': "training goodput, bulk alone (b), % of rack A's uplinks", 'value': round(share, 1),
                    'target': '>= 90 %', 'met': share >= 90})
    if 'd' in by:
        share = 100.0 * by['d']['goodputMbps']['ARCHIVAL'] / link_mbps
        out.append({'what': "archival goodput, QoS on (d), % of rack A's uplinks", 'value': round(share, 1),
                    'target': '>= %g %% (its minimum share)' % archival_min_percent,
                    'met': share >= archival_min_percent})
    return out


def markdown(results):
    a = results['parameters']
    lines = ['# Sluice lab: GPU pod, inference under bulk load', '',
             '%s; bottleneck **%s** (%g Mbit/s, host ports %g Mbit/s); probe %g req/s, %d B requests, %d B answers; '
             '%g s warm-up + %g s per phase.' % (results['started'], results['bottleneck'], a['linkMbps'],
                                                  a['hostPortMbps'], a['rate'], a['requestBytes'], a['responseBytes'],
                                                  a['warmup'], a['seconds']), '',
             '| phase | inference p50 / p90 / p99 / p99.9 / max (ms) | timeouts | training Mbit/s | archival Mbit/s '
             '| bottleneck used | drops on it (INF/TRN/ARC/BE) | CPU machine / OVS thread |',
             '|---|---|---|---|---|---|---|---|']
    for p in results['phases']:
        inf = p.get('inference')
        lat = ' / '.join('%g' % inf['latencyMs'][k] for k in ('p50', 'p90', 'p99', 'p99.9', 'max')) if inf else '-'
        bott = next(l for l in p['links'] if l['link'] == results['bottleneck'])
        drops = '/'.join(str(bott['dropsByClass'].get(c, 0)) for c in ('INFERENCE', 'TRAINING', 'ARCHIVAL', 'BEST_EFFORT'))
        lines.append('| %s: %s | %s | %s | %s | %s | %.0f %% | %s | %.0f %% / %.0f %% |' % (
            p['phase'], p['title'], lat, inf['timeouts'] if inf else '-',
            _mbps(p, 'TRAINING'), _mbps(p, 'ARCHIVAL'), bott['utilisationPercent'], drops,
            p['cpu']['machineBusyPercent'], p['cpu']['ovsBusiestThreadPercent']))
    lines += ['', '| target | value | wanted | met |', '|---|---|---|---|']
    for t in results['targets']:
        lines.append('| %s | %s | %s | %s |' % (t['what'], t['value'], t['target'], 'yes' if t['met'] else '**no**'))
    probe_lag = [p['inference']['sendLagMs']['p99'] for p in results['phases'] if 'inference' in p]
    if probe_lag:
        lines += ['', 'Probe send lag (due to sent), p99: %s ms. Training and archival count the flows that cross the '
                  'bottleneck (rack A to rack B); CPU is the whole machine (%d cores) and the busiest '
                  'ovs-vswitchd thread (the userspace datapath forwards on one).'
                  % (' / '.join('%g' % x for x in probe_lag), results['phases'][0]['cpu']['cores'])]
    return '\n'.join(lines) + '\n'


def _mbps(p, cls):
    return '%.1f' % p['goodputMbps'][cls] if any(f['class'] == cls for f in p['flows']) else '-'


def machine():
    model = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
    ovs = subprocess.run(['ovs-vswitchd', '--version'], capture_output=True, text=True).stdout.split('\n')[0]
    return {'cpu': model, 'cores': os.cpu_count(), 'kernel': platform.release(), 'ovs': ovs}


# ---------------------------------------------------------------- main

def parse_args(argv=None):
    p = argparse.ArgumentParser(prog='./sluice lab', description='The GPU-pod QoS experiment (see the module doc).',
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument('--api', default='http://127.0.0.1:8080', help='controller REST base URL')
    p.add_argument('--of-port', type=int, default=6653, help='controller OpenFlow port')
    p.add_argument('--token', default=os.environ.get('SLUICE_TOKEN'),
                   help='policy token, to switch classification off and on (env SLUICE_TOKEN)')
    p.add_argument('--spines', type=int, default=1, help='spines above the two racks')
    p.add_argument('--gpus-per-leaf', type=int, default=2, help='GPU trainer hosts per rack (ring of twice this)')
    p.add_argument('--link-mbps', type=float, default=100, help='leaf-spine link rate (the bottleneck); host ports '
                   'run 3x faster')
    p.add_argument('--warmup', type=float, default=5, help='seconds of warm-up before each phase is measured')
    p.add_argument('--seconds', type=float, default=20, help='seconds measured per phase (4,000 requests at 200/s)')
    p.add_argument('--rate', type=float, default=200, help='inference requests per second (open loop)')
    p.add_argument('--request-bytes', type=int, default=256, help='inference request size')
    p.add_argument('--response-bytes', type=int, default=4096, help='inference answer size')
    p.add_argument('--timeout-ms', type=int, default=1000, help='an answer later than this is a timeout')
    p.add_argument('--phases', default='abcd', help='which phases to run, in order (subset of abcd)')
    p.add_argument('--results', default=None, help='results folder (default results/lab-<UTC time>)')
    p.add_argument('--java-classpath', default=None, help='classpath with sluice-bench (set by ./sluice lab)')
    p.add_argument('--timeout', type=int, default=60, help='seconds to wait for the controller to see the fabric')
    args = p.parse_args(argv)
    if not set(args.phases) <= set('abcd') or not args.phases:
        p.error('--phases: letters from abcd, got %r' % args.phases)
    if not args.java_classpath:
        p.error('--java-classpath is needed (./sluice lab sets it)')
    if args.link_mbps <= 0 or args.seconds <= 0 or args.warmup < 0 or args.rate <= 0:
        p.error('--link-mbps, --seconds and --rate must be positive, --warmup not negative')
    return args


def main():
    args = parse_args()
    if MININET_MISSING is not None:
        print('sluice lab: Mininet is not available to %s (%s); ./sluice setup installs it'
              % (sys.executable, MININET_MISSING), file=sys.stderr)
        sys.exit(1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    started = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    args.results = os.path.abspath(args.results or os.path.join(root, 'results', 'lab-' + started.replace(':', '')))
    os.makedirs(args.results, exist_ok=True)
    setLogLevel('warning')
    interrupt_on_signals()
    ctl = Controller(args.api, args.token)
    topo = GpuPodTopo(args.spines, args.gpus_per_leaf)
    results = {'started': started, 'machine': machine(), 'roles': topo.roles, 'phases': [],
               'parameters': {'linkMbps': args.link_mbps, 'hostPortMbps': args.link_mbps * HOST_PORT_FACTOR, 'spines': args.spines,
                              'gpusPerLeaf': args.gpus_per_leaf, 'rate': args.rate, 'requestBytes': args.request_bytes,
                              'responseBytes': args.response_bytes, 'warmup': args.warmup, 'seconds': args.seconds,
                              'timeoutMs': args.timeout_ms}}
    code = 0
    try:
        with Fabric(topo, controller_port=args.of_port) as net:
            lab = Lab(args, ctl, net, topo)
            found = None
            try:
                found = ctl.classification()
                print('GPU pod up: %s; waiting for Sluice to see it...' % ', '.join(
                    '%s (%s)' % (h, r) for h, r in sorted(topo.roles.items())), flush=True)
                lab.start()
                results['queues'] = lab.queues
                for key in args.phases:
                    print('phase %s: %s (%g s warm-up + %g s)...' % (key, PHASES[key][0], args.warmup, args.seconds),
                          flush=True)
                    results['phases'].append(lab.run_phase(key))
            finally:
                # A second Ctrl-C must not cut the clean-up short (the fabric's own stop does the same);
                # the handlers come back afterwards, so the report can still be interrupted.
                previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
                try:
                    lab.stop()
                finally:
                    if found is not None:
                        try:
                            ctl.set_classification(found)
                        except LabError as e:
                            print('lab: could not put classification back %s: %s' % ('on' if found else 'off', e),
                                  file=sys.stderr)
                    for sig, handler in previous.items():
                        signal.signal(sig, handler)
    except FabricRefused as e:
        print('sluice lab: %s' % e, file=sys.stderr)
        sys.exit(1)
    except LabError as e:
        print('sluice lab: %s' % e, file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print('Interrupted; workloads stopped, classification as it was, fabric removed.')
        sys.exit(130)
    if not results['phases']:
        sys.exit(code or 1)
    finish(results, args)
    sys.exit(code)


def finish(results, args):
    # The bottleneck: rack A's uplink (the goodput is measured across it), the one of them that
    # queued most in the last phase when there are several spines. lf2's uplink is as full, but
    # carries the other way of the ring and inference answers, not archival data.
    last = results['phases'][-1]
    uplinks = [l for l in last['links'] if l['kind'] == 'fabric' and l['link'].startswith('lf1 ->')]
    bottleneck = max(uplinks, key=lambda l: (sum(l['dropsByClass'].values()), l['utilisationPercent']))
    sharing = [bottleneck] if all(bottleneck['mbpsByClass'].get(c, 0) > 0 for c in CLASSES) else []
    results['bottleneck'] = bottleneck['link']
    results['bottleneckPort'] = bottleneck['port']
    results['bottleneckCarriesAllClasses'] = bool(sharing)
    archival = next((q['minSharePercent'] for q in results.get('queues', []) if q['class'] == 'ARCHIVAL'), 0)
    # Goodput counts every flow from rack A to rack B: over several spines that is all of lf1's
    # uplinks, so the shares are of their sum.
    results['rackUplinkMbps'] = args.link_mbps * args.spines
    results['targets'] = targets(results, results['rackUplinkMbps'], archival)
    with open(os.path.join(args.results, 'results.json'), 'w') as f:
        json.dump(results, f, indent=2)
    report = markdown(results)
    with open(os.path.join(args.results, 'report.md'), 'w') as f:
        f.write(report)
    chart = subprocess.run(['java', '-Djava.awt.headless=true', '-cp', args.java_classpath,
                            'io.sluice.bench.lab.LabChart', os.path.join(args.results, 'results.json'),
                            os.path.join(args.results, 'chart.png')], capture_output=True, text=True)
    print()
    print(report)
    if chart.returncode != 0:
        print('chart not drawn: %s' % (chart.stderr.strip()[-400:]), file=sys.stderr)
    print('Results: %s (results.json, report.md%s)' % (args.results, ', chart.png' if chart.returncode == 0 else ''))


if __name__ == '__main__':
    main()
