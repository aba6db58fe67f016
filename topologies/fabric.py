"""Start and stop a Mininet fabric the way Sluice's lab needs it, and nothing more.

- Open vSwitch on the userspace datapath (the kernel datapath is not available here),
  OpenFlow 1.3 only, fail-mode secure, each switch named in its DESC (dp-desc).
- TX checksum offload off on every host interface: with the userspace datapath, TCP
  does not pass otherwise.
- Teardown stops exactly what was started: Mininet's own stop() for switches, links and
  hosts, and the controller node's shell by its pid (RemoteController.stop() does
  nothing). Never `mn -c`: it kills processes by name.
"""

import os
import signal
from functools import partial

from mininet.net import Mininet
from mininet.node import OVSSwitch, RemoteController


class Fabric:
    """A started Mininet network, as a context manager that always tears it down."""

    def __init__(self, topo, controller_ip='127.0.0.1', controller_port=6653):
        switch = partial(OVSSwitch, datapath='user', protocols='OpenFlow13', failMode='secure')
        self.net = Mininet(topo=topo, switch=switch, controller=None, autoSetMacs=False,
                           autoStaticArp=False, build=False, waitConnected=False)
        self.controller = self.net.addController(RemoteController('c0', ip=controller_ip,
                                                                  port=controller_port))
        self._started = False

    def __enter__(self):
        self.net.build()
        self._started = True
        self.net.start()
        for sw in self.net.switches:
            sw.cmd('ovs-vsctl set bridge %s other-config:dp-desc=%s' % (sw.name, sw.name))
        for host in self.net.hosts:
            for intf in host.intfList():
                host.cmd('ethtool -K %s tx off >/dev/null 2>&1' % intf.name)
        return self.net

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        if not self._started:
            return
        self._started = False
        # Ctrl-C during teardown must not leave half a fabric behind.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self.net.stop()
            shell = self.controller.shell
            if shell is not None and shell.poll() is None:
                os.killpg(shell.pid, signal.SIGHUP)
                shell.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
