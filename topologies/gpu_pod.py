"""A GPU pod for Sluice's lab: two racks (leaves) under one or more spines, hosts named for
their role, and every switch egress port shaped by an HTB root whose classes are the
controller's queues, selected by DSCP.

Placement (gpus_per_leaf=2, the default):

  rack A, leaf lf1:  gpu1 gpu3 (trainers)      cli1 (inference client)
  rack B, leaf lf2:  gpu2 gpu4 (trainers)      inf1 (inference server)   store1 (storage)

The training ring gpu1 -> gpu2 -> gpu3 -> gpu4 -> gpu1 alternates racks, so every hop of it
crosses the fabric; archival goes from the rack-A trainers to store1; inference requests go
from cli1 to inf1 and the answers come back. Leaf uplinks are the deliberate bottleneck (the
link rate, default 100 Mbit/s) and host ports run three times faster (an oversubscribed
3:1 leaf, as front-end fabrics are built): so lf1's uplink carries training, archival and
inference requests, and lf2's uplink training and inference answers, whichever spine a
class is routed over. With one spine (the default) each uplink is one link, named in the
report; with more, the controller's per-class routes decide which uplinks share.

Addresses follow policy/default.yaml's host groups, so the controller in force classifies the
traffic by who sends it, not by a copy of the policy here: trainers in 10.0.1.0/24 and
10.0.2.0/24 (gpu-trainers), store1 in 10.0.9.0/24 (object-store); the inference server
listens on 8000 (Triton's port). The lab checks each against /api/v1/classify before it
measures anything.

Jumbo frames (MTU 9000) everywhere: Open vSwitch's userspace datapath forwards on one thread,
and at MTU 1500 it, not the links, would be the bottleneck (see the repository's lab notes).
"""

import subprocess

from mininet.node import Host
from mininet.topo import Topo

from leaf_spine import LabHost, LabSwitch, dpid_of, leaf_name, spine_name, SPINE_DPID_BASE, LEAF_DPID_BASE

MTU = 9000
FRAME = MTU + 14  # what HTB counts of a full frame: IP packet plus Ethernet header
HOST_PORT_FACTOR = 3
INFERENCE_PORT = 8000

# HTB class numbers: a class per controller queue, and under it an ACK leaf and a data leaf.
CLASS, ACK_LEAF, DATA_LEAF = 0x10, 0x20, 0x30

# Queue lengths in packets, per class scheduling. Short on purpose: OVS sends to every port
# through one packet socket whose ~208 KiB send buffer holds about a dozen 9 KB frames (each
# costs ~16 KiB of buffer) counting every frame waiting in every port's qdisc. Past that OVS
# drops what it sends next, on any port, where tc cannot see it. Measured here with both
# leaf uplinks full (phase d): data queues of 6/4 packets (and 32 ACKs) gave inference a p99 of
# 41 ms from such invisible losses; 3/2 (and 16) gave 1.4 ms, with training still at 93 % of
# the bottleneck. A 3-frame queue still holds several bandwidth-delay products at 100 Mbit/s
# (the pod's RTT is ~0.5 ms). Strict (latency) classes get the most room.
QUEUE_PACKETS = {'STRICT': 8, 'WEIGHTED': 3, 'SCAVENGER': 2}
ACK_PACKETS = 16


class PodHost(LabHost):
    """A lab host with jumbo frames: MTU 9000 on its interface."""

    def config(self, **params):
        result = super().config(**params)
        for intf in self.intfList():
            self.cmd('ip link set dev %s mtu %d' % (intf.name, MTU))
        return result


class PodSwitch(LabSwitch):
    """A lab switch whose ports carry jumbo frames (Linux MTU and OVS's mtu_request)."""

    def start(self, controllers):
        super().start(controllers)
        for intf in self.intfList():
            if intf.name != 'lo':
                self.cmd('ip link set dev %s mtu %d' % (intf.name, MTU))
                self.cmd('ovs-vsctl set interface %s mtu_request=%d' % (intf.name, MTU))


