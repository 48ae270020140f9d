package org.hakmem.box.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which packages (and JPMS modules) are the API, the boxes and the wiring: the box graph that
 * {@link BoxRules} enforces.
 *
 * <pre>
 *   wiring (box-routing, bench) ──► boxes ──► api ──► JDK
 *   a box: its own package tree + the api + the JDK, nothing else
 * </pre>
 *
 * @param apiPackage     the API's root package, e.g. {@code org.hakmem.box.api}
 * @param apiModule      the API's JPMS module name
 * @param boxes          box name → root package (a box's classes live in that package and below)
 * @param boxModules     box name → JPMS module name (for the descriptor check; may omit boxes)
 * @param wiringPackages root packages allowed to depend on boxes
 */
public record BoxLayout(String apiPackage, String apiModule, Map<String, String> boxes, Map<String, String> boxModules,
        List<String> wiringPackages) {

    /** Copies the collections, keeping their order. */
    public BoxLayout {
        Objects.requireNonNull(apiPackage, "apiPackage");
        Objects.requireNonNull(apiModule, "apiModule");
        boxes = Collections.unmodifiableMap(new LinkedHashMap<>(boxes));
        boxModules = Collections.unmodifiableMap(new LinkedHashMap<>(boxModules));
        wiringPackages = List.copyOf(wiringPackages);
    }

    /** hakmem's own tree: the layer order written in box-api's package documentation. */
    public static BoxLayout hakmem() {
        Map<String, String> boxes = new LinkedHashMap<>();
        Map<String, String> modules = new LinkedHashMap<>();
        String[][] all = {
            {"box-superslab", "superslab"}, {"box-shared-pool", "sharedpool"}, {"box-tls-sll", "tlssll"},
            {"box-tiny-front", "tiny"}, {"box-smallmid", "smallmid"}, {"box-pool-tls", "pooltls"},
            {"box-external-guard", "guard"},
        };
        for (String[] b : all) {
            boxes.put(b[0], "org.hakmem.box." + b[1]);
            modules.put(b[0], "org.hakmem.box." + b[1]);
        }
        return new BoxLayout("org.hakmem.box.api", "org.hakmem.box.api", boxes, modules,
                List.of("org.hakmem.box.routing", "org.hakmem.bench"));
    }

    /** This layout plus a box of yours: {@code name}, living in {@code rootPackage} (module of the same name). */
    public BoxLayout withBox(String name, String rootPackage) {
        Map<String, String> b = new LinkedHashMap<>(boxes);
        Map<String, String> m = new LinkedHashMap<>(boxModules);
        b.put(name, rootPackage);
        m.put(name, rootPackage);
        return new BoxLayout(apiPackage, apiModule, b, m, wiringPackages);
    }

    /** This layout plus a package of yours allowed to wire boxes together (your own routing). */
    public BoxLayout withWiring(String rootPackage) {
        List<String> w = new ArrayList<>(wiringPackages);
        w.add(rootPackage);
        return new BoxLayout(apiPackage, apiModule, boxes, boxModules, w);
    }

    /** The box whose package tree holds {@code packageName}, or null. */
    String boxOf(String packageName) {
        for (Map.Entry<String, String> e : boxes.entrySet()) {
            if (within(packageName, e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    boolean isApi(String packageName) {
        return within(packageName, apiPackage);
    }

    boolean isWiring(String packageName) {
        for (String w : wiringPackages) {
            if (within(packageName, w)) {
                return true;
            }
        }
        return false;
    }

    static boolean within(String packageName, String root) {
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }
}
