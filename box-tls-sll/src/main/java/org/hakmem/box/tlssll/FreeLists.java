package org.hakmem.box.tlssll;

import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;
import org.hakmem.box.api.FreeList;
import org.hakmem.box.api.FreeListFactory;

/**
 * The free-list implementations of this box by name, as {@link FreeListFactory}s: the names are
 * the values of {@code HAKMEM_TINY_TLS_SLL}.
 */
public final class FreeLists {

    /** {@code "intrusive"}: {@link IntrusiveFreeList}. */
    public static final FreeListFactory INTRUSIVE = new Named("intrusive");
    /** {@code "magazine"}: {@link MagazineFreeList}. */
    public static final FreeListFactory MAGAZINE = new Named("magazine");

    private FreeLists() {}

    /** Every implementation, for contract tests and A/B runs. */
    public static List<FreeListFactory> all() {
        return List.of(INTRUSIVE, MAGAZINE);
    }

    /**
     * The implementation named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known implementations for an unknown name
     */
    public static FreeListFactory byName(String name) {
        for (FreeListFactory f : all()) {
            if (f.name().equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown free-list implementation '" + name + "'; known: intrusive, magazine");
    }

    /**
     * The checked variant of {@code factory}: for intrusive lists, every link is validated with
     * {@code validBlock} before it is followed; a magazine keeps no link in user memory and is
     * returned as it is.
     */
    public static FreeListFactory checked(FreeListFactory factory, LongPredicate validBlock) {
        if (!factory.name().equals(INTRUSIVE.name())) {
            return factory;
        }
        return new FreeListFactory() {
            @Override
            public String name() {
                return "intrusive-checked";
            }

            @Override
            public FreeList create(int blockSize, int capacity) {
                checkArgs(blockSize, capacity);
                return new CheckedIntrusiveFreeList(capacity, validBlock);
            }
        };
    }

    private static void checkArgs(int blockSize, int capacity) {
        if (blockSize < 8 || capacity < 1) {
            throw new IllegalArgumentException("free list: blockSize must be >= 8 and capacity >= 1; got "
                    + blockSize + ", " + capacity);
        }
    }

    /** A factory for one of this box's implementations. */
    private record Named(String name) implements FreeListFactory {
        @Override
        public FreeList create(int blockSize, int capacity) {
            checkArgs(blockSize, capacity);
            return name.equals("intrusive") ? new IntrusiveFreeList(capacity) : new MagazineFreeList(capacity);
        }
    }
}