class GpuPodTopo(Topo):
    """Roles: trainers gpu1..gpuN (odd numbers in rack A), cli1, inf1, store1 (see module doc)."""

    def build(self, spines=1, gpus_per_leaf=2):
        spines, gpus_per_leaf = int(spines), int(gpus_per_leaf)
        if not (1 <= spines <= 8 and 1 <= gpus_per_leaf <= 16):
            raise ValueError('need 1-8 spines and 1-16 GPU hosts per leaf, got %d, %d' % (spines, gpus_per_leaf))
        self.roles = {}
        self.racks = {}
        spine_switches = [self.addSwitch(spine_name(i), cls=PodSwitch, dpid=dpid_of(SPINE_DPID_BASE, i))
                          for i in range(1, spines + 1)]
        leaves = [self.addSwitch(leaf_name(j), cls=PodSwitch, dpid=dpid_of(LEAF_DPID_BASE, j)) for j in (1, 2)]
        for leaf in leaves:
            for spine in spine_switches:
                self.addLink(leaf, spine)
        # Ring order alternates racks: gpu1 (A), gpu2 (B), gpu3 (A), ...
        for n in range(1, 2 * gpus_per_leaf + 1):
            rack = 1 if n % 2 else 2
            k = (n + 1) // 2
            self._host('gpu%d' % n, rack, leaves, '10.0.%d.%d' % (rack, k), rack, k, 'trainer')
        self._host('cli1', 1, leaves, '10.0.5.1', 5, 1, 'inference-client')
        self._host('inf1', 2, leaves, '10.0.6.1', 6, 1, 'inference-server')
        self._host('store1', 2, leaves, '10.0.9.1', 9, 1, 'storage')

    def _host(self, name, rack, leaves, ip, a, b, role):
        self.addHost(name, cls=PodHost, ip=ip + '/16', mac='02:00:00:00:%02x:%02x' % (a, b))
        self.addLink(name, leaves[rack - 1])
        self.roles[name] = role
        self.racks[name] = rack

    def rack(self, host):
        """1 for rack A (lf1), 2 for rack B (lf2)."""
        return self.racks[host]

    def trainers(self):
        return sorted((h for h, r in self.roles.items() if r == 'trainer'), key=lambda h: int(h[3:]))


def egress_ports(net):
    """Every switch port with its rate role: ('fabric' | 'host', interface name, peer node name)."""
    ports = []
    for sw in net.switches:
        for intf in sw.intfList():
            if intf.name == 'lo' or intf.link is None:
                continue
            peer = intf.link.intf2 if intf.link.intf1 is intf else intf.link.intf1
            kind = 'host' if isinstance(peer.node, Host) else 'fabric'
            ports.append((kind, intf.name, sw.name, peer.node.name))
    return ports


