package io.canarygate.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The CLI jar as it goes into the image: the same entries in the same order with the same times, with two changes
 * that shorten a step's cold start and change no behaviour. Same input, same bytes.
 *
 * <ul>
 *   <li>Entries are stored, not deflated: the JVM reads each class without inflating it (~90 ms on a 2-core runner,
 *       bench/cold-start.sh). The image layer is compressed as a whole, so the image hardly grows.
 *   <li>Classes compiled for Java 5 (class file version 49: picocli's, ~230) are rewritten as version 52 with stack map
 *       frames computed. The JVM verifies old classes with its slow inferencing verifier and leaves them out of an AOT
 *       cache, so every step loaded them from the jar again (~40 ms with the cache). The instructions are untouched.
 * </ul>
 */
final class ImageJar {
    /** Below this class file version there are no stack map frames (Java 6 is 50). */
    static final int FRAMELESS_BELOW = 50;

    private ImageJar() {}

    static Path write(Path jar, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            Hierarchy hierarchy = Hierarchy.of(in);
            zip.setMethod(ZipOutputStream.STORED);
            for (ZipEntry from : Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream data = in.getInputStream(from)) {
                    bytes = data.readAllBytes();
                }
                if (from.getName().endsWith(".class") && version(bytes) < FRAMELESS_BELOW) {
                    bytes = withFrames(bytes, hierarchy);
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry to = new ZipEntry(from.getName());
                to.setMethod(ZipEntry.STORED);
                to.setSize(bytes.length);
                to.setCompressedSize(bytes.length);
                to.setCrc(crc.getValue());
                to.setTime(from.getTime());
                zip.putNextEntry(to);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }

    /** The major version of a class file. */
    static int version(byte[] classFile) {
        return classFile.length < 8 ? Integer.MAX_VALUE : ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** The class as version 52 (Java 8), its frames computed by ASM; nothing else changes. */
    static byte[] withFrames(byte[] classFile, Hierarchy hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(
                            int version,
                            int access,
                            String name,
                            String signature,
                            String superName,
                            String[] interfaces) {
                        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                    }
                },
                ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /**
     * Super classes, for frames: the jar's own classes from their bytes (they are not loaded into this JVM), the JDK's
     * from this JVM. An interface merges to {@code java/lang/Object}, as in the JVM's verifier.
     */
    record Hierarchy(Map<String, String> supers, Map<String, Boolean> interfaces) {
        static Hierarchy of(ZipFile jar) throws IOException {
            Map<String, String> supers = new HashMap<>();
            Map<String, Boolean> interfaces = new HashMap<>();
            for (ZipEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/")) {
                    continue;
                }
                try (InputStream data = jar.getInputStream(e)) {
                    ClassReader r = new ClassReader(data.readAllBytes());
                    supers.put(r.getClassName(), r.getSuperName());
                    interfaces.put(r.getClassName(), (r.getAccess() & Opcodes.ACC_INTERFACE) != 0);
                } catch (IllegalArgumentException notAClassFileAsmKnows) {
                    // e.g. a class file newer than this ASM; it is not one we rewrite
                }
            }
            return new Hierarchy(supers, interfaces);
        }

        String commonSuperClass(String a, String b) {
            List<String> left = chain(a);
            List<String> right = chain(b);
            for (String type : left) {
                if (right.contains(type)) {
                    return type;
                }
            }
            return "java/lang/Object";
        }

        /** {@code type} and its super classes up to Object; just Object for an interface. */
        private List<String> chain(String type) {
            List<String> chain = new ArrayList<>();
            String t = type;
            while (t != null) {
                if (isInterface(t)) {
                    return List.of("java/lang/Object");
                }
                chain.add(t);
                t = superOf(t);
            }
            return chain;
        }

        private boolean isInterface(String type) {
            Boolean known = interfaces.get(type);
            return known != null ? known : jdk(type).isInterface();
        }

        private String superOf(String type) {
            if (supers.containsKey(type)) {
                return supers.get(type);
            }
            Class<?> parent = jdk(type).getSuperclass();
            return parent == null ? null : parent.getName().replace('.', '/');
        }

        private static Class<?> jdk(String type) {
            try {
                return Class.forName(type.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(
                        "computing stack map frames needs " + type + ", which is neither in the jar nor in the JDK", e);
            }
        }
    }
}
