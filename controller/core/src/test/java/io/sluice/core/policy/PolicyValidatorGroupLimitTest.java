package io.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** More host groups on one side than the classifier indexes is a validation error, not a crash. */
class PolicyValidatorGroupLimitTest {
    @Test
    void sixtyFiveSourceGroupsAreRefusedByNameOfTheLimit() {
        Policy base = PolicyFixtures.base().build();
        Map<String, HostGroup> groups = new LinkedHashMap<>();
        List<ClassificationRule> rules = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            String name = "g" + i;
            groups.put(name, HostGroup.of(name, Set.of(), Set.of(Ip4Prefix.parse("10." + i + ".0.0/16"))));
            rules.add(ClassificationRule.of("r" + i, 100 + i, RuleMatch.builder().srcGroup(name).build(),
                    TrafficClass.TRAINING, "", 0));
        }
        Policy p = Policy.of(base.classes(), groups, rules, base.behaviour(), base.trust(), base.defaultClass());
        assertThat(PolicyValidator.validate(p)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("65 different source host groups").contains("64"));
    }
}
