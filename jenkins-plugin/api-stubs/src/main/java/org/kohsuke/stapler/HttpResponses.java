// API stub (never packaged). Read from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/HttpResponses.java at
// 135bbbc, 2026-08-20 (research/jenkins-api.md §1.9); erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler;

public class HttpResponses {
    /** Redirects back to the Referer. */
    public static HttpResponse forwardToPreviousPage() {
        return null;
    }

    public static HttpResponse redirectToDot() {
        return null;
    }
}
