package io.sluice.server.policy.store;

import io.sluice.core.policy.AppendChecks;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a document becomes the bytes that are stored and checksummed. The store keeps the UTF-8
 * bytes itself (a BLOB) rather than handing a String to the driver, so that the checksum is over
 * exactly the bytes on disk; strict coding so that a lone surrogate is refused on the way in
 * rather than silently replaced (which would make the stored text differ from what was given).
 */
final class Documents {
    private Documents() {
    }

    /** The document's UTF-8 bytes; throws IllegalArgumentException if it is not well-formed Unicode. */
    static byte[] encode(String document) {
        return AppendChecks.utf8(document);
    }

    /** Decodes stored bytes; throws CharacterCodingException if they are not valid UTF-8. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** Lower-case hex SHA-256 of the bytes. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new AssertionError(e);
        }
    }
}
