package io.sluice.core.discovery.impl;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.onlab.packet.Ethernet;
import org.onlab.packet.LLDP;
import org.onlab.packet.LLDPOrganizationalTLV;
import org.onlab.packet.LLDPTLV;

/**
 * Sluice's link probes: standard LLDP frames (chassis = the device id, port = port number) with
 * three organisation-specific TLVs: the controller instance that sent the probe, a one-time
 * nonce, and an HMAC-SHA256 over all of them under a key that never leaves the controller. A host
 * cannot forge a probe without the key, and cannot replay one unnoticed: the nonce is checked
 * against the probes actually sent (see {@link LinkDiscovery}).
 */
final class ProbeCodec {
    /** LLDP's nearest-bridge group address: never forwarded by a standards-conforming bridge. */
    static final org.onlab.packet.MacAddress LLDP_MULTICAST = org.onlab.packet.MacAddress.valueOf("01:80:c2:00:00:0e");
    /** A locally administered company id ("5A" has the local bit set), "51CE" for Sluice. */
    private static final byte[] OUI = {0x5A, 0x51, (byte) 0xCE};
    private static final byte INSTANCE_SUBTYPE = 1;
    private static final byte NONCE_SUBTYPE = 2;
    private static final byte SIGNATURE_SUBTYPE = 3;
    private static final int SIGNATURE_LENGTH = 16;
    private static final byte LOCALLY_ASSIGNED = 7;
    private static final short TTL_SECONDS = 120;

    private final long instanceId;
    private final ThreadLocal<Mac> hmac;

