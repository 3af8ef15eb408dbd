#!/usr/bin/env bash
# Builds the benchmarks with JDK 25 and runs every scenario against every peer, then writes docs/benchmarks.md's
# results section, docs/benchmarks/results.json and docs/benchmarks/chart.svg (benchmarks/report.py).
#
#   benchmarks/run.sh            the published run (about 17 minutes on 2 cores)
#   benchmarks/run.sh --short    a quick check (about 6 minutes): fewer JMH iterations, rounds and runs
#
# One JVM fork per JMH benchmark (three for scenario 1, whose target holds in every JVM) and one benchmark at a
# time: the machine is shared, so the run is kept short and the published errors say how noisy it was.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
MODE=full
if [ "${1:-}" = "--short" ]; then MODE=short; fi

if [ $MODE = short ]; then
  JMH="-wi 2 -w 1 -i 3 -r 1"; FORKS=1; COMPLETED_FORKS=2
  MEMORY_RUNS=1; SLEEPER_ROUNDS=2; AGENT_RUNS=5; REWRITE="300 1 3"
else
  JMH="-wi 3 -w 2 -i 5 -r 2"; FORKS=1; COMPLETED_FORKS=3
  MEMORY_RUNS=3; SLEEPER_ROUNDS=4; AGENT_RUNS=15; REWRITE="1000 3 5"
fi
PEERS="jawait hand-written ea-async kotlin virtual-threads"
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== build (JDK: $(java -version 2>&1 | head -1))"
mvn -B -q -Pbenchmarks package -DskipTests

python3 benchmarks/machine.py > "$OUT/machine.json"

# Scenario 1's target holds "on every run": its JVMs (forks) are judged one by one, so it gets more than one.
echo "== scenario 1: JMH ($JMH, $COMPLETED_FORKS forks, -prof gc)"
java -jar "$JAR" 'CompletedAwaitBenchmark' $JMH -f "$COMPLETED_FORKS" -prof gc \
  -rf json -rff "$OUT/jmh-completed.json" | grep -E '^(Benchmark|[A-Z].*(avgt))' || true
echo "== scenarios 2 and 6: JMH ($JMH, $FORKS fork, -prof gc)"
java -jar "$JAR" 'SuspendingAwaitBenchmark|ChainBenchmark' $JMH -f "$FORKS" -prof gc \
  -rf json -rff "$OUT/jmh-suspending.json" | grep -E '^(Benchmark|[A-Z].*(avgt))' || true

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

echo "== scenario 7: synchronous recursion depth on the default stack, cold at 20,000 levels and warm"
for peer in jawait hand-written ea-async kotlin; do
  java -cp "$JAR" dev.jawait.benchmarks.harness.RecursionDepth "$peer" 20000 | tee -a "$OUT/harness.jsonl"
done

python3 benchmarks/machine.py --end >> "$OUT/machine.json"
python3 benchmarks/report.py "$OUT" "$MODE"
