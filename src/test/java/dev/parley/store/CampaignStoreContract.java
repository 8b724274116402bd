package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.campaign.Campaign;
import dev.parley.campaign.CampaignStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CampaignStore}: which node sends a running campaign. */
interface CampaignStoreContract extends StoreContract {

    long LEASE = 10_000;

    private CampaignStore campaigns() {
        return new CampaignStore(db());
    }

    private long newCampaign() {
        return campaigns().create(1, "hello", "", "{}", 10, List.of("ann", "bob"), 1_000);
    }

    private List<Long> leased(String node, long now) {
        return campaigns().lease(node, now, LEASE).stream().map(Campaign::id).toList();
    }

    @Test
    default void aRunningCampaignIsLeasedToOneNodeUntilItsLeaseRunsOut() {
        long id = newCampaign();

        assertThat(leased("a", 2_000)).containsExactly(id);
        assertThat(leased("b", 2_001)).isEmpty();
        assertThat(leased("a", 2_002)).containsExactly(id);

        assertThat(leased("b", 2_000 + LEASE)).as("a's lease ran out: a died").containsExactly(id);
        assertThat(leased("a", 2_001 + LEASE)).isEmpty();
    }

    @Test
    default void theHolderRenewsItsLeaseOnceHalfOfItIsGone() {
        long id = newCampaign();
        assertThat(leased("a", 2_000)).containsExactly(id);

        assertThat(leased("a", 2_000 + LEASE / 2)).containsExactly(id);

        assertThat(leased("b", 2_000 + LEASE)).isEmpty();
        assertThat(leased("a", 2_000 + LEASE)).containsExactly(id);
    }

    @Test
    default void aFinishedCampaignIsLeasedToNobody() {
        long done = newCampaign();
        long running = newCampaign();
        campaigns().finish(done, Campaign.DONE, 1_500);

        assertThat(leased("a", 2_000)).containsExactly(running);
    }

    @Test
    default void aChannelsCampaignsAreListedNewestFirstBelowTheGivenId() {
        long first = newCampaign();
        long second = newCampaign();
        campaigns().create(2, "elsewhere", "", "{}", 10, List.of("cy"), 1_000);
        long third = newCampaign();

        assertThat(campaigns().list(1, Long.MAX_VALUE, 2)).extracting(Campaign::id).containsExactly(third, second);
        assertThat(campaigns().list(1, second, 2)).extracting(Campaign::id).containsExactly(first);
        assertThat(campaigns().list(1, first, 2)).isEmpty();
        assertThat(campaigns().list(1, Long.MAX_VALUE, 1).getFirst()).satisfies(c -> {
            assertThat(c.text()).isEqualTo("hello");
            assertThat(c.createdAt()).isEqualTo(1_000);
            assertThat(c.total()).isEqualTo(2);
        });
    }

    @Test
    default void aRestartedSingleNodeResumesItsCampaignsAtOnce() {
        long id = newCampaign();
        assertThat(leased("before-restart", 2_000)).containsExactly(id);

        campaigns().releaseStaleLeases();

        assertThat(leased("after-restart", 2_001)).isEqualTo(db().isSingleNode() ? List.of(id) : List.of());
    }
}
