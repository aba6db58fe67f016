"""Leaf-spine fabrics for Sluice, on Open vSwitch's userspace datapath.

Usable three ways:
  * from Python:  from leaf_spine import LeafSpineTopo  (and fabric.Fabric to run it)
  * from mn:      mn --custom topologies/leaf_spine.py --topo leafspine,2,4,2 \
                     --switch ovs,datapath=user,protocols=OpenFlow13 \
                     --controller remote,ip=127.0.0.1,port=6653
  * from Sluice:  ./sluice demo

Names, datapath ids, MACs and IPs are deterministic, so tests and people can refer to them:
  spine i (1-based)        switch 'sp<i>',   dpid 00:00:00:00:00:00:01:<i>
  leaf j                   switch 'lf<j>',   dpid 00:00:00:00:00:00:02:<j>
  host k on leaf j         host 'h<j>_<k>',  MAC 02:00:00:00:<j>:<k>, IP 10.0.<j>.<k>/16
"""

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


class LeafSpineTopo(Topo):
    """Every leaf links to every spine; hosts hang off leaves.

    Positional parameters match `mn --topo leafspine,SPINES,LEAVES,HOSTS_PER_LEAF`.
    """

    def build(self, spines=2, leaves=4, hosts_per_leaf=2):
        spines, leaves, hosts_per_leaf = int(spines), int(leaves), int(hosts_per_leaf)
        if not (1 <= spines <= 255 and 1 <= leaves <= 255 and 0 <= hosts_per_leaf <= 254):
            raise ValueError('need 1-255 spines and leaves and 0-254 hosts per leaf, got %d,%d,%d'
                             % (spines, leaves, hosts_per_leaf))
        spine_switches = [self.addSwitch(spine_name(i), dpid=dpid_of(SPINE_DPID_BASE, i))
                          for i in range(1, spines + 1)]
        for j in range(1, leaves + 1):
            leaf = self.addSwitch(leaf_name(j), dpid=dpid_of(LEAF_DPID_BASE, j))
            for spine in spine_switches:
                self.addLink(leaf, spine)
            for k in range(1, hosts_per_leaf + 1):
                host = self.addHost(host_name(j, k), mac='02:00:00:00:%02x:%02x' % (j, k),
                                    ip='10.0.%d.%d/16' % (j, k))
                self.addLink(host, leaf)


topos = {'leafspine': LeafSpineTopo}
