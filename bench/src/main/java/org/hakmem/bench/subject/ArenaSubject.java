package org.hakmem.bench.subject;

import java.lang.foreign.Arena;
import org.hakmem.box.api.NativeMemory;

/**
 * One {@link Arena} per allocation, closed to free: what the JDK alone offers for individually
 * freed blocks. Confined arenas where one thread allocates and frees; shared ones where another
 * thread frees (closing a shared arena costs a handshake with every thread).
 */
final class ArenaSubject extends Subject {

    private final boolean shared;
    private final HandleTable<Arena> handles;
    private final long[] addresses;

    ArenaSubject(boolean shared) {
        this(shared, new HandleTable<>(), new long[1 << 21]);
    }

    private ArenaSubject(boolean shared, HandleTable<Arena> handles, long[] addresses) {
        this.shared = shared;
        this.handles = handles;
        this.addresses = addresses;
    }

    @Override
    public String name() {
        return "arena";
    }

    @Override
    public long malloc(long size) {
        Arena a = shared ? Arena.ofShared() : Arena.ofConfined();
        long address = a.allocate(size, 16).address();
        long h = handles.put(a);
        addresses[(int) (h - 1)] = address;
        return h;
    }

    @Override
    public void touch(long handle, long size) {
        long a = addresses[(int) (handle - 1)];
        NativeMemory.putByte(a, (byte) 1);
        NativeMemory.putByte(a + size - 1, (byte) 1);
    }

    @Override
    public void free(long handle) {
        handles.take(handle).close();
    }

    @Override
    public Subject forThread() {
        return new ArenaSubject(shared, handles.forThread(), addresses);
    }
}
