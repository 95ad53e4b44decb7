#!/usr/bin/env bash
# yantar bench catchup: how long a validator that missed many payments takes to catch up, and
# how much the others slow down meanwhile, on real node processes.
#
#   1. writes a fresh 4-validator network and starts it ('yantar up --detach', GC logs on);
#   2. drives an open loop at --rate on node-1..3 ('yantar bench --open-loop-only');
#   3. when the open loop starts, kills node-4 with SIGKILL;
#   4. restarts it once node-1..3 committed --missed-payments payments and --missed-blocks
#      blocks without it;
#   5. times until node-4's height reaches node-1's (read just before) and until it is ready;
#   6. compares the commit rate in the minute before the restart with the rate during catch-up.
# With --steady SECONDS nothing is killed: the open loop runs on all four nodes (the heap run).
# Throughout, samples.csv gets each node's height, heap in use, GC count/time and data-dir size
# every --sample-every seconds (the same run is the heap and disk-growth record).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: yantar bench catchup [--network DIR] [--rate TPS] [--missed-payments N] [--missed-blocks N]
                            [--after SECONDS] [--http-base-port P] [--base-port P] [--sample-every SECONDS]
                            [--catchup-timeout SECONDS]
  --network DIR          new folder for the run (default: /tmp/yantar-catchup-<time>); must not hold a network
  --rate TPS             open-loop rate on node-1..3 (default 150)
  --missed-payments N    payments node-4 misses before it is restarted (default 100000)
  --missed-blocks N      and at least this many blocks (default 0)
  --after SECONDS        load kept on after the restart, to see the catch-up under load (default 180)
  --http-base-port P     HTTP port of node-1 (default 18081); --base-port P: cluster port of node-1 (default 26521)
  --sample-every S       heap/GC/disk sampling period (default 10)
  --catchup-timeout S    give up waiting for node-4 after S seconds (default 600)
  --steady SECONDS       no kill: all four nodes under the open loop for SECONDS, then heap/GC/disk summary
EOF
}

network="/tmp/yantar-catchup-$(date +%Y%m%d-%H%M%S)"
rate=150
missed_payments=100000
missed_blocks=0
after=180
http_base=18081
cluster_base=26521
sample_every=10
catchup_timeout=600
steady=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --network) network="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --missed-payments) missed_payments="$2"; shift 2 ;;
    --missed-blocks) missed_blocks="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --http-base-port) http_base="$2"; shift 2 ;;
    --base-port) cluster_base="$2"; shift 2 ;;
    --sample-every) sample_every="$2"; shift 2 ;;
    --catchup-timeout) catchup_timeout="$2"; shift 2 ;;
    --steady) steady="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "yantar bench catchup: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$script_dir/bench-lib.sh"
bench_prelude catchup "$network" curl jq jstat -- "$rate" "$missed_payments" "$missed_blocks" "$after" "$http_base" "$cluster_base" \
  "$sample_every" "$catchup_timeout" "$steady"
