package io.sluice.bench.lab;

/**
 * The probe's request/response framing, shared by {@link InferenceServer} and {@link InferenceProbe}.
 * A request is a 12-byte header (request id, request length including the header, response length
 * wanted) and filler up to its length; the answer is an 8-byte header (request id, answer length)
 * and filler. Both big-endian, over one TCP connection that carries many requests in turn, as an
 * HTTP/2 or gRPC client does.
 */
final class InferenceWire {
    static final int REQUEST_HEADER = 12;
    static final int ANSWER_HEADER = 8;
    /** Larger answers are refused: the probe asks for a model's answer, not a bulk transfer. */
    static final int MAX_ANSWER = 16 * 1024 * 1024;

    private InferenceWire() {
    }
}
