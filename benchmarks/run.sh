#!/usr/bin/env bash
# Builds the benchmarks with JDK 25 and runs every scenario against every peer, then writes docs/benchmarks.md's
# results section, docs/benchmarks/results.json and docs/benchmarks/chart.svg (benchmarks/report.py).
#
#   benchmarks/run.sh            the published run (about 16 minutes on 2 cores)
#   benchmarks/run.sh --short    a quick check: fewer JMH iterations, rounds and runs
#
# One benchmark at a time, the JMH ones in rounds of one JVM each (three; short: two): the machine is shared, so the
# run is kept short, ratios are taken within a round, and the published errors say how noisy it was.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
MODE=full
if [ "${1:-}" = "--short" ]; then MODE=short; fi

if [ $MODE = short ]; then
  JMH="-wi 2 -w 1 -i 3 -r 1"; ROUNDS=2
  MEMORY_RUNS=1; SLEEPER_ROUNDS=2; AGENT_RUNS=5; REWRITE="300 1 3"; WARM_JVMS=5
else
  JMH="-wi 3 -w 1 -i 5 -r 1"; ROUNDS=3
  MEMORY_RUNS=3; SLEEPER_ROUNDS=4; AGENT_RUNS=15; REWRITE="1000 3 5"; WARM_JVMS=20
fi
PEERS="jawait hand-written ea-async kotlin virtual-threads"
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== build (JDK: $(java -version 2>&1 | head -1))"
mvn -B -q -Pbenchmarks package -DskipTests

python3 benchmarks/machine.py > "$OUT/machine.json"

# Rounds: each runs every JMH benchmark once, in a JVM of its own, the peers of a scenario one after another, so that
# peers compared with each other meet the same machine; the report takes ratios round by round. Scenario 1's target
# holds "on every run": its JVMs are judged one by one.
echo "== scenarios 1, 2 and 6: JMH ($JMH, -prof gc), $ROUNDS rounds of one JVM per benchmark"
for round in $(seq "$ROUNDS"); do
  echo "-- round $round"
  java -jar "$JAR" 'CompletedAwaitBenchmark|SuspendingAwaitBenchmark|ChainBenchmark' $JMH -f 1 -prof gc \
    -rf json -rff "$OUT/jmh-round$round.json" | grep -E '^(Benchmark|[A-Z].*(avgt))' || true
  # Scenario 1's placement control (not its verdict): join() and jawait with the JIT's inner loops aligned to 32
  # bytes, so that where the loop lands in memory does not decide its speed (docs/benchmarks.md, "Why the rest is
  # missed").
  java -jar "$JAR" 'CompletedAwaitBenchmark\.(plainJoin|jawait)$' $JMH -f 1 -jvmArgsAppend -XX:OptoLoopAlignment=32 \
    -rf json -rff "$OUT/aligned-round$round.json" | grep -E '^(Benchmark|[A-Z].*(avgt))' || true
  # Scenario 1's floor, measured in the run: join() in a second JVM, with the JVM's defaults, against the round's
  # first. Its spread is the least any loop's "within 1.05x of join() in every JVM" can be held to.
  java -jar "$JAR" 'CompletedAwaitBenchmark\.plainJoin$' $JMH -f 1 \
    -rf json -rff "$OUT/joinagain-round$round.json" | grep -E '^(Benchmark|[A-Z].*(avgt))' || true
done

# 4,000,000 calls: the harness's own fixed cost (a few hundred KB) then weighs 0.1 byte per call, not 0.5-0.8 as at
# 1,000,000. Virtual threads stay at 1,000,000: each holds about a kilobyte.
echo "== scenario 3: heap per suspended call (4,000,000 calls; virtual threads 1,000,000; $MEMORY_RUNS JVM(s) per peer)"
for peer in $PEERS; do
  calls=4000000
  if [ "$peer" = virtual-threads ]; then calls=1000000; fi
  for _ in $(seq "$MEMORY_RUNS"); do
    java -Xmx4g -cp "$JAR" dev.jawait.benchmarks.harness.SuspendedCallMemory "$peer" "$calls" | tee -a "$OUT/harness.jsonl"
  done
done

echo "== scenario 4: 100,000 tasks x ten 1 ms sleeps ($SLEEPER_ROUNDS rounds per peer)"
for peer in $PEERS; do
  java -Xmx2g -cp "$JAR" dev.jawait.benchmarks.harness.ManySleepers "$peer" 100000 10 "$SLEEPER_ROUNDS" \
    | tee -a "$OUT/harness.jsonl"
done

echo "== scenario 5: the agent's cost ($AGENT_RUNS JVM pairs) and the plugin's rewriting throughput"
java -cp "$JAR" dev.jawait.benchmarks.harness.AgentLoadCost benchmarks/target/jars/jawait-agent.jar \
  benchmarks/target/jars/guava.jar "$AGENT_RUNS" | tee -a "$OUT/harness.jsonl"
java -cp "$JAR" dev.jawait.benchmarks.harness.TransformerScanCost benchmarks/target/jars/guava.jar 10 \
  | tee -a "$OUT/harness.jsonl"
java -cp "$JAR" dev.jawait.benchmarks.harness.RewriteThroughput $REWRITE | tee -a "$OUT/harness.jsonl"

echo "== scenario 6: heap per suspended 4-deep chain (1,000,000 chains, $MEMORY_RUNS JVM(s) per peer)"
for peer in jawait hand-written ea-async kotlin; do
  for _ in $(seq "$MEMORY_RUNS"); do
    java -Xmx3g -cp "$JAR" dev.jawait.benchmarks.harness.SuspendedCallMemory "$peer" 1000000 chain \
      | tee -a "$OUT/harness.jsonl"
  done
done

echo "== scenario 7: synchronous recursion depth on the default stack, cold at 20,000 levels and warm ($WARM_JVMS JVMs per peer)"
for peer in jawait hand-written ea-async kotlin; do
  java -cp "$JAR" dev.jawait.benchmarks.harness.RecursionDepth "$peer" 20000 | tee -a "$OUT/harness.jsonl"
  # The warm verdict: JVMs of their own that warm up, then make one call at 20,000 levels, with no overflow before.
  for _ in $(seq "$WARM_JVMS"); do
    java -cp "$JAR" dev.jawait.benchmarks.harness.RecursionDepth "$peer" 20000 warm >> "$OUT/harness.jsonl"
  done
  grep -c "\"recursion-warm\", \"peer\": \"$peer\".*\"reached\": \"true\"" "$OUT/harness.jsonl" \
    | sed "s/^/$peer: JVMs reaching 20,000 levels warm: /" || true
done

python3 benchmarks/machine.py --end >> "$OUT/machine.json"
python3 benchmarks/report.py "$OUT" "$MODE"