    ProbeCodec(long instanceId, byte[] key) {
        this.instanceId = instanceId;
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
            }
        });
    }

    /** A probe to send out of {@code from}, with the port's own MAC as source. */
    byte[] encode(ConnectPoint from, MacAddress portMac, long nonce) {
        LLDP lldp = new LLDP();
        lldp.setChassisId(tlv(LLDP.CHASSIS_TLV_TYPE, locallyAssigned(from.deviceId().uri())));
        lldp.setPortId(tlv(LLDP.PORT_TLV_TYPE, locallyAssigned(Long.toString(from.port()))));
        lldp.setTtl(tlv(LLDP.TTL_TLV_TYPE, ByteBuffer.allocate(2).putShort(TTL_SECONDS).array()));
        lldp.addOptionalTLV(org(INSTANCE_SUBTYPE, longBytes(instanceId)));
        lldp.addOptionalTLV(org(NONCE_SUBTYPE, longBytes(nonce)));
        lldp.addOptionalTLV(org(SIGNATURE_SUBTYPE, sign(from, nonce, instanceId)));
        Ethernet eth = new Ethernet();
        eth.setDestinationMACAddress(LLDP_MULTICAST);
        eth.setSourceMACAddress(org.onlab.packet.MacAddress.valueOf(portMac.toLong()));
        eth.setEtherType(Ethernet.TYPE_LLDP);
        eth.setPayload(lldp);
        return eth.serialize();
    }

    /** What a received LLDP frame is, as far as Sluice can tell from the frame alone. */
    Decoded decode(LLDP lldp) {
        byte[] instance = null;
        byte[] nonce = null;
        byte[] signature = null;
        for (LLDPTLV t : lldp.getOptionalTLVList()) {
            if (t instanceof LLDPOrganizationalTLV && t.getType() == LLDPOrganizationalTLV.ORGANIZATIONAL_TLV_TYPE) {
                LLDPOrganizationalTLV o = (LLDPOrganizationalTLV) t;
                if (Arrays.equals(o.getOUI(), OUI)) {
                    switch (o.getSubType()) {
                        case INSTANCE_SUBTYPE:
                            instance = o.getInfoString();
                            break;
                        case NONCE_SUBTYPE:
                            nonce = o.getInfoString();
                            break;
                        case SIGNATURE_SUBTYPE:
                            signature = o.getInfoString();
                            break;
                        default:
                            break;
                    }
                }
            }
        }
        if (instance == null && nonce == null && signature == null) {
            return Decoded.notOurs();
        }
        Optional<ConnectPoint> from = origin(lldp);
        if (instance == null || instance.length != 8 || nonce == null || nonce.length != 8 || signature == null
                || from.isEmpty()) {
            return Decoded.forged("probe fields missing or malformed");
        }
        long instanceValue = ByteBuffer.wrap(instance).getLong();
        long nonceValue = ByteBuffer.wrap(nonce).getLong();
        if (instanceValue != instanceId) {
            return Decoded.otherController(instanceValue);
        }
        if (!MessageDigest.isEqual(signature, sign(from.get(), nonceValue, instanceValue))) {
            return Decoded.forged("signature does not match (claims " + from.get() + ")");
        }
        return Decoded.valid(from.get(), nonceValue);
    }

    private static Optional<ConnectPoint> origin(LLDP lldp) {
        String chassis = locallyAssignedText(lldp.getChassisId());
        String port = locallyAssignedText(lldp.getPortId());
        if (chassis == null || port == null || !port.matches("[1-9][0-9]{0,9}")
                || !Port.isPhysicalNumber(Long.parseLong(port))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConnectPoint.of(DeviceId.of(chassis), Long.parseLong(port)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(ConnectPoint from, long nonce, long instance) {
        Mac m = hmac.get();
        m.update(longBytes(instance));
        byte[] device = from.deviceId().uri().getBytes(StandardCharsets.UTF_8);
        m.update(longBytes(device.length)); // length first: no two (device, port) pairs sign alike
        m.update(device);
        m.update(longBytes(from.port()));
        m.update(longBytes(nonce));
        return Arrays.copyOf(m.doFinal(), SIGNATURE_LENGTH);
    }

    private static LLDPTLV tlv(byte type, byte[] value) {
        return new LLDPTLV().setType(type).setLength((short) value.length).setValue(value);
    }

    private static LLDPOrganizationalTLV org(byte subtype, byte[] info) {
        LLDPOrganizationalTLV t = new LLDPOrganizationalTLV();
        t.setOUI(OUI);
        t.setSubType(subtype);
        t.setInfoString(info);
        t.setLength((short) (LLDPOrganizationalTLV.OUI_LENGTH + LLDPOrganizationalTLV.SUBTYPE_LENGTH + info.length));
        return t;
    }

    private static byte[] locallyAssigned(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        byte[] value = new byte[ascii.length + 1];
        value[0] = LOCALLY_ASSIGNED;
        System.arraycopy(ascii, 0, value, 1, ascii.length);
        return value;
    }

    private static String locallyAssignedText(LLDPTLV tlv) {
        if (tlv == null || tlv.getValue() == null || tlv.getValue().length < 2 || tlv.getValue()[0] != LOCALLY_ASSIGNED) {
            return null;
        }
        byte[] v = tlv.getValue();
        return new String(v, 1, v.length - 1, StandardCharsets.US_ASCII);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** The verdict on one received frame. */
    static final class Decoded {
        /** What kind of frame it is. */
        enum Kind { VALID, NOT_OURS, OTHER_CONTROLLER, FORGED }

        final Kind kind;
        final ConnectPoint origin;
        final long nonce;
        final String detail;

        private Decoded(Kind kind, ConnectPoint origin, long nonce, String detail) {
            this.kind = kind;
            this.origin = origin;
            this.nonce = nonce;
            this.detail = detail;
        }

        static Decoded valid(ConnectPoint origin, long nonce) {
            return new Decoded(Kind.VALID, origin, nonce, "");
        }

        static Decoded notOurs() {
            return new Decoded(Kind.NOT_OURS, null, 0, "");
        }

        static Decoded otherController(long instance) {
            return new Decoded(Kind.OTHER_CONTROLLER, null, 0, "from controller instance " + Long.toHexString(instance));
        }

        static Decoded forged(String why) {
            return new Decoded(Kind.FORGED, null, 0, why);
        }
    }
}
