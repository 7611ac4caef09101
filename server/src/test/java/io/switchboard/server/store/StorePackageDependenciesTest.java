// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The store stays a plain library: entities call it with records; it never sees a channel or an actor. */
class StorePackageDependenciesTest {

    @Test
    void storeImportsNeitherNettyNorPekko() {
        noClasses().that().resideInAPackage("io.switchboard.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.apache.pekko..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.switchboard.server.store"));
    }
}
