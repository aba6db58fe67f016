package io.sluice.openflow.session;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * OpenFlow version negotiation (OpenFlow 1.3.5, section 6.3.1), for a controller that speaks
 * exactly one version, 1.3.
 */
final class VersionNegotiation {
    static final OFVersion VERSION = OFVersion.OF_13;
    private static final OFFactory FACTORY = OFFactories.getFactory(VERSION);

    private VersionNegotiation() {
    }

    /** Our HELLO: header version 1.3 and a version bitmap that offers 1.3 alone. */
    static OFHello ourHello(long xid) {
        OFHelloElem bitmap = FACTORY.helloElemVersionbitmap(List.of(U32.of(1L << VERSION.getWireVersion())));
        return FACTORY.buildHello().setXid(xid).setElements(List.of(bitmap)).build();
    }

    /**
     * Whether the peer of {@code theirs} can speak 1.3. A version bitmap, when present, decides
     * alone (section 6.3.1: with bitmaps on both sides the highest common version wins). Without
     * one, the header version is the highest the peer speaks and the session runs at the lower of
     * the two headers, so 1.3 or later will do. openflowj cannot read hello elements below 1.3, so
     * an older peer is judged by its header.
     */
    static boolean accepts(OFHello theirs) {
        int wire = theirs.getVersion().getWireVersion();
        if (wire >= VERSION.getWireVersion()) {
            for (OFHelloElem elem : theirs.getElements()) {
                if (elem instanceof OFHelloElemVersionbitmap) {
                    List<U32> words = ((OFHelloElemVersionbitmap) elem).getBitmaps();
                    return !words.isEmpty() && (words.get(0).getValue() & (1L << VERSION.getWireVersion())) != 0;
                }
            }
        }
        return wire >= VERSION.getWireVersion();
    }
}
