// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering STYLE.md promises: actors reach a connection only through the node's gateway, so only transport
 * and session code touches Netty, besides the admin port's own HTTP listener ({@code ops.admin}, which knows nothing
 * of the rest of the node); the store knows neither Netty nor Pekko.
 */
class ArchitectureTest {

    private final JavaClasses server = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.switchboard.server");

    @Test
    void onlyTransportSessionAndTheAdminListenerUseNetty() {
        noClasses().that().resideOutsideOfPackages("..server.transport..", "..server.session..",
                        "..server.ops.admin..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(server);
    }

    @Test
    void theAdminListenerKnowsNothingOfTheNode() {
        noClasses().that().resideInAPackage("..server.ops.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.server", "..server.ops",
                        "..server.transport..", "..server.session..", "org.apache.pekko..")
                .check(server);
    }

    @Test
    void storeUsesNeitherNettyNorPekko() {
        noClasses().that().resideInAPackage("..server.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.apache.pekko..")
                .check(server);
    }
}
