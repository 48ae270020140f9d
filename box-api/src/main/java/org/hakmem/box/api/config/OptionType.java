package org.hakmem.box.api.config;

import java.util.List;
import java.util.Locale;

/** How one option's text is parsed and which values it allows. */
sealed interface OptionType {

    /** Parses and checks {@code text}; throws {@link IllegalArgumentException} with no message prefix on a bad value. */
    Object parse(String text);

    /** What is allowed, completing "allowed: ...". */
    String allowed();

    /** An integer in {@code [min, max]}. */
    record IntRange(long min, long max) implements OptionType {
        @Override
        public Object parse(String text) {
            long v;
            try {
                v = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer", e);
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return max <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }

        @Override
        public String allowed() {
            return "an integer from " + min + " to " + max;
        }
    }

    /** A byte size with an optional suffix k, m, g (powers of 1024), in {@code [min, max]}, optionally a power of two. */
    record Size(long min, long max, boolean powerOfTwo) implements OptionType {
        @Override
        public Object parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            int shift = t.isEmpty() ? 0 : switch (t.charAt(t.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                default -> 0;
            };
            if (shift != 0) {
                t = t.substring(0, t.length() - 1);
            }
            long v;
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a size", e);
            }
            if (v < 0 || v > (Long.MAX_VALUE >>> shift)) {
                throw new IllegalArgumentException("out of range");
            }
            v <<= shift;
            if (v < min || v > max || (powerOfTwo && Long.bitCount(v) != 1)) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }

        @Override
        public String allowed() {
            return (powerOfTwo ? "a power of two" : "a size") + " from " + min + " to " + max
                    + " bytes (suffix k, m or g allowed)";
        }
    }

    /** A boolean: 1/0, true/false, on/off, yes/no. */
    record Bool() implements OptionType {
        @Override
        public Object parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "1", "true", "on", "yes" -> true;
                case "0", "false", "off", "no" -> false;
                default -> throw new IllegalArgumentException("not a boolean");
            };
        }

        @Override
        public String allowed() {
            return "1 or 0 (also true/false, on/off, yes/no)";
        }
    }

    /** One of a fixed list of names, case-insensitive, with aliases mapping to names. */
    record Choice(List<String> names, List<String> aliases, List<String> aliasTargets) implements OptionType {
        Choice(String... names) {
            this(List.of(names), List.of(), List.of());
        }

        @Override
        public Object parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (names.contains(t)) {
                return t;
            }
            int a = aliases.indexOf(t);
            if (a >= 0) {
                return aliasTargets.get(a);
            }
            throw new IllegalArgumentException("not one of the names");
        }

        @Override
        public String allowed() {
            StringBuilder sb = new StringBuilder("one of ").append(String.join(", ", names));
            for (int i = 0; i < aliases.size(); i++) {
                sb.append(i == 0 ? " (" : ", ").append(aliases.get(i)).append(" = ").append(aliasTargets.get(i));
            }
            return aliases.isEmpty() ? sb.toString() : sb.append(')').toString();
        }
    }

    /** A constant of an enum, case-insensitive. */
    record EnumName<E extends Enum<E>>(Class<E> type) implements OptionType {
        @Override
        public Object parse(String text) {
            try {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not one of the names", e);
            }
        }

        @Override
        public String allowed() {
            StringBuilder sb = new StringBuilder("one of ");
            E[] all = type.getEnumConstants();
            for (int i = 0; i < all.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(all[i].name().toLowerCase(Locale.ROOT));
            }
            return sb.toString();
        }
    }
}
