package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.polity.server.blocks.Block;
import org.polity.server.blocks.BlockStore;
import org.polity.server.model.Actor;

/** Blocks and mutes on every engine: one row per pair and kind, both directions, mutes that end. */
abstract class BlockStoreContract extends AuditStoreContract {
    @Test
    void blocksAndMutesAreKeptPerPairAndKindAndReadBothWays() {
        BlockStore blocks = stores.blocks();
        Actor ana = stores.actors().insert(person("ana"));
        Actor ben = stores.actors().insert(person("ben"));
        Actor cy = stores.actors().insert(person("cy"));
        Block block = blocks.upsert(ana.id(), ben.id(), Block.Kind.BLOCK, "https://x.example/b/1", false, null, T0);
        assertThat(block.activityUri()).isEqualTo("https://x.example/b/1");
        assertThat(block.createdAt()).isEqualTo(T0);
        // Again for the same pair: the same row, with the new activity.
        Block again = blocks.upsert(ana.id(), ben.id(), Block.Kind.BLOCK, "https://x.example/b/2", false, null,
                T0.plusSeconds(9));
        assertThat(again.id()).isEqualTo(block.id());
        assertThat(again.createdAt()).isEqualTo(T0);
        assertThat(blocks.findByActivityUri("https://x.example/b/2")).contains(again);
        assertThat(blocks.findByActivityUri("https://x.example/b/1")).isEmpty();
        assertThat(blocks.blockedEitherWay(ana.id(), ben.id())).isTrue();
        assertThat(blocks.blockedEitherWay(ben.id(), ana.id())).isTrue();
        assertThat(blocks.blockedEitherWay(ana.id(), cy.id())).isFalse();

        // A mute that ends: hides until then, and hides notifications only when asked to.
        blocks.upsert(ana.id(), cy.id(), Block.Kind.MUTE, null, false, T0.plusSeconds(60), T0);
        assertThat(blocks.hiddenFrom(ana.id(), T0)).containsExactlyInAnyOrder(ben.id(), cy.id());
        assertThat(blocks.hiddenFrom(ana.id(), T0.plusSeconds(61))).containsExactly(ben.id());
        assertThat(blocks.hiddenFrom(ben.id(), T0)).containsExactly(ana.id()); // blocked by ana
        assertThat(blocks.hiddenFrom(cy.id(), T0)).isEmpty(); // a mute is one-way and secret
        assertThat(blocks.silences(ana.id(), cy.id(), T0)).isFalse();
        blocks.upsert(ana.id(), cy.id(), Block.Kind.MUTE, null, true, T0.plusSeconds(60), T0);
        assertThat(blocks.silences(ana.id(), cy.id(), T0)).isTrue();
        assertThat(blocks.silences(ana.id(), cy.id(), T0.plusSeconds(61))).isFalse();
        assertThat(blocks.silences(ben.id(), ana.id(), T0)).isTrue();
        assertThat(blocks.blockedEitherWay(ana.id(), cy.id())).isFalse(); // a mute is not a block

        assertThat(blocks.findByActor(ana.id(), Block.Kind.MUTE, Long.MAX_VALUE, 10)).extracting(Block::targetId)
                .containsExactly(cy.id());
        assertThat(blocks.deleteExpired(T0.plusSeconds(61))).isEqualTo(1);
        assertThat(blocks.find(ana.id(), cy.id(), Block.Kind.MUTE)).isEmpty();
        assertThat(blocks.delete(ana.id(), ben.id(), Block.Kind.BLOCK)).isTrue();
        assertThat(blocks.delete(ana.id(), ben.id(), Block.Kind.BLOCK)).isFalse();
        assertThat(blocks.hiddenFrom(ben.id(), T0)).isEmpty();
    }

    @Test
    void theDatabaseRefusesABlockOfOneself() {
        Actor ana = stores.actors().insert(person("ana"));
        assertThatThrownBy(() -> stores.blocks().upsert(ana.id(), ana.id(), Block.Kind.BLOCK, null, false, null, T0))
                .isInstanceOf(RuntimeException.class);
    }
}
