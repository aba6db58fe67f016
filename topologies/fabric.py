"""Start and stop a Mininet fabric the way Sluice's lab needs it, and nothing more.

- Switches and hosts are leaf_spine's LabSwitch and LabHost unless the topology says
  otherwise (userspace datapath, OpenFlow 1.3, fail-mode secure, TX offload off); each
  switch is named in its DESC (dp-desc), so the controller can show which is which.
- Teardown stops exactly what was started, even when the start was interrupted half-way:
  Mininet's own stop() first, then every node's shell by its pid (RemoteController.stop()
  does nothing), then any bridge or link of this topology that did not exist before the
  run and still does. Never Mininet's global clean-up: it kills processes by name.
"""

import os
import signal
import subprocess
import sys
from mininet.net import Mininet
from mininet.node import RemoteController

from leaf_spine import LabHost, LabSwitch


class FabricRefused(RuntimeError):
    """The fabric cannot start without touching something that is not ours."""


def _bridges():
    out = subprocess.run(['ovs-vsctl', 'list-br'], capture_output=True, text=True, check=False).stdout
    return set(out.split())


def _links():
    out = subprocess.run(['ip', '-o', 'link', 'show'], capture_output=True, text=True, check=False).stdout
    # "12: lf1-eth1@sp1-eth1: <...>" -> "lf1-eth1"
    return {line.split(':')[1].strip().split('@')[0] for line in out.splitlines() if ':' in line}


def _planned_interfaces(topo):
    """Root-namespace interfaces the topology will create: those of its switches."""
    names = set()
    switches = set(topo.switches())
    for node1, node2, info in topo.links(withInfo=True):
        for node, port in ((node1, info.get('port1')), (node2, info.get('port2'))):
            if node in switches and port is not None:
                names.add('%s-eth%s' % (node, port))
    return names


class Fabric:
    """A started Mininet network, as a context manager that always tears it down."""

    def __init__(self, topo, controller_ip='127.0.0.1', controller_port=6653):
        self.topo = topo
        self.net = Mininet(topo=topo, switch=LabSwitch, host=LabHost, controller=None, autoSetMacs=False,
                           autoStaticArp=False, build=False, waitConnected=False)
        self.controller = self.net.addController(RemoteController('c0', ip=controller_ip,
                                                                  port=controller_port))
        self._started = False
        self._bridges_before = set()
        self._links_before = set()

    def __enter__(self):
        self._bridges_before = _bridges()
        self._links_before = _links()
        # Mininet deletes a bridge or interface that has a name it wants: refuse rather than
        # take someone else's.
        taken = sorted((set(self.topo.switches()) & self._bridges_before)
                       | (_planned_interfaces(self.topo) & self._links_before))
        if taken:
            raise FabricRefused('refusing to start: %s already exist(s) and may not be ours; remove them '
                               'first if they are (ovs-vsctl del-br NAME, ip link del NAME)' % ', '.join(taken))
        self._started = True
        try:
            self.net.build()
            self.net.start()
            for sw in self.net.switches:
                sw.cmd('ovs-vsctl set bridge %s other-config:dp-desc=%s' % (sw.name, sw.name))
        except BaseException:
            # __exit__ does not run when __enter__ fails: tear down the half-built fabric here.
            self.stop()
            raise
        return self.net

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        # Signals off first: a Ctrl-C (or TERM) during teardown must not leave half a fabric behind.
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
        if not self._started:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            return
        self._started = False
        try:
            try:
                self.net.stop()
            except Exception as e:  # a half-built network can trip Mininet's own stop()
                print('mininet stop() failed (%r); removing what is left one by one' % e, file=sys.stderr)
            for node in self.net.hosts + self.net.switches + self.net.controllers:
                _end_shell(node)
        finally:
            self._remove_leftovers()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _remove_leftovers(self):
        for bridge in (set(self.topo.switches()) - self._bridges_before) & _bridges():
            subprocess.run(['ovs-vsctl', '--if-exists', 'del-br', bridge], check=False)
        for link in (_planned_interfaces(self.topo) - self._links_before) & _links():
            subprocess.run(['ip', 'link', 'del', link], check=False, stderr=subprocess.DEVNULL)


def _end_shell(node, grace=5):
    """Ends a node's shell (and what it started) by its process group: HUP, then KILL."""
    shell = node.shell
    if shell is None or shell.poll() is not None:
        return
    try:
        os.killpg(shell.pid, signal.SIGHUP)
        shell.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(shell.pid, signal.SIGKILL)
        shell.wait()
    except OSError:
        pass  # already gone


def interrupt_on_signals():
    """Turns the first SIGINT or SIGTERM into KeyboardInterrupt, so that `with Fabric(...)`
    tears down; later ones are ignored until then. Installed explicitly because a script started
    in the background by a shell inherits SIGINT ignored."""
    def handler(signum, frame):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
