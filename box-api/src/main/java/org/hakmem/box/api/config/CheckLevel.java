package org.hakmem.box.api.config;

/**
 * How much checking the boxes do on every call. The level is read once into the configuration;
 * boxes choose their checked or plain variant when they are built, so the default level costs
 * nothing on the hot path.
 */
public enum CheckLevel {
    /**
     * Invalid frees (foreign, interior, unaligned, after unmap) are always detected from Java-heap
     * metadata; a double free never corrupts the allocator's own structures.
     */
    DEFAULT,
    /**
     * Everything of {@link #DEFAULT}, plus: a double free is detected at the free call, freed
     * memory is filled with a pattern checked on reuse (write after free), intrusive free-list
     * links are validated before they are followed, and {@code checkInvariants()} runs in debug
     * points.
     */
    CHECKED
}
