// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/Util.java at tag jenkins-2.479.3
// (research/jenkins-api.md §1.10); erased signatures, kind and superclass match; bodies minimal.
package hudson;

public class Util {
    /** Null for null or empty text, else the text. */
    public static String fixEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Null for null or blank text, else the trimmed text. */
    public static String fixEmptyAndTrim(String s) {
        return s == null ? null : fixEmpty(s.trim());
    }
}
