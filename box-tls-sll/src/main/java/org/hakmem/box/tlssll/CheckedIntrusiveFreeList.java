package org.hakmem.box.tlssll;

import java.util.function.LongPredicate;

/**
 * An {@link IntrusiveFreeList} that validates every link before following it: a link that does
 * not name a valid free block of this list's class (a write after free overwrote it) is caught
 * and reported, never followed. Chosen at wiring time for the checked level, so the plain list
 * carries no test on its hot path.
 */
public final class CheckedIntrusiveFreeList extends IntrusiveFreeList {

    private final LongPredicate validBlock;

    /**
     * @param capacity   most blocks held
     * @param validBlock true for an address that is a block start of this list's size class in a
     *                   slab that the caller owns (answered from Java-heap metadata)
     */
    public CheckedIntrusiveFreeList(int capacity, LongPredicate validBlock) {
        super(capacity);
        this.validBlock = validBlock;
    }

    @Override
    long next(long block) {
        long n = super.next(block);
        if (n != 0 && !validBlock.test(n)) {
            throw new IllegalStateException("free list corrupted: the link in free block 0x" + Long.toHexString(block)
                    + " names 0x" + Long.toHexString(n)
                    + ", which is not a free block of this class (write after free?); the link was not followed");
        }
        return n;
    }

    @Override
    public long pop() {
        long b = super.pop();
        checkEnd(b);
        return b;
    }

    @Override
    public int popBatch(long[] into, int max) {
        int n = super.popBatch(into, max);
        checkEnd(n == 0 ? 0 : into[n - 1]);
        return n;
    }

    /** A list that ends (link 0) while it still counts blocks lost its tail to a stray write. */
    private void checkEnd(long last) {
        if (head == 0 && count != 0) {
            throw new IllegalStateException("free list corrupted: the link in free block 0x" + Long.toHexString(last)
                    + " is 0 but " + count + " more blocks should follow (write after free?)");
        }
    }
}
