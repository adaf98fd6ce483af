import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar without the entries whose names start with any of the given prefixes; run with
 * the JDK's single-file launcher: {@code java StripJar.java IN OUT PREFIX...}. Used by
 * make-bundle.sh so that the bundle needs no zip tool.
 */
public final class StripJar {

    private StripJar() {}

    /**
     * Copies the jar.
     *
     * @param args the input jar, the output jar, then the prefixes to leave out
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java StripJar.java IN OUT PREFIX...");
            System.exit(2);
        }
        List<String> prefixes = Arrays.asList(args).subList(2, args.length);
        int kept = 0;
        int dropped = 0;
        try (ZipFile in = new ZipFile(args[0]);
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (prefixes.stream().anyMatch(entry.getName()::startsWith)) {
                    dropped++;
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
                kept++;
            }
        }
        System.out.println("kept " + kept + " entries, left out " + dropped);
    }
}
