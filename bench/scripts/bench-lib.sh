# Sourced by the 'yantar bench' scripts (catchup.sh, reconfig.sh) once they parsed their options.

# The JVM options 'yantar up' gives a node by default (NodeJavaOptions.DEFAULTS; docs/OPERATIONS.md),
# for the nodes these scripts start or restart themselves.
node_java_opts=(-Xmx512m -Xmn256m -XX:+UseParallelGC -XX:MetaspaceSize=64m
  -XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400 -XX:Tier4CompileThreshold=60000
  -XX:Tier4BackEdgeThreshold=160000)

# bench_prelude NAME NETWORK TOOL... -- NUMBER...: every NUMBER is a whole number, every TOOL is on
# the PATH, NETWORK holds no network yet; sets node_jar and bench_jar (YANTAR_NODE_JAR and
# YANTAR_BENCH_JAR override the repository's) and checks that they are built. Exits 2 otherwise.
bench_prelude() {
  local name="$1" network="$2" repo_dir tool number jar
  shift 2
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    command -v "$1" >/dev/null || { echo "yantar bench $name: needs '$1' on the PATH" >&2; exit 2; }
    shift
  done
  [[ $# -gt 0 ]] && shift
  for number in "$@"; do
    [[ "$number" =~ ^[0-9]+$ ]] || { echo "yantar bench $name: '$number' is not a whole number" >&2; exit 2; }
  done
  [[ -e "$network/genesis.pb" ]] && { echo "yantar bench $name: $network already holds a network; give a new --network" >&2; exit 2; }
  repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  node_jar="${YANTAR_NODE_JAR:-$repo_dir/node/target/yantar.jar}"
  bench_jar="${YANTAR_BENCH_JAR:-$repo_dir/bench/target/benchmarks.jar}"
  for jar in "$node_jar" "$bench_jar"; do
    [[ -f "$jar" ]] || { echo "yantar bench $name: $jar is not built (./mvnw -q -o -pl node,bench -am package -DskipTests)" >&2; exit 2; }
  done
  return 0
}
