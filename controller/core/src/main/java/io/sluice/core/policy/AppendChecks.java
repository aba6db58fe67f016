package io.sluice.core.policy;

import static io.sluice.core.policy.PolicyStore.MAX_AUTHOR_LENGTH;
import static io.sluice.core.policy.PolicyStore.MAX_COMMENT_LENGTH;
import static io.sluice.core.policy.PolicyStore.MAX_DOCUMENT_BYTES;

import io.sluice.core.policy.PolicyStore;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The checks on {@link PolicyStore#append}'s arguments, the same for every store, done before any
 * lock is taken.
 */
public final class AppendChecks {
    private AppendChecks() {
    }

    /** Checks every argument; returns the document's UTF-8 bytes, as a store keeps them. */
    public static byte[] check(String document, String author, String comment, OptionalLong expectedLatest) {
        Objects.requireNonNull(document, "document must not be null");
        Objects.requireNonNull(expectedLatest, "expectedLatest must not be null (use OptionalLong.empty())");
        checkAuthor(author);
        checkComment(comment);
        if (expectedLatest.isPresent() && expectedLatest.getAsLong() < 0) {
            throw new IllegalArgumentException("expectedLatest must be 0 or more, was " + expectedLatest.getAsLong());
        }
        byte[] body = utf8(document);
        if (body.length > MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("document is " + body.length + " bytes in UTF-8; at most "
                    + MAX_DOCUMENT_BYTES + " allowed");
        }
        return body;
    }

    /**
     * The text's UTF-8 bytes, strictly: a lone surrogate is refused (IllegalArgumentException) rather
     * than silently replaced, which would make what is stored differ from what was given.
     */
    public static byte[] utf8(String document) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(document));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("document is not well-formed Unicode (a lone surrogate?): " + e, e);
        }
    }

    private static void checkAuthor(String author) {
        Objects.requireNonNull(author, "author must not be null");
        if (author.isBlank()) {
            throw new IllegalArgumentException("author must not be blank");
        }
        if (author.length() > MAX_AUTHOR_LENGTH) {
            throw new IllegalArgumentException("author is " + author.length() + " chars; at most "
                    + MAX_AUTHOR_LENGTH + " allowed");
        }
        checkText("author", author);
    }

    private static void checkComment(String comment) {
        Objects.requireNonNull(comment, "comment must not be null (use \"\" for none)");
        if (comment.length() > MAX_COMMENT_LENGTH) {
            throw new IllegalArgumentException("comment is " + comment.length() + " chars; at most "
                    + MAX_COMMENT_LENGTH + " allowed");
        }
        checkText("comment", comment);
    }

    /** Refuses lone surrogates, which a store would keep as something other than what was given. */
    private static void checkText(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new IllegalArgumentException(field + " is not well-formed Unicode: lone surrogate at index " + i);
            }
        }
    }
}
