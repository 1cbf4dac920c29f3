// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/FilePath.java at tag jenkins-2.479.3
// (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;

/**
 * A file on the controller or an agent. Real class: {@code public final class FilePath implements
 * SerializableOnlyOverRemoting}; this stub works on local files only, so tests can use a temporary workspace.
 */
public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    private final File file;

    public FilePath(File localPath) {
        this.file = localPath;
    }

    public FilePath child(String relOrAbsolute) {
        File f = new File(relOrAbsolute);
        return new FilePath(f.isAbsolute() ? f : new File(file, relOrAbsolute));
    }

    public String getRemote() {
        return file.getPath();
    }

    public String getName() {
        return file.getName();
    }

    public boolean exists() throws IOException, InterruptedException {
        return file.exists();
    }

    public void mkdirs() throws IOException, InterruptedException {
        Files.createDirectories(file.toPath());
    }

    public String readToString() throws IOException, InterruptedException {
        return Files.readString(file.toPath(), Charset.defaultCharset());
    }

    public void write(String content, String encoding) throws IOException, InterruptedException {
        Files.writeString(file.toPath(), content, Charset.forName(encoding));
    }

    @Override
    public String toString() {
        return getRemote();
    }
}
