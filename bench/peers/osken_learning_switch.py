"""A minimal learning switch for os-ken (OpenFlow 1.3), the peer Sluice's benchmarks compare with.

Debian's python3-os-ken ships the framework but no sample applications, so the comparison carries
this one. It does what cbench-style comparisons expect of a learning switch and no more: it installs
a table-miss entry that sends packets to the controller, learns each source MAC on its port, and
answers every packet-in with exactly one PACKET_OUT carrying the frame, to the learned port of the
destination or flooded when it is unknown. It installs no per-flow rules, so one packet-in is one
reply. The MACs are read from the frame's first 12 bytes rather than with os-ken's packet library:
the figure should be the framework's cost, not a parser's.

Two benchmark switches, read from the environment:
  SLUICE_BENCH_FLOWMODS=K   on each switch's connection, also write K FLOW_MODs (a TCP port each,
                            priorities 1000.., output to port 1) and a barrier: the flowmods mode.
  (discovery: run osken-manager with --observe-links and os_ken.topology.switches beside this app.)

Run: osken-manager --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port 6655 bench/peers/osken_learning_switch.py
"""

import os

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER, set_ev_cls
from os_ken.ofproto import ofproto_v1_3


class BenchLearningSwitch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.macs = {}  # datapath id -> {mac bytes: port}
        self.flowmods = int(os.environ.get('SLUICE_BENCH_FLOWMODS', '0') or 0)

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def switch_features(self, ev):
        dp = ev.msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        # OpenFlow 1.3 drops a table miss unless an entry says otherwise: send it up, whole.
        miss = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                             [parser.OFPActionOutput(ofp.OFPP_CONTROLLER, ofp.OFPCML_NO_BUFFER)])]
        dp.send_msg(parser.OFPFlowMod(datapath=dp, priority=0, match=parser.OFPMatch(), instructions=miss))
        for i in range(self.flowmods):
            match = parser.OFPMatch(eth_type=0x0800, ip_proto=6, tcp_dst=20000 + i)
            out = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [parser.OFPActionOutput(1)])]
            dp.send_msg(parser.OFPFlowMod(datapath=dp, priority=1000 + i, match=match, instructions=out))
        if self.flowmods:
            dp.send_msg(parser.OFPBarrierRequest(dp))

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        in_port = msg.match['in_port']
        data = msg.data
        if len(data) < 14 or data[12:14] == b'\x88\xcc':
            return  # LLDP belongs to the topology app when it runs; a runt has no MACs
        table = self.macs.setdefault(dp.id, {})
        table[bytes(data[6:12])] = in_port
        out = table.get(bytes(data[0:6]), ofp.OFPP_FLOOD)
        buffered = msg.buffer_id != ofp.OFP_NO_BUFFER
        dp.send_msg(parser.OFPPacketOut(datapath=dp, buffer_id=msg.buffer_id, in_port=in_port,
                                        actions=[parser.OFPActionOutput(out)], data=None if buffered else data))
