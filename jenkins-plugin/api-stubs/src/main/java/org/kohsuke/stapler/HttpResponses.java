// API stub (never packaged). Read from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/HttpResponses.java at
// commit 097c12e; erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler;

public class HttpResponses {
    /** A response that can also be thrown. */
    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {
        private static final long serialVersionUID = 1L;

        public HttpResponseException() {}
    }

    /** Redirects the user back to where they came from (the Referer). */
    public static HttpResponseException forwardToPreviousPage() {
        return null;
    }

    /** An error page with {@code code} and {@code errorMessage}, without a stack trace. */
    public static HttpResponseException errorWithoutStack(int code, String errorMessage) {
        return null;
    }

    /** Redirects to ".". */
    public static HttpResponse redirectToDot() {
        return null;
    }
}
