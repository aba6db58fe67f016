"""Leaf-spine fabrics for Sluice, on Open vSwitch's userspace datapath.

Usable three ways:
  * from Python:  from leaf_spine import LeafSpineTopo  (and fabric.Fabric to run it)
  * from mn:      mn --custom topologies/leaf_spine.py --topo leafspine,2,4,2 \
                     --controller remote,ip=127.0.0.1,port=6653
  * from Sluice:  ./sluice demo, and the end-to-end tests (topologies/fabric_driver.py)

Every switch is a LabSwitch and every host a LabHost (below), whoever builds the network, so
the userspace datapath, OpenFlow 1.3 and TX offload off need no command-line options.

Names, datapath ids, MACs and IPs are deterministic, so tests and people can refer to them:
  spine i (1-based)        switch 'sp<i>',   dpid 00:00:00:00:00:00:01:<i>
  leaf j                   switch 'lf<j>',   dpid 00:00:00:00:00:00:02:<j>
  host k on leaf j         host 'h<j>_<k>',  MAC 02:00:00:00:<j>:<k>, IP 10.0.<j>.<k>/16
"""

from mininet.link import TCLink
from mininet.node import Host, OVSSwitch
from mininet.topo import Topo

SPINE_DPID_BASE = 0x100
LEAF_DPID_BASE = 0x200


def spine_name(i):
    return 'sp%d' % i


def leaf_name(j):
    return 'lf%d' % j


def host_name(j, k):
    return 'h%d_%d' % (j, k)


def dpid_of(base, index):
    return '%016x' % (base + index)


class LabSwitch(OVSSwitch):
    """Open vSwitch as this machine can run it: userspace datapath (the kernel one is not
    available), OpenFlow 1.3 only, fail-mode secure (forward only what the controller installs)."""

    def __init__(self, name, **params):
        params.setdefault('datapath', 'user')
        params.setdefault('protocols', 'OpenFlow13')
        params.setdefault('failMode', 'secure')
        super().__init__(name, **params)

    def start(self, controllers):
        # A switch port is not an IP endpoint, but each Mininet port is a Linux interface in the
        # root namespace, and Linux would send IPv6 neighbour discovery and MLD from it into the
        # fabric. Keep it quiet, as a real switch port is.
        for intf in self.intfList():
            if intf.name != 'lo':
                self.cmd('sysctl -qw net.ipv6.conf.%s.disable_ipv6=1' % intf.name)
        super().start(controllers)


class LabHost(Host):
    """A host with TX checksum offload off: through the userspace datapath TCP does not pass
    otherwise (the checksums are never filled in)."""

    def config(self, **params):
        result = super().config(**params)
        for intf in self.intfList():
            self.cmd('ethtool -K %s tx off >/dev/null 2>&1' % intf.name)
        return result


class LeafSpineTopo(Topo):
    """Every leaf links to every spine; hosts hang off leaves.

    Positional parameters match `mn --topo leafspine,SPINES,LEAVES,HOSTS_PER_LEAF[,LINK_MBPS]`.
    With LINK_MBPS every link is shaped to that rate by an HTB qdisc on both ends (Mininet's
    TCLink), so the link, not the machine's CPU, is the bottleneck a test measures.
    """

    def build(self, spines=2, leaves=4, hosts_per_leaf=2, link_mbps=None):
        spines, leaves, hosts_per_leaf = int(spines), int(leaves), int(hosts_per_leaf)
        link = {} if link_mbps is None else {'cls': TCLink, 'bw': float(link_mbps)}
        if not (1 <= spines <= 255 and 1 <= leaves <= 255 and 0 <= hosts_per_leaf <= 254):
            raise ValueError('need 1-255 spines and leaves and 0-254 hosts per leaf, got %d,%d,%d'
                             % (spines, leaves, hosts_per_leaf))
        spine_switches = [self.addSwitch(spine_name(i), cls=LabSwitch, dpid=dpid_of(SPINE_DPID_BASE, i))
                          for i in range(1, spines + 1)]
        for j in range(1, leaves + 1):
            leaf = self.addSwitch(leaf_name(j), cls=LabSwitch, dpid=dpid_of(LEAF_DPID_BASE, j))
            for spine in spine_switches:
                self.addLink(leaf, spine, **link)
            for k in range(1, hosts_per_leaf + 1):
                host = self.addHost(host_name(j, k), cls=LabHost, mac='02:00:00:00:%02x:%02x' % (j, k),
                                    ip='10.0.%d.%d/16' % (j, k))
                self.addLink(host, leaf, **link)


topos = {'leafspine': LeafSpineTopo}
