package io.canarygate.jenkins;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Who may answer a {@code canaryApprove} that names a {@code submitter} list, decided as the {@code input} step
 * decides: a user whose id is in the list, or who belongs to a group in it, ids compared the way the security realm
 * compares them. (Administrators, and everyone on a controller without security, may always answer; the step checks
 * that before asking here.)
 */
final class Submitters {
    private Submitters() {}

    /**
     * The names in {@code list} ({@code "alice, release-managers"}), trimmed.
     *
     * @throws CanaryGateException INVALID_INPUT when the list names nobody
     */
    static List<String> parse(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        if (names.isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "submitter: \"" + list + "\" names no user or group; write their ids separated by commas, e.g."
                            + " 'alice,release-managers', or leave submitter out to let anyone who may build the job"
                            + " answer");
        }
        return names;
    }

    /**
     * Whether the user {@code user}, member of {@code groups}, is one of {@code submitters}.
     *
     * @param sameUser how the security realm compares user ids
     * @param sameGroup how it compares group names
     */
    static boolean includes(
            List<String> submitters,
            String user,
            Collection<String> groups,
            BiPredicate<String, String> sameUser,
            BiPredicate<String, String> sameGroup) {
        for (String s : submitters) {
            if (user != null && sameUser.test(s, user)) {
                return true;
            }
            for (String g : groups) {
                if (sameGroup.test(s, g)) {
                    return true;
                }
            }
        }
        return false;
    }
}