(( rate >= 1 )) || { echo "yantar bench catchup: --rate must be at least 1" >&2; exit 2; }
java_opts=("${node_java_opts[@]}" "-Xlog:gc:file=$network/logs/gc-%p.log:uptime,level")
url() { echo "http://127.0.0.1:$((http_base + $1 - 1))"; }
now() { date +%s.%N; }
height() { curl -s --max-time 2 "$(url "$1")/v1/status" | jq -r '.height // empty' 2>/dev/null || true; }
pid_of() { cat "$network/run/node-$1.pid" 2>/dev/null || true; }
say() { printf '%s catchup: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

sampler_pid=""
bench_pid=""
cleanup() {
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
  [[ -n "$bench_pid" ]] && kill "$bench_pid" 2>/dev/null || true
  # The restarted node-4 is this script's own process, which 'yantar down' does not know of
  # (and down removes the run folder, so its pid is read first).
  local restarted
  restarted=$(cat "$network/run/node-4.restarted.pid" 2>/dev/null || true)
  java -jar "$node_jar" down --network "$network" >/dev/null 2>&1 || true
  [[ -n "$restarted" ]] && kill "$restarted" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java -jar "$node_jar" genesis --out "$network" --validators 4 --http-base-port "$http_base" --base-port "$cluster_base" \
  --citizens 0 --chain-id yantar-catchup >/dev/null
mkdir -p "$network/logs"
up_args=()
for opt in "${java_opts[@]}"; do up_args+=(--java-opt "$opt"); done
say "starting 4 nodes in $network"
java -jar "$node_jar" up --network "$network" --detach --timeout 300s "${up_args[@]}"

"$script_dir/sample-nodes.sh" "$network" "$http_base" 4 "$sample_every" >"$network/samples.csv" &
sampler_pid=$!

# The steady run: all four nodes under load, then where heap, GC and disk went.
if (( steady > 0 )); then
  say "steady open loop at $rate tx/s on node-1..4 for $steady s"
  java -Xmx2g -Dyantar.jar="$node_jar" -cp "$bench_jar" io.yantar.bench.BenchCommand --nodes "$(url 1),$(url 2),$(url 3),$(url 4)" \
    --network "$network" --open-loop-only --rate "$rate" --duration "$steady" --drain 60 >"$network/bench.log" 2>&1 &
  bench_pid=$!
  wait "$bench_pid" || true
  bench_pid=""
  kill "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  grep -v '^\[' "$network/bench.log" | tail -22
  echo
  echo "per node over the run (samples.csv every ${sample_every} s): first and last height, heap max, GCs, GC s, data dir first -> last"
  awk -F, 'NR>1 && $4!="" {n=$2; if(!(n in h0)){h0[n]=$3; d0[n]=$7} h1[n]=$3; d1[n]=$7; if($4>hm[n])hm[n]=$4; g[n]=$5; gs[n]=$6}
    END{for(n in h1) printf "%s heights %s..%s heap max %.1f MiB, %d GCs, %.2f s in GC, data dir %.1f -> %.1f MiB\n", n, h0[n], h1[n], hm[n], g[n], gs[n], d0[n]/1048576, d1[n]/1048576}' \
    "$network/samples.csv" | sort
  echo "longest GC pause per node (GC logs):"
  for log in "$network"/logs/gc-*.log; do
    awk -v f="$(basename "$log")" '/Pause/ {v=$NF; sub("ms","",v); if(v+0>m)m=v+0; n++} END{printf "  %s: %d pauses, longest %.1f ms\n", f, n, m}' "$log"
  done
  exit 0
fi

load_seconds=$(( missed_payments / rate + after + 60 ))
(( load_seconds <= 3600 )) || { echo "yantar bench catchup: $missed_payments payments at $rate/s need $load_seconds s of load (> 3600): raise --rate" >&2; exit 2; }
say "open loop at $rate tx/s on node-1..3 for up to $load_seconds s"
# Every line of the bench gets the wall-clock time it was read at (the commit-rate windows below).
java -Xmx2g -Dyantar.jar="$node_jar" -cp "$bench_jar" io.yantar.bench.BenchCommand \
  --nodes "$(url 1),$(url 2),$(url 3)" --network "$network" --open-loop-only --rate "$rate" --duration "$load_seconds" --drain 60 \
  > >(while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >"$network/bench.log") 2>&1 &
bench_pid=$!

until grep -q ' open: ' "$network/bench.log" 2>/dev/null; do
  kill -0 "$bench_pid" 2>/dev/null || { echo "yantar bench catchup: the bench ended before its open loop; see $network/bench.log" >&2; exit 1; }
  sleep 0.5
done
stop_height=$(height 4)
stop_time=$(now)
# The restart repeats the killed process's own command line: the same JVM options, and the same
# class-data archive that 'yantar up' gave it (none on the very first run of a newly built jar).
mapfile -d '' node4_command <"/proc/$(pid_of 4)/cmdline"
kill -9 "$(pid_of 4)"
rm -f "$network/run/node-4.pid"
say "node-4 killed (SIGKILL) at height $stop_height; waiting for $missed_payments payments and $missed_blocks blocks without it"

# Payments committed since the open loop began (the bench's progress lines).
committed_so_far() { { grep -o 'committed *[0-9]*' "$network/bench.log" || true; } | tail -1 | awk '{print $2+0}'; }
while true; do
  h1=$(height 1)
  c=$(committed_so_far)
  if [[ -n "$h1" && "${c:-0}" -ge "$missed_payments" && $(( h1 - stop_height )) -ge "$missed_blocks" ]]; then break; fi
  kill -0 "$bench_pid" 2>/dev/null || { echo "yantar bench catchup: the load ended before node-4 missed enough; see $network/bench.log" >&2; exit 1; }
  sleep 1
done
missed_committed=$(committed_so_far)
restart_height_1=$(height 1)
restart_time=$(now)
# 'cd' as its own command: in 'cd && java &' the whole list is backgrounded and $! is the subshell's pid.
(cd "$network" || exit 1
 nohup "${node4_command[@]}" >>"$network/logs/node-4.log" 2>&1 </dev/null &
 echo $! >"$network/run/node-4.restarted.pid")
say "node-4 restarted: node-1 at height $restart_height_1, $missed_committed payments and $((restart_height_1 - stop_height)) blocks missed"

caught_up_time=""
ready_time=""
deadline=$(awk -v a="$restart_time" -v s="$catchup_timeout" 'BEGIN{printf "%.3f", a+s}')  # print would round to 6 digits
while [[ -z "$caught_up_time" || -z "$ready_time" ]]; do
  t=$(now)
  awk -v a="$t" -v d="$deadline" 'BEGIN{exit !(a>d)}' && { echo "yantar bench catchup: node-4 not caught up within $catchup_timeout s; see $network/logs/node-4.log" >&2; exit 1; }
  h1=$(height 1)
  h4=$(height 4)
  if [[ -z "$caught_up_time" && -n "$h1" && -n "$h4" && "$h4" -ge "$h1" ]]; then
    caught_up_time=$(now); caught_up_height=$h4
    say "node-4 reached height $h4 (node-1 read just before: $h1)"
  fi
  if [[ -z "$ready_time" ]] && [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(url 4)/health/ready")" == "200" ]]; then
    ready_time=$(now)
    say "node-4 ready"
  fi
  sleep 0.2
done

# Commit rate (the bench's per-second progress lines) in a window of wall-clock time.
rate_between() {
  awk -v from="$1" -v to="$2" '$1>=from && $1<=to && /rate +[0-9]+ tx\/s/ {for(i=1;i<=NF;i++) if($i=="rate"){s+=$(i+1); n++}} END{if(n) printf "%.1f", s/n; else print "0"}' "$network/bench.log"
}
before_from=$(awk -v a="$restart_time" 'BEGIN{printf "%.3f", a-60}')
rate_before=$(rate_between "$before_from" "$restart_time")
rate_during=$(rate_between "$restart_time" "$caught_up_time")
catchup_s=$(awk -v a="$caught_up_time" -v b="$restart_time" 'BEGIN{printf "%.1f", a-b}')
ready_s=$(awk -v a="$ready_time" -v b="$restart_time" 'BEGIN{printf "%.1f", a-b}')
down_s=$(awk -v a="$restart_time" -v b="$stop_time" 'BEGIN{printf "%.1f", a-b}')
say "waiting for the bench to finish its load, drain and ledger check"
wait "$bench_pid" || true
bench_pid=""
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
sed 's/^[0-9.]* //' "$network/bench.log" | grep -v '^\[' | tail -25
echo
echo "node-4 down ${down_s} s; missed ${missed_committed} payments and $((restart_height_1 - stop_height)) blocks (heights ${stop_height}..${restart_height_1})"
echo "caught up to node-1's height ${caught_up_height} in ${catchup_s} s after the restart; ready in ${ready_s} s"
echo "commit rate of the others: ${rate_before} tx/s in the 60 s before the restart, ${rate_during} tx/s during catch-up (offered ${rate})"
echo "samples (height, heap, GC, data dir every ${sample_every} s): $network/samples.csv; GC logs: $network/logs/gc-*.log"
printf '{"missed_payments":%s,"missed_blocks":%s,"down_s":%s,"catchup_s":%s,"ready_s":%s,"rate_before_tx_per_s":%s,"rate_during_tx_per_s":%s,"offered_tx_per_s":%s}\n' \
  "$missed_committed" "$((restart_height_1 - stop_height))" "$down_s" "$catchup_s" "$ready_s" "$rate_before" "$rate_during" "$rate"
