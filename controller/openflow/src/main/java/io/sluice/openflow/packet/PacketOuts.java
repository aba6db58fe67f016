package io.sluice.openflow.packet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/** Frames the controller sends out of switch ports itself. */
public final class PacketOuts {
    private PacketOuts() {
    }

    /** One packet-out that sends {@code frame} out of each of {@code ports}, as if from the controller. */
    public static OFPacketOut toPorts(OFFactory f, Collection<Long> ports, byte[] frame) {
        List<OFAction> actions = new ArrayList<>(ports.size());
        for (long p : ports) {
            actions.add(f.actions().output(OFPort.of((int) p), 0xFFFF));
        }
        return f.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(actions)
                .setData(frame)
                .build();
    }
}
