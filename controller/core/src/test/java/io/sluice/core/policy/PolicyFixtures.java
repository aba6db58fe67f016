package io.sluice.core.policy;

import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small valid policy to vary in tests, and shorthands for rules and host groups. */
public final class PolicyFixtures {
    private PolicyFixtures() {
    }

    /** Five valid class profiles: distinct DSCPs and queues, minimum shares adding up to 80%. */
    public static Map<TrafficClass, ClassProfile> validClasses() {
        Map<TrafficClass, ClassProfile> c = new EnumMap<>(TrafficClass.class);
        c.put(TrafficClass.CONTROL, ClassProfile.of(TrafficClass.CONTROL, 48, 7, 5, 10, Scheduling.STRICT,
                RoutePreference.SHORTEST));
        c.put(TrafficClass.INFERENCE, ClassProfile.of(TrafficClass.INFERENCE, 46, 5, 20, 60, Scheduling.STRICT,
                RoutePreference.LOWEST_LATENCY));
        c.put(TrafficClass.TRAINING, ClassProfile.of(TrafficClass.TRAINING, 26, 3, 40, 90, Scheduling.WEIGHTED,
                RoutePreference.SPREAD));
        c.put(TrafficClass.BEST_EFFORT, ClassProfile.of(TrafficClass.BEST_EFFORT, 0, 0, 10, 100,
                Scheduling.WEIGHTED, RoutePreference.SHORTEST));
        c.put(TrafficClass.ARCHIVAL, ClassProfile.of(TrafficClass.ARCHIVAL, 8, 1, 5, 50, Scheduling.SCAVENGER,
                RoutePreference.LEAST_UTILISED));
        return c;
    }

    public static Builder base() {
        return new Builder();
    }

    public static RuleMatch.Builder match() {
        return RuleMatch.builder();
    }

    public static ClassificationRule rule(String id, int priority, TrafficClass c, RuleMatch.Builder m) {
        return ClassificationRule.of(id, priority, m.build(), c, "", 0);
    }

    public static ClassificationRule rule(String id, int priority, TrafficClass c, RuleMatch.Builder m, int line) {
        return ClassificationRule.of(id, priority, m.build(), c, "", line);
    }

    public static Ip4Prefix cidr(String text) {
        return Ip4Prefix.parse(text);
    }

    public static PortRange ports(int from, int to) {
        return PortRange.of(from, to);
    }

    /** A group of {@code members}: each a MAC ({@code aa:bb:...}) or a prefix / address. */
    public static HostGroup group(String name, String... members) {
        Set<MacAddress> macs = new HashSet<>();
        Set<Ip4Prefix> prefixes = new HashSet<>();
        for (String m : members) {
            if (m.indexOf(':') >= 0) {
                macs.add(MacAddress.parse(m));
            } else {
                prefixes.add(Ip4Prefix.parse(m));
            }
        }
        return HostGroup.of(name, macs, prefixes);
    }

    /** Collects a policy; starts valid (all classes, no rules, behaviour off, no trust, BEST_EFFORT). */
    public static final class Builder {
        private final Map<TrafficClass, ClassProfile> classes = validClasses();
        private final Map<String, HostGroup> groups = new LinkedHashMap<>();
        private final List<ClassificationRule> rules = new ArrayList<>();
        private BehaviourPolicy behaviour = BehaviourPolicy.OFF;
        private DscpTrust trust = DscpTrust.NONE;
        private TrafficClass defaultClass = TrafficClass.BEST_EFFORT;

        private Builder() {
        }

        public Builder profile(TrafficClass c, Integer dscp, Integer queue, int min, int max) {
            ClassProfile old = classes.get(c);
            classes.put(c, ClassProfile.of(c, dscp, queue, min, max, old.scheduling(), old.route()));
            return this;
        }

        public Builder profile(ClassProfile p) {
            classes.put(p.trafficClass(), p);
            return this;
        }

        public Builder withoutClass(TrafficClass c) {
            classes.remove(c);
            return this;
        }

        public Builder group(HostGroup g) {
            groups.put(g.name(), g);
            return this;
        }

        public Builder group(String name, String... members) {
            return group(PolicyFixtures.group(name, members));
        }

        public Builder rule(ClassificationRule r) {
            rules.add(r);
            return this;
        }

        public Builder rules(ClassificationRule... rs) {
            rules.addAll(Arrays.asList(rs));
            return this;
        }

        public Builder rules(List<ClassificationRule> rs) {
            rules.addAll(rs);
            return this;
        }

        public Builder behaviour(BehaviourPolicy b) {
            behaviour = b;
            return this;
        }

        public Builder behaviour(long bytes, Duration duration, long rate, TrafficClass c) {
            return behaviour(BehaviourPolicy.of(bytes, duration, rate, c));
        }

        public Builder trust(String... ports) {
            trust = DscpTrust.of(Arrays.asList(ports));
            return this;
        }

        public Builder defaultClass(TrafficClass c) {
            defaultClass = c;
            return this;
        }

        public Policy build() {
            return Policy.of(classes, groups, rules, behaviour, trust, defaultClass);
        }
    }
}
