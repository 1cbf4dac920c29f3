package io.canarygate.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler on virtual time. Nothing runs until the test drives it: {@link #runUntil(CompletableFuture, Duration)}
 * jumps the clock from one due task to the next, so an hour of analysis takes milliseconds. Tasks run on the calling
 * thread, in due order, ties in submission order.
 */
public final class VirtualScheduler implements Scheduler {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    public VirtualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Instant due = delay.isNegative() ? now : now.plus(delay);
        Entry entry = new Entry(due, sequence++, task);
        queue.add(entry);
        return () -> {
            synchronized (VirtualScheduler.this) {
                return queue.remove(entry);
            }
        };
    }

    /** Moves the clock forward by {@code duration}, running every task that falls due on the way. */
    public void advance(Duration duration) {
        Instant target;
        synchronized (this) {
            target = now.plus(duration);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            next.task.run();
        }
    }

    /**
     * Runs due tasks, jumping the clock, until {@code future} completes; fails if the clock would pass {@code limit}
     * of virtual time or nothing is left to run.
     */
    public <T> T runUntil(CompletableFuture<T> future, Duration limit) throws TimeoutException {
        Instant end;
        synchronized (this) {
            end = now.plus(limit);
        }
        while (!future.isDone()) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null) {
                    throw new TimeoutException("nothing scheduled and the future is not complete at " + now);
                }
                if (next.due.isAfter(end)) {
                    throw new TimeoutException("future not complete within " + limit + " of virtual time");
                }
                queue.poll();
                now = next.due;
            }
            next.task.run();
        }
        return future.join();
    }

    /** Number of tasks waiting to run. */
    public synchronized int pending() {
        return queue.size();
    }

    private record Entry(Instant due, long seq, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
