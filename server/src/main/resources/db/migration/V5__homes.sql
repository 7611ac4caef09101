-- SPDX-License-Identifier: AGPL-3.0-only
-- The home datacenter of each user and group in a cluster that spans datacenters: the one datacenter whose nodes
-- run its entity. Written once, by the first node that needs the entity (first use claims it), and changed only by
-- an operator moving the home. Unused, and empty, in a cluster of one datacenter.
--   kind        1 = user, 2 = group
--   id          the user's digits or the group's id
--   datacenter  the Pekko data center name (switchboard server --datacenter)
CREATE TABLE home (
    kind       SMALLINT    NOT NULL,
    id         VARCHAR(64) NOT NULL,
    datacenter VARCHAR(64) NOT NULL,
    PRIMARY KEY (kind, id)
);
