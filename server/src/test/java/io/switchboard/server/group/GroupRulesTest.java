// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupRulesTest {

    @Test
    void theThousandAndTwentyFifthMemberIsRefusedWithTheCount() {
        assertThat(GroupRules.checkRoom(1_023, 1)).isEmpty();
        assertThat(GroupRules.checkRoom(1_024, 1)).hasValueSatisfying(refused -> {
            assertThat(refused.code()).isEqualTo(406);
            assertThat(refused.text()).isEqualTo("a group holds at most 1,024 members; adding 1 would make 1,025");
        });
    }

    @Test
    void subjectsAndDescriptionsAreBoundedInCharactersNotBytes() {
        assertThat(GroupRules.checkSubject("é".repeat(100))).isEmpty();
        assertThat(GroupRules.checkSubject("x".repeat(101))).isPresent();
        assertThat(GroupRules.checkSubject(" ")).isPresent();
        assertThat(GroupRules.checkDescription("")).isEmpty();
        assertThat(GroupRules.checkDescription("x".repeat(513))).isPresent();
    }

    @Test
    void inviteCodesAreTwentyTwoUrlSafeCharactersAndDoNotRepeat() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = GroupRules.newInviteCode();
            assertThat(code).hasSize(22).matches("[A-Za-z0-9_-]+");
            codes.add(code);
        }
        assertThat(codes).hasSize(10_000);
    }
}
