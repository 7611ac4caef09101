// SPDX-License-Identifier: AGPL-3.0-only
/** JMH micro-benchmarks for codecs and crypto, and (later) the load generator. */
package io.switchboard.bench;
