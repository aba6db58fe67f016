package io.sluice.openflow.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsType;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * Requests a switch has not answered yet, by transaction id (xid). Matches replies and errors to
 * them and fails them at their deadline. Confined to the session's thread.
 */
final class PendingRequests {
    private final Supplier<String> switchName;
    private final Map<Long, Pending<?>> byXid = new HashMap<>();
    /** Messages of a barrier-confirmed write, pointing at the batch that owns them. */
    private final Map<Long, BarrierBatch> batchOfMember = new HashMap<>();

    PendingRequests(Supplier<String> switchName) {
        this.switchName = switchName;
    }

    /** Expects one reply of type {@code replyType} to xid. */
    <T extends OFMessage> CompletableFuture<T> expectReply(long xid, Class<T> replyType, String what, long deadline) {
        SingleReply<T> p = new SingleReply<>(replyType, what, deadline);
        track(xid, p);
        return p.future;
    }

    /** Expects a multipart reply to xid, possibly in several parts. */
    <R extends OFStatsReply> CompletableFuture<List<R>> expectMultipart(long xid, OFStatsType statsType, String what,
            long deadline) {
        MultipartReply<R> p = new MultipartReply<>(statsType, what, deadline);
        track(xid, p);
        return p.future;
    }

    /** Expects the barrier reply to barrierXid, with errors for any of memberXids failing the batch. */
    CompletableFuture<Void> expectBarrier(long barrierXid, List<Long> memberXids, String what, long deadline) {
        BarrierBatch batch = new BarrierBatch(memberXids, what, deadline);
        track(barrierXid, batch);
        for (Long member : memberXids) {
            batchOfMember.put(member, batch);
        }
        return batch.future;
    }

    /** xids wrap after 2^32 requests; one still unanswered by then is failed, not left hanging. */
    private void track(long xid, Pending<?> p) {
        Pending<?> stale = byXid.put(xid, p);
        if (stale != null) {
            forgetMembers(stale);
            stale.fail(new TimeoutException(switchName.get() + " never answered " + stale.what + " (xid reused)"));
        }
    }

    /** Offers a reply; true when it answered a pending request. */
    boolean onReply(OFMessage reply) {
        Pending<?> p = byXid.get(reply.getXid());
        if (p == null || !p.accepts(reply)) {
            return false;
        }
        if (p.onReply(reply)) {
            forget(reply.getXid(), p);
        }
        return true;
    }

    /** Offers an error; true when it concerned a pending request. */
    boolean onError(OFErrorMsg error) {
        BarrierBatch batch = batchOfMember.get(error.getXid());
        if (batch != null) {
            // The switch processes in order: the batch's barrier reply still follows.
            batch.errors.add(error);
            return true;
        }
        Pending<?> p = byXid.get(error.getXid());
        if (p == null) {
            return false;
        }
        forget(error.getXid(), p);
        p.fail(new OpenFlowErrorException(switchName.get(), List.of(error)));
        return true;
    }

    /** Fails every request whose deadline has passed. */
    void expire(long now) {
        List<Pending<?>> expired = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Pending<?>>> it = byXid.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Pending<?>> e = it.next();
            if (now - e.getValue().deadline >= 0) {
                it.remove();
                expired.add(e.getValue());
            }
        }
        for (Pending<?> p : expired) {
            forgetMembers(p);
            p.fail(new TimeoutException(switchName.get() + " did not answer " + p.what + " in time"));
        }
    }

    /** Fails everything, for a session that ended. */
    void failAll(Throwable cause) {
        List<Pending<?>> all = new ArrayList<>(byXid.values());
        byXid.clear();
        batchOfMember.clear();
        all.forEach(p -> p.fail(cause));
    }

    int size() {
        return byXid.size();
    }

    private void forget(long xid, Pending<?> p) {
        byXid.remove(xid);
        forgetMembers(p);
    }

    private void forgetMembers(Pending<?> p) {
        if (p instanceof BarrierBatch) {
            ((BarrierBatch) p).members.forEach(batchOfMember::remove);
        }
    }

    private abstract static class Pending<V> {
        final String what;
        final long deadline;
        final CompletableFuture<V> future = new CompletableFuture<>();

        Pending(String what, long deadline) {
            this.what = what;
            this.deadline = deadline;
        }

        abstract boolean accepts(OFMessage reply);

        /** Takes a reply; true when the request is complete. */
        abstract boolean onReply(OFMessage reply);

        final void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    private static final class SingleReply<T extends OFMessage> extends Pending<T> {
        final Class<T> type;

        SingleReply(Class<T> type, String what, long deadline) {
            super(what, deadline);
            this.type = type;
        }

        @Override
        boolean accepts(OFMessage reply) {
            return type.isInstance(reply);
        }

        @Override
        boolean onReply(OFMessage reply) {
            future.complete(type.cast(reply));
            return true;
        }
    }

    /** Every part of a multipart reply carries the request's stats type, which fixes its Java type. */
    private static final class MultipartReply<R extends OFStatsReply> extends Pending<List<R>> {
        final OFStatsType statsType;
        final List<R> parts = new ArrayList<>();

        MultipartReply(OFStatsType statsType, String what, long deadline) {
            super(what, deadline);
            this.statsType = statsType;
        }

        @Override
        boolean accepts(OFMessage reply) {
            return reply instanceof OFStatsReply && ((OFStatsReply) reply).getStatsType() == statsType;
        }

        @Override
        @SuppressWarnings("unchecked")
        boolean onReply(OFMessage reply) {
            R part = (R) reply;
            parts.add(part);
            if (part.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                return false;
            }
            future.complete(List.copyOf(parts));
            return true;
        }
    }

    private final class BarrierBatch extends Pending<Void> {
        final List<Long> members;
        final List<OFErrorMsg> errors = new ArrayList<>();

        BarrierBatch(List<Long> members, String what, long deadline) {
            super(what, deadline);
            this.members = List.copyOf(members);
        }

        @Override
        boolean accepts(OFMessage reply) {
            return reply.getType() == OFType.BARRIER_REPLY;
        }

        @Override
        boolean onReply(OFMessage reply) {
            if (errors.isEmpty()) {
                future.complete(null);
            } else {
                future.completeExceptionally(new OpenFlowErrorException(switchName.get(), errors));
            }
            return true;
        }
    }
}
