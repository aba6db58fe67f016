package io.sluice.core.discovery.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.LLDP;

/** The probe format: what it carries, and that no field can be changed without the key. */
class ProbeCodecTest {
    private static final ConnectPoint FROM = ConnectPoint.of(Ids.of(0x201), 3);
    private final ProbeCodec codec = new ProbeCodec(77, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private static LLDP lldp(byte[] frame) throws Exception {
        Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        assertThat(eth.getEtherType()).isEqualTo(Ethernet.TYPE_LLDP);
        assertThat(eth.getDestinationMAC().toString()).isEqualToIgnoringCase("01:80:c2:00:00:0e");
        return (LLDP) eth.getPayload();
    }

    private byte[] probe() {
        return codec.encode(FROM, MacAddress.parse("02:00:00:00:02:03"), 0x5EEDL);
    }

    @Test
    void aProbeDecodesToWhereItCameFromAndItsNonce() throws Exception {
        ProbeCodec.Decoded d = codec.decode(lldp(probe()));
        assertThat(d.kind).isEqualTo(ProbeCodec.Decoded.Kind.VALID);
        assertThat(d.origin).isEqualTo(FROM);
        assertThat(d.nonce).isEqualTo(0x5EEDL);
    }

    @Test
    void changingTheClaimedOriginBreaksTheSignature() throws Exception {
        byte[] forged = withOrigin(probe(), "0000000000000101", "1");
        ProbeCodec.Decoded d = codec.decode(lldp(forged));
        assertThat(d.kind).isEqualTo(ProbeCodec.Decoded.Kind.FORGED);
        assertThat(d.detail).contains("signature does not match").contains("of:0000000000000101/1");
    }

    @Test
    void aClaimedOriginThatIsNoPhysicalPortOrNoDeviceIsMalformedNotASignatureMismatch() throws Exception {
        for (String[] origin : new String[][] {{"0000000000000101", "-1"}, {"0000000000000101", "+3"},
                {"0000000000000101", "007"}, {"0000000000000101", "4294967295"}, {"zz", "1"}}) {
            ProbeCodec.Decoded d = codec.decode(lldp(withOrigin(probe(), origin[0], origin[1])));
            assertThat(d.kind).as("%s/%s", origin[0], origin[1]).isEqualTo(ProbeCodec.Decoded.Kind.FORGED);
            assertThat(d.detail).contains("fields missing or malformed");
        }
    }

    @Test
    void changingAnyByteOfTheNonceOrSignatureIsForged() throws Exception {
        byte[] original = probe();
        int end = original.length - 2; // the end TLV
        // The signature TLV's 16-byte value ends there; the nonce TLV's 8-byte value ends 6 bytes
        // (header, company id, subtype) before the signature TLV starts.
        int signature = end - 16;
        int nonce = end - 16 - 6 - 8;
        int changed = 0;
        for (int i = 0; i < 24; i++) {
            int at = i < 8 ? nonce + i : signature + i - 8;
            byte[] copy = original.clone();
            copy[at] ^= 0x01;
            assertThat(codec.decode(lldp(copy)).kind).as("byte %d", at).isEqualTo(ProbeCodec.Decoded.Kind.FORGED);
            changed++;
        }
        assertThat(changed).isEqualTo(24);
    }

    @Test
    void aDifferentKeyCannotProduceAValidProbe() throws Exception {
        ProbeCodec sameInstanceOtherKey = new ProbeCodec(77, new byte[32]);
        byte[] forged = sameInstanceOtherKey.encode(FROM, MacAddress.parse("02:00:00:00:02:03"), 1);
        assertThat(codec.decode(lldp(forged)).kind).isEqualTo(ProbeCodec.Decoded.Kind.FORGED);
    }

    @Test
    void lldpWithoutOurFieldsIsNotOurs() throws Exception {
        LLDP plain = lldp(probe());
        plain.getOptionalTLVList().clear();
        assertThat(codec.decode(plain).kind).isEqualTo(ProbeCodec.Decoded.Kind.NOT_OURS);
    }

    /**
     * The frame with its chassis and port TLVs rewritten to claim {@code dpidHex}/{@code port},
     * everything else (instance, nonce, signature) kept: what a host that heard a probe can make.
     */
    static byte[] withOrigin(byte[] frame, String dpidHex, String port) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, 14);
        int i = 14;
        while (i + 2 <= frame.length) {
            int header = ((frame[i] & 0xFF) << 8) | (frame[i + 1] & 0xFF);
            int type = header >>> 9;
            int length = header & 0x1FF;
            byte[] value = java.util.Arrays.copyOfRange(frame, i + 2, i + 2 + length);
            if (type == 1) {
                value = ("\u0007of:" + dpidHex).getBytes(StandardCharsets.US_ASCII);
            } else if (type == 2) {
                value = ("\u0007" + port).getBytes(StandardCharsets.US_ASCII);
            }
            out.write((type << 1) | (value.length >>> 8));
            out.write(value.length & 0xFF);
            out.write(value, 0, value.length);
            i += 2 + length;
            if (type == 0) {
                break;
            }
        }
        return out.toByteArray();
    }
}