def shape_port(intf, link_bps, queues):
    """An HTB root on `intf` at `link_bps`; one class per controller queue (rate = its minimum
    share, ceil = its maximum, prio = its borrowing priority), selected by the class DSCP; and in
    each class two short head-drop FIFOs, its pure ACKs (IP packets under 128 bytes) served ahead
    of its data. Unmatched traffic goes to BEST_EFFORT's class (the last queue if none is named so).

    Why the ACK band: at 100 Gbit/s an ACK behind a full queue waits microseconds; at the lab's
    100 Mbit/s with 9 KB frames it waits milliseconds and, in a queue counted in packets, takes the
    place of a 9 KB frame. A training ring sends bulk both ways, so every bulk flow's ACKs queue
    behind the other direction's data, TCP loses its ACK clock, and the class leaves its share idle
    (lab notes, point 7). Serving a class's ACKs first gives back what a real switch's byte-sized
    buffers give; every class gets it, in every phase, so QoS off and on are compared alike.
    (This kernel has HTB and the FIFOs but no prio, fq_codel or other qdisc, hence nested HTB.)
    """
    default = next((q for q in queues if q['class'] == 'BEST_EFFORT'), queues[-1])
    cmds = [['tc', 'qdisc', 'replace', 'dev', intf, 'root', 'handle', '1:', 'htb',
             'default', '%x' % (DATA_LEAF + default['queue'])],
            ['tc', 'class', 'replace', 'dev', intf, 'parent', '1:', 'classid', '1:1', 'htb',
             'rate', '%dbit' % link_bps, 'ceil', '%dbit' % link_bps, 'burst', str(2 * FRAME), 'cburst', str(2 * FRAME)]]
    for q in queues:
        cls = '1:%x' % (CLASS + q['queue'])
        rate = max(int(q['minRateBps']), 16000)
        ceil = max(int(q['maxRateBps']), rate)
        ack_rate = max(rate // 50, 8000)
        htb = ['quantum', str(FRAME), 'burst', str(2 * FRAME), 'cburst', str(2 * FRAME)]
        # HTB lends by the prio of the leaf that borrows, so both leaves carry the class's borrowing
        # priority: ACKs at the class's own (0-3), data four lower, keeping the classes' order.
        prio = int(q['priority'])
        if not 0 <= prio <= 3:
            raise ValueError('queue %d (%s) has borrowing priority %d; the lab maps priorities 0-3 onto HTB '
                             '(ACKs at p, data at p + 4) and cannot keep more levels apart'
                             % (q['queue'], q['class'], prio))
        cmds.append(['tc', 'class', 'replace', 'dev', intf, 'parent', '1:1', 'classid', cls, 'htb',
                     'rate', '%dbit' % rate, 'ceil', '%dbit' % ceil] + htb)
        for leaf, leaf_rate, leaf_prio, limit in ((ACK_LEAF, ack_rate, prio, ACK_PACKETS),
                                                  (DATA_LEAF, rate - ack_rate, prio + 4,
                                                   QUEUE_PACKETS.get(q['scheduling'], 6))):
            minor = leaf + q['queue']
            cmds.append(['tc', 'class', 'replace', 'dev', intf, 'parent', cls, 'classid', '1:%x' % minor, 'htb',
                         'rate', '%dbit' % leaf_rate, 'ceil', '%dbit' % ceil, 'prio', str(leaf_prio)] + htb)
            cmds.append(['tc', 'qdisc', 'replace', 'dev', intf, 'parent', '1:%x' % minor, 'handle', '%x:' % minor,
                         'pfifo_head_drop', 'limit', str(limit)])
        # DSCP is the top six bits of the IPv4 TOS byte; the total length is the 16 bits at offset 2.
        tos = ['match', 'ip', 'tos', '0x%02x' % (q['dscp'] << 2), '0xfc']
        cmds.append(['tc', 'filter', 'add', 'dev', intf, 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32'] + tos
                    + ['match', 'u16', '0x0000', '0xff80', 'at', '2', 'flowid', '1:%x' % (ACK_LEAF + q['queue'])])
        cmds.append(['tc', 'filter', 'add', 'dev', intf, 'parent', '1:', 'protocol', 'ip', 'prio', '2', 'u32'] + tos
                    + ['flowid', '1:%x' % (DATA_LEAF + q['queue'])])
    # Discovery and address resolution are not IP, so no DSCP filter sees them: they ride CONTROL's
    # class (as a switch's control-plane traffic would), not the default queue bulk can fill.
    control = next((q for q in queues if q['class'] == 'CONTROL'), None)
    if control is not None:
        for prio, ethertype in (('3', '0x88cc'), ('4', '0x0806')):  # LLDP, ARP: one protocol per filter priority
            cmds.append(['tc', 'filter', 'add', 'dev', intf, 'parent', '1:', 'protocol', ethertype, 'prio', prio,
                         'u32', 'match', 'u32', '0', '0', 'flowid', '1:%x' % (DATA_LEAF + control['queue'])])
    for cmd in cmds:
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError('%s failed: %s' % (' '.join(cmd), done.stderr.strip()))


def queue_of_leaf(minor):
    """The controller queue a leaf class (by its minor number) belongs to, or None."""
    for base in (ACK_LEAF, DATA_LEAF):
        if base <= minor < base + 0x10:
            return minor - base
    return None


def shape_fabric(net, link_mbps, queues_at):
    """Shapes every switch egress port: fabric ports at link_mbps, host ports HOST_PORT_FACTOR
    times faster. queues_at(mbps) returns the controller's queue profile for that port speed."""
    rates = {'fabric': link_mbps, 'host': link_mbps * HOST_PORT_FACTOR}
    profiles = {kind: queues_at(mbps) for kind, mbps in rates.items()}
    for kind, intf, _, _ in egress_ports(net):
        shape_port(intf, int(rates[kind] * 1e6), profiles[kind])


topos = {'gpupod': GpuPodTopo}
