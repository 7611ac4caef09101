#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-only
#
# One-to-one load against N nodes of one cluster on the local PostgreSQL (127.0.0.1:5432, database test, user
# postgres), for comparing 1 node with 3 on one machine. Creates a throw-away schema, starts the nodes (every node
# seeds from every node, all share the first node's server key), runs `switchboard bench one-to-one` with its
# clients spread over the nodes, stops the nodes and drops the schema.
#
#   bench/scripts/cluster-one-to-one.sh NODES RATE OUT_DIR [DURATION_SECONDS] [WARMUP_SECONDS]
#
# DATACENTERS=east,west in the environment starts node i with --datacenter of entry i mod the list's length (a
# cluster across datacenters, with homes; see docs/CLUSTER.md), so 2 nodes east,west measure the cross-datacenter hop.
#
# WARM_RATE=R WARM_SECONDS=S first run a throw-away one-to-one at R msgs/s for S seconds against the same nodes (its
# results go to OUT_DIR/warm-up), so the measured run starts with warm JVMs and no backlog from the warm-up.
#
# KILL_AFTER=SECONDS kills the last node with SIGKILL that long after the load generator started (see its series).
#
# Warm-up matters here: three cold JVMs and the load generator share two cores, and their JIT compilers alone took a
# third of the CPU a minute into a run, so the default warm-up is 60 s at the offered rate, not recorded.
set -euo pipefail
export PGOPTIONS="--client-min-messages=warning"
cd "$(dirname "$0")/../.."
nodes=$1 rate=$2 out=$3 duration=${4:-20} warmup=${5:-60}
jar=cli/target/switchboard.jar
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -DskipTests install" >&2; exit 2; }
schema="sb_bench_$$_$RANDOM"
work=$(mktemp -d)
psql -h 127.0.0.1 -U postgres test -q -c "CREATE SCHEMA $schema"
printf 'switchboard.store.user = "postgres"\nswitchboard.registration.codes-per-address-per-hour = 100000000\nswitchboard.registration.codes-per-number-per-hour = 100000000\n' \
    > "$work/cluster.conf"
seeds=$(for i in $(seq 0 $((nodes - 1))); do printf '127.0.0.1:%d,' $((27550 + i)); done)
seeds=${seeds%,}
pids=() addresses=""
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres test -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null
    mkdir -p "$out" && cp "$work"/n*.log "$out/" 2>/dev/null || true   # the nodes' logs, beside the results
    rm -rf "$work"
}
trap cleanup EXIT
IFS=, read -r -a dcs <<< "${DATACENTERS:-}"
for i in $(seq 0 $((nodes - 1))); do
    dc_args=()
    [ ${#dcs[@]} -gt 0 ] && dc_args=(--datacenter "${dcs[$((i % ${#dcs[@]}))]}")
    mkdir -p "$work/n$i"
    [ "$i" -gt 0 ] && cp "$work/n0/server.key" "$work/n$i/"
    java -Xmx1g -XX:+UseParallelGC -jar "$jar" server --dev --data "$work/n$i" --port $((25220 + i)) \
        --admin-port $((28080 + i)) --store postgres --jdbc-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" \
        --config "$work/cluster.conf" --cluster-port $((27550 + i)) --cluster-seeds "$seeds" "${dc_args[@]}" > "$work/n$i.log" 2>&1 &
    pids+=($!)
    addresses="$addresses,127.0.0.1:$((25220 + i))"
    for _ in $(seq 1 60); do grep -q "listening on" "$work/n$i.log" && break; sleep 1; done
done
for _ in $(seq 1 60); do
    curl -s "http://127.0.0.1:28080/metrics" | grep -q "^switchboard_cluster_members_up $nodes.0" && break
    sleep 1
done
if [ -n "${WARM_RATE:-}" ]; then
    java -jar "$jar" bench one-to-one --server "${addresses#,}" --rate "$WARM_RATE" --duration "${WARM_SECONDS:-120}" \
        --warmup 0 --out "$out/warm-up" --quiet > /dev/null
fi
if [ -n "${KILL_AFTER:-}" ]; then
    # kill -9 of the last node KILL_AFTER seconds after the load generator starts (its chart's time axis), to read
    # the recovery off the per-second series in result.json.
    victim=${pids[$((nodes - 1))]}
    (sleep "$KILL_AFTER" && kill -9 "$victim" && echo "killed node $((nodes - 1)) (pid $victim) at ${KILL_AFTER}s") &
    killer=$!
fi
java -jar "$jar" bench one-to-one --server "${addresses#,}" --rate "$rate" --duration "$duration" --warmup "$warmup" --out "$out" --quiet
[ -z "${killer:-}" ] || wait "$killer"
