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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Console accounts (agents and admins) and logins. Passwords are kept as bcrypt hashes; a login returns a random 256-bit bearer token of
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

    /** A successful login: the bearer token and the account. */
    public record Login(String token, Account account) {
    }

    private record Failures(int count, long since) {
    }

    private final AgentStore store;
    private final Clock clock;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final LongConsumer sessionsEnded;

    /** @param sessionsEnded told the id of an account whose sessions just ended, to close its open streams */
    public AgentService(AgentStore store, Clock clock, LongConsumer sessionsEnded) {
        this.store = store;
        this.clock = clock;
        this.sessionsEnded = sessionsEnded;
    }

    public Account create(String login, String password, String name, Role role) {
        if (!LOGIN.matcher(login).matches()) {
            throw ApiException.BadRequest.admin("login must be 1 to 100 characters from A-Z a-z 0-9 . _ @ -");
        }
        String valid = validName(name);
        String hash = encoder.encode(validPassword(password));
        return store.create(login, valid, hash, role, clock.millis()).orElseThrow(
                () -> new ApiException.Conflict("admin.agent.login_taken", "login " + login + " is taken"));
    }

    /** Every account, admins and agents. */
    public List<Account> list() {
        return store.list();
    }

    public List<Account> list(Role role) {
        return store.list().stream().filter(a -> a.role() == role).toList();
    }

    /**
     * Changes the given fields of an account; deactivating it ends its sessions at once (open streams included) and
     * gives its open conversations back to the queue; a new password ends its sessions too, so whoever signed in with
     * the old one must sign in again.
     */
    public Account update(long id, Optional<String> name, Optional<String> password, Optional<Role> role,
            Optional<Boolean> active) {
        AccountChange change = new AccountChange(name.map(AgentService::validName),
                password.map(p -> encoder.encode(validPassword(p))), role, active);
        Account account = store.update(id, change, clock.millis()).orElseThrow(() -> accountNotFound(id));
        if (!account.active() || password.isPresent()) {
            sessionsEnded.accept(id);
        }
        return account;
    }

    /** Deletes an account of any role; its sessions end at once and its open conversations go back to the queue. */
    public void delete(long id) {
        if (!store.delete(id, Optional.empty(), clock.millis())) {
            throw accountNotFound(id);
        }
        sessionsEnded.accept(id);
    }

    /** Deletes an account of role agent, as {@code /api/v1/agents} does. */
    public void deleteAgent(long id) {
        if (!store.delete(id, Optional.of(Role.AGENT), clock.millis())) {
            throw new ApiException.NotFound("admin.agent.not_found", "Agent " + id + " not found");
        }
        sessionsEnded.accept(id);
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
        Account account = store.credentials(login)
                .filter(c -> encoder.matches(password, c.passwordHash()))
                .map(AgentStore.Credentials::account)
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
        store.openSession(hash(token), account.id(), now + SESSION_LENGTH.toMillis());
        return new Login(token, account);
    }

    /** The account behind a bearer token, agent or admin, or 401. */
    public Account authenticate(String token) {
        if (token.isEmpty()) {
            throw new ApiException.Unauthorized("Agent API requires the header Authorization: Bearer <token from login>");
        }
        return findSession(token).orElseThrow(
                () -> new ApiException.Unauthorized("The agent token is invalid or expired; log in again"));
    }

    /** The active account of a live session; empty for an unknown, expired, logged-out or ended one. */
    public Optional<Account> findSession(String token) {
        return token.isEmpty() ? Optional.empty() : store.session(hash(token), clock.millis());
    }

    public void logout(String token) {
        store.closeSession(hash(token));
    }

    /** The accounts that are online now (signed in, active), agents and admins alike. */
    public List<Account> online() {
        return store.online(clock.millis());
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

    private static String validPassword(String password) {
        if (password.length() < 8 || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw ApiException.BadRequest.admin("password must be 8 to 72 bytes long");
        }
        return password;
    }

    private static String validName(String name) {
        if (name.isBlank() || name.length() > 200) {
            throw ApiException.BadRequest.admin("name must be 1 to 200 characters and not blank");
        }
        return name.trim();
    }

    private static ApiException accountNotFound(long id) {
        return new ApiException.NotFound("admin.account.not_found", "Account " + id + " not found");
    }
}
