package org.hakmem.bench.subject;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Netty's pooled or adaptive allocator, direct buffers. Fair runs give ordinary threads a cache:
 * the runner starts forks with {@code -Dio.netty.allocator.useCacheForAllThreads=true}.
 */
final class NettySubject extends Subject {

    private final String name;
    private final ByteBufAllocator allocator;
    private final HandleTable<ByteBuf> handles;

    NettySubject(boolean adaptive) {
        this(adaptive ? "netty-adaptive" : "netty-pooled",
                adaptive ? new AdaptiveByteBufAllocator(true, true) : new PooledByteBufAllocator(true),
                new HandleTable<>());
    }

    private NettySubject(String name, ByteBufAllocator allocator, HandleTable<ByteBuf> handles) {
        this.name = name;
        this.allocator = allocator;
        this.handles = handles;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long malloc(long size) {
        return handles.put(allocator.directBuffer((int) size, (int) size));
    }

    @Override
    public void touch(long handle, long size) {
        ByteBuf b = handles.take(handle);
        b.setByte(0, 1);
        b.setByte((int) size - 1, 1);
        handles.put(b);
    }

    @Override
    public void free(long handle) {
        handles.take(handle).release();
    }

    @Override
    public Subject forThread() {
        return new NettySubject(name, allocator, handles.forThread());
    }
}
