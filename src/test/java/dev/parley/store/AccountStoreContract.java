package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.agent.Account;
import dev.parley.agent.AgentService;
import dev.parley.agent.AgentStore;
import dev.parley.agent.Role;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Console accounts ({@link AgentStore} behind {@link AgentService}): roles, deactivation and the last-admin rule. */
interface AccountStoreContract extends StoreContract {

    String PASSWORD = "correct horse";

    private AgentService accounts(List<Long> ended) {
        return new AgentService(new AgentStore(db()), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                ended::add);
    }

    private static Optional<Role> role(Role role) {
        return Optional.of(role);
    }

    private static int statusOf(Runnable change) {
        try {
            change.run();
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    @Test
    default void accountsWrittenBeforeRolesExistedAreActiveAgents() {
        db().write(h -> h.execute(
                "INSERT INTO agents (login, name, password_hash, created_at) VALUES ('old', 'Old', 'x', 1)"));

        assertThat(accounts(new ArrayList<>()).list()).singleElement().satisfies(a -> {
            assertThat(a.role()).isEqualTo(Role.AGENT);
            assertThat(a.active()).isTrue();
        });
    }

    @Test
    default void theLastActiveAdminCannotBeDemotedDeactivatedOrDeleted() {
        AgentService accounts = accounts(new ArrayList<>());
        long root = accounts.create("root", PASSWORD, "Root", Role.ADMIN).id();
        accounts.create("anna", PASSWORD, "Anna", Role.AGENT);
        long idle = accounts.create("idle", PASSWORD, "Idle", Role.ADMIN).id();
        accounts.update(idle, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));

        assertThat(statusOf(() -> accounts.update(root, Optional.empty(), Optional.empty(), role(Role.AGENT),
                Optional.empty()))).isEqualTo(409);
        assertThat(statusOf(() -> accounts.update(root, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(false)))).isEqualTo(409);
        assertThat(statusOf(() -> accounts.delete(root))).isEqualTo(409);
        assertThat(accounts.list()).filteredOn(Account::isActiveAdmin).extracting(Account::id).containsExactly(root);

        accounts.update(idle, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true));
        Account demoted = accounts.update(root, Optional.empty(), Optional.empty(), role(Role.AGENT), Optional.empty());
        assertThat(demoted.role()).isEqualTo(Role.AGENT);
        assertThat(statusOf(() -> accounts.delete(idle))).isEqualTo(409);
    }

    @Test
    default void twoAdminsRemovedAtOnceLeaveOneActiveAdmin() throws Exception {
        AgentService accounts = accounts(new ArrayList<>());
        long survivor = accounts.create("admin-0", PASSWORD, "A0", Role.ADMIN).id();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 1; round <= 8; round++) {
                long other = accounts.create("admin-" + round, PASSWORD, "A" + round, Role.ADMIN).id();
                boolean demote = round % 2 == 0;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (long id : List.of(survivor, other)) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return statusOf(() -> accounts.update(id, Optional.empty(), Optional.empty(),
                                demote ? role(Role.AGENT) : Optional.empty(),
                                demote ? Optional.empty() : Optional.of(false)));
                    }));
                }
                go.countDown();
                List<Integer> statuses = List.of(results.get(0).get(), results.get(1).get());
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
                List<Account> admins = accounts.list().stream().filter(Account::isActiveAdmin).toList();
                assertThat(admins).as("round " + round).hasSize(1);
                survivor = admins.get(0).id();
            }
        }
    }

    @Test
    default void onlineAreTheActiveAccountsWithALiveSessionByNameOnceEach() {
        AgentService accounts = accounts(new ArrayList<>());
        accounts.create("zed", PASSWORD, "Zed", Role.ADMIN);
        accounts.create("anna", PASSWORD, "Anna", Role.AGENT);
        accounts.create("bob", PASSWORD, "Bob", Role.AGENT);
        accounts.login("zed", PASSWORD, "127.0.0.1");
        accounts.login("anna", PASSWORD, "127.0.0.1");
        String second = accounts.login("anna", PASSWORD, "127.0.0.2").token();

        assertThat(accounts.online()).extracting(Account::login).containsExactly("anna", "zed");

        accounts.logout(second);
        assertThat(accounts.online()).extracting(Account::login).as("anna has another session").contains("anna");
        AgentService later = new AgentService(new AgentStore(db()), Clock.fixed(
                Instant.parse("2026-01-01T00:00:00Z").plus(AgentService.SESSION_LENGTH), ZoneOffset.UTC), id -> { });
        assertThat(later.online()).as("every session expired").isEmpty();
    }

    @Test
    default void deactivatingEndsTheSessionsAndTellsWhoseAndDeletingToo() {
        List<Long> ended = new CopyOnWriteArrayList<>();
        AgentService accounts = accounts(ended);
        long anna = accounts.create("anna", PASSWORD, "Anna", Role.AGENT).id();
        String token = accounts.login("anna", PASSWORD, "127.0.0.1").token();
        assertThat(accounts.findSession(token)).isPresent();

        accounts.update(anna, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));

        assertThat(accounts.findSession(token)).isEmpty();
        assertThat(ended).containsExactly(anna);
        assertThat(statusOf(() -> accounts.login("anna", PASSWORD, "127.0.0.1"))).isEqualTo(401);
        accounts.update(anna, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true));
        String again = accounts.login("anna", PASSWORD, "127.0.0.1").token();
        accounts.delete(anna);
        assertThat(accounts.findSession(again)).isEmpty();
        assertThat(ended).containsExactly(anna, anna);
    }

    @Test
    default void anAdminSessionCarriesTheRoleAndTheAgentsViewHidesAdmins() {
        AgentService accounts = accounts(new ArrayList<>());
        long root = accounts.create("root", PASSWORD, "Root", Role.ADMIN).id();
        accounts.create("anna", PASSWORD, "Anna", Role.AGENT);
        String token = accounts.login("root", PASSWORD, "127.0.0.1").token();

        assertThat(accounts.findSession(token)).hasValueSatisfying(a -> assertThat(a.isActiveAdmin()).isTrue());
        assertThat(accounts.list(Role.AGENT)).extracting(Account::login).containsExactly("anna");
        assertThatThrownBy(() -> accounts.deleteAgent(root)).isInstanceOf(ApiException.NotFound.class);
        assertThat(accounts.list()).hasSize(2);
    }
}
