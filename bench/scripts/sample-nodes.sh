#!/usr/bin/env bash
# Samples every node of a running network until killed: one CSV line per node every PERIOD
# seconds with its height, heap in use, GC count and time (jstat -gc) and data-dir size.
#   sample-nodes.sh NETWORK_DIR HTTP_BASE_PORT NODES PERIOD_SECONDS > samples.csv
set -uo pipefail
network="$1"
http_base="$2"
nodes="$3"
period="$4"

# Heap in use (MiB), GC count and GC seconds of a JVM, from jstat -gc.
jvm_numbers() {
  jstat -gc "$1" 2>/dev/null | awk 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{printf "%.1f,%d,%.3f", ($(c["S0U"])+$(c["S1U"])+$(c["EU"])+$(c["OU"]))/1024, $(c["YGC"])+$(c["FGC"]), $(c["GCT"])}'
}

echo "time_s,node,height,heap_used_mib,gc_count,gc_s,data_dir_bytes"
start=$(date +%s.%N)
while true; do
  t=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}')
  for ((n = 1; n <= nodes; n++)); do
    pid=$(cat "$network/run/node-$n.pid" 2>/dev/null || true)
    numbers=""
    [[ -n "$pid" ]] && numbers=$(jvm_numbers "$pid")
    [[ -z "$numbers" ]] && numbers=",,"
    height=$(curl -s --max-time 2 "http://127.0.0.1:$((http_base + n - 1))/v1/status" | jq -r '.height // empty' 2>/dev/null)
    echo "$t,node-$n,$height,$numbers,$(du -sb "$network/data/node-$n" 2>/dev/null | cut -f1)"
  done
  sleep "$period"
done
