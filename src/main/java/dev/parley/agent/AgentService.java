package dev.parley.agent;

import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Agent accounts and logins. Passwords are kept as bcrypt hashes; a login returns a random 256-bit bearer token of
 * which only a SHA-256 hash is stored, valid for {@link #SESSION_LENGTH}. Failed logins are limited per login and
 * address. Thread-safe.
 */
public final class AgentService {

    public static final Duration SESSION_LENGTH = Duration.ofHours(12);
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final int MAX_FAILURES = 5;
    /**
     * Past this many tracked (login, address) pairs, pairs whose window ended are forgotten; if that is not enough
     * (a flood of distinct pairs), new pairs are not tracked until some expire, so memory stays bounded.
     */
    private static final int MAX_TRACKED = 10_000;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    /** A successful login: the bearer token and the agent. */
    public record Login(String token, Agent agent) {
    }

    private record Failures(int count, long since) {
    }

    private final AgentStore store;
    private final Clock clock;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public AgentService(AgentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Agent create(String login, String password, String name) {
        if (!LOGIN.matcher(login).matches()) {
            throw invalid("login must be 1 to 100 characters from A-Z a-z 0-9 . _ @ -");
        }
        if (password.length() < 8 || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw invalid("password must be 8 to 72 bytes long");
        }
        if (name.isBlank() || name.length() > 200) {
            throw invalid("name must be 1 to 200 characters and not blank");
        }
        return store.create(login, name.trim(), encoder.encode(password), clock.millis()).orElseThrow(
                () -> new ApiException.Conflict("admin.agent.login_taken", "login " + login + " is taken"));
    }

    public List<Agent> list() {
        return store.list();
    }

    public void delete(long id) {
        if (!store.delete(id, clock.millis())) {
            throw new ApiException.NotFound("admin.agent.not_found", "Agent " + id + " not found");
        }
    }

    /** Checks a login; {@code address} is the caller's, for limiting guesses. */
    public Login login(String login, String password, String address) {
        if (!LOGIN.matcher(login).matches()) {
            throw new ApiException.Unauthorized("Wrong login or password"); // no such agent can exist: nothing to count
        }
        String key = login + "|" + address;
        long now = clock.millis();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> now - f.since() >= FAILURE_WINDOW.toMillis());
        }
        Failures seen = failures.get(key);
        if (seen != null && now - seen.since() < FAILURE_WINDOW.toMillis() && seen.count() >= MAX_FAILURES) {
            throw new ApiException.TooManyRequests("Too many failed logins for " + login + "; try again later",
                    (seen.since() + FAILURE_WINDOW.toMillis() - now) / 1000 + 1);
        }
        Agent agent = store.credentials(login)
                .filter(c -> encoder.matches(password, c.passwordHash()))
                .map(AgentStore.Credentials::agent)
                .orElseThrow(() -> {
                    if (failures.size() < MAX_TRACKED || failures.containsKey(key)) {
                        failures.merge(key, new Failures(1, now), (old, one) ->
                                now - old.since() < FAILURE_WINDOW.toMillis() ? new Failures(old.count() + 1, old.since())
                                        : one);
                    }
                    return new ApiException.Unauthorized("Wrong login or password");
                });
        failures.remove(key);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        store.openSession(hash(token), agent.id(), now + SESSION_LENGTH.toMillis());
        return new Login(token, agent);
    }

    /** The agent behind a bearer token, or 401. */
    public Agent authenticate(String token) {
        if (token.isEmpty()) {
            throw new ApiException.Unauthorized("Agent API requires the header Authorization: Bearer <token from login>");
        }
        return store.session(hash(token), clock.millis()).orElseThrow(
                () -> new ApiException.Unauthorized("The agent token is invalid or expired; log in again"));
    }

    public void logout(String token) {
        store.closeSession(hash(token));
    }

    /** Whether any agent is logged in, for the scenario's {@code agent} block. */
    public boolean anyOnline() {
        return store.anyOnline(clock.millis());
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException.BadRequest("admin.request.invalid", "Invalid request: " + message);
    }
}
