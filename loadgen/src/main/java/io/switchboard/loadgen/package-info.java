// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The load generator behind {@code switchboard bench}: SDK clients in this process against a real server, measured
 * honestly (HdrHistogram, open loop where a rate is offered) and reported as {@code result.json},
 * {@code summary.md} and PNG charts in one results directory.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.switchboard.loadgen.Scenario}: one kind of load. {@code name()}, {@code options()} (as they go
 *       into the report) and {@code run(Target, Progress)}, which returns a
 *       {@link io.switchboard.loadgen.ScenarioResult}: figures (an ordered map, snake-case names with the unit as
 *       suffix), optional step rows, the per-second {@link io.switchboard.loadgen.Sample}s, the latency histogram
 *       to chart and a few notes. A scenario is built with its own settings record and runs once.</li>
 *   <li>{@link io.switchboard.loadgen.Target}: the server under load, embedded (a child process started with
 *       {@code ServerProcess}, dev mode, registration limits lifted) or remote (address, and optionally its pid
 *       and metrics URL for memory figures). The scenario only reads it.</li>
 *   <li>{@link io.switchboard.loadgen.Progress} and {@link io.switchboard.loadgen.LiveStats}: a scenario records
 *       completions and latencies into one {@code LiveStats}, hands it to {@code progress.track(..)} once, and
 *       names its phases with {@code progress.phase(..)}; the progress line and the report's time series both
 *       come from the once-a-second samples. {@code LiveStats.takePhase()} returns a phase's histogram.</li>
 *   <li>{@link io.switchboard.loadgen.HarnessClients}: many SDK clients on shared event loops, registered in dev
 *       mode; {@link io.switchboard.loadgen.ProcessMemory} reads a process's RSS, CPU time and heap.</li>
 *   <li>{@link io.switchboard.loadgen.LoadGenerator#run}: target set-up, progress, server CPU and RSS, and
 *       {@link io.switchboard.loadgen.ResultWriter}; the CLI and the tests call only this.</li>
 * </ul>
 *
 * <h2>Adding a scenario</h2>
 * Connection engines that return their own result record (e.g. {@code io.switchboard.loadgen.connections}) become
 * scenarios through a small adapter: a class implementing {@code Scenario} whose {@code run} starts the engine
 * against {@code target.address()}, feeds a {@code LiveStats} (e.g. one {@code record(latency)} per login), and
 * turns the engine's record into figures; then a picocli subcommand in the CLI's {@code BenchCommand} that builds
 * it from options. Nothing else changes.
 */
package io.switchboard.loadgen;
