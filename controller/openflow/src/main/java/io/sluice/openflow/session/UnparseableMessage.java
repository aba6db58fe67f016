package io.sluice.openflow.session;

/**
 * A message that arrived whole (its header and length are sound) but that openflowj cannot read,
 * such as an error code or experimenter message newer than the library. The byte stream is still
 * in step, so the session decides: fatal during the handshake, skipped (and logged) once active.
 *
 * @param version wire version from the header
 * @param type    message type from the header
 * @param xid     transaction id from the header
 * @param length  length from the header
 * @param reason  why it does not parse
 */
public record UnparseableMessage(int version, int type, long xid, int length, String reason) {
    @Override
    public String toString() {
        return String.format("message (version 0x%02x, type %d, xid %d, length %d) that does not parse: %s",
                version, type, xid, length, reason);
    }
}
