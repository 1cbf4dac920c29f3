// API stub (never packaged). Read from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/HttpResponse.java at
// 135bbbc, 2026-08-20 (research/jenkins-api.md §1.9); erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler;

/** Real interface declares generateResponse(StaplerRequest2, StaplerResponse2, Object); the plugin only returns one. */
public interface HttpResponse {}
