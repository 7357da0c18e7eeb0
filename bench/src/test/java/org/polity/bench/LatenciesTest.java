package org.polity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void nearestRankPercentilesOfOneToAHundred() {
        Latencies l = new Latencies();
        for (long v = 100; v >= 1; v--) { // recorded out of order
            l.record(v);
        }
        assertThat(l.percentile(50)).isEqualTo(50);
        assertThat(l.percentile(90)).isEqualTo(90);
        assertThat(l.percentile(99)).isEqualTo(99);
        assertThat(l.percentile(100)).isEqualTo(100);
        assertThat(l.percentile(0.1)).isEqualTo(1);
        assertThat(l.max()).isEqualTo(100);
    }

    @Test
    void mergingKeepsEveryValueOfEverySender() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 0; i < 3000; i++) { // past the initial capacity
            a.record(1);
        }
        b.record(1_000);
        Latencies all = Latencies.merge(List.of(a, b, new Latencies()));
        assertThat(all.count()).isEqualTo(3001);
        assertThat(all.percentile(99.9)).isEqualTo(1);
        assertThat(all.max()).isEqualTo(1_000);
        assertThat(Latencies.ms(1_234_567)).isEqualTo("1.23");
    }

    @Test
    void anEmptyRunHasZeroesAndABadPercentileIsRefused() {
        Latencies l = new Latencies();
        assertThat(l.percentile(99)).isZero();
        assertThat(l.max()).isZero();
        assertThatThrownBy(() -> l.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.percentile(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
