#!/usr/bin/env bash
# yantar bench reconfig: membership changes on real node processes under a steady open loop of
# payments, and how far the commit rate dips during each (issue #6).
#
#   1. writes a fresh 4-validator TLS network and starts it ('yantar up --detach');
#   2. drives an open loop at --rate on node-1..3 ('yantar bench --open-loop-only'; node-4's machine
#      is replaced at the end, so it takes no load), following node-1's commits;
#   3. grows 4 -> 5: node-5 joins as an operator would (tls sign-node, keygen, join --start), catches
#      up as an observer, the gov admin proposes add-validator and the bank admin approves (the
#      genesis threshold is 2), and the script waits for the epoch and for node-5 to pass it;
#   4. grows 5 -> 7 the same way with node-6 and node-7 (two proposals, approved together);
#   5. shrinks 7 -> 4: removes node-5, node-6 and node-7, which leave the cluster by themselves;
#   6. replaces node-4's machine (new key, same id and organisation, new ports) unless --no-replace:
#      the old machine leaves when the new one's epoch starts;
#   7. stops the load (--stop-file), lets the bench drain and check the ledger on node-1 and on
#      every other remaining node (--check-nodes), and compares the remaining nodes' block hashes
#      at a common height.
# The commit rate is the bench's per-second count of node-1's committed bench payments. Per change:
# the mean rate over the 30 s before it began (the first operator command), the lowest 5 s mean from
# then until every new member passed the epoch's start (and every removed node left), and the time
# from the beginning until a 5 s mean after that low is back to >= 90 % of before.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: yantar bench reconfig [--network DIR] [--rate TPS] [--http-base-port P] [--base-port P] [--gap SECONDS]
                             [--step-timeout SECONDS] [--no-replace]
  --network DIR          new folder for the run (default: /tmp/yantar-reconfig-<time>); must not hold a network
  --rate TPS             open-loop rate on node-1..3 (default 100)
  --http-base-port P     HTTP port of node-1 (default 18081); the joining nodes take P+4..P+7, admin listeners P+100..
  --base-port P          cluster port of node-1 (default 26521); the joining nodes take P+4..P+7
  --gap SECONDS          steady load before the first change, between changes and after the last (default 40; >= 35
                         so that each change has 30 s of undisturbed rate before it)
  --step-timeout S       give up when one wait (catch-up, epoch, leave) takes longer (default 600)
  --no-replace           skip the machine replacement
EOF
}

network="/tmp/yantar-reconfig-$(date +%Y%m%d-%H%M%S)"
rate=100
http_base=18081
cluster_base=26521
gap=40
step_timeout=600
replace=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --network) network="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --http-base-port) http_base="$2"; shift 2 ;;
    --base-port) cluster_base="$2"; shift 2 ;;
    --gap) gap="$2"; shift 2 ;;
    --step-timeout) step_timeout="$2"; shift 2 ;;
    --no-replace) replace=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "yantar bench reconfig: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$script_dir/bench-lib.sh"
bench_prelude reconfig "$network" curl jq -- "$rate" "$http_base" "$cluster_base" "$gap" "$step_timeout"
(( rate >= 1 )) || { echo "yantar bench reconfig: --rate must be at least 1" >&2; exit 2; }
(( gap >= 35 )) || { echo "yantar bench reconfig: --gap must be at least 35 s (30 s of rate before each change)" >&2; exit 2; }
java_opts=("${node_java_opts[@]}")
yantar() { java -jar "$node_jar" "$@"; }
http_port() { echo $((http_base + $1 - 1)); }     # machine N (5..7 joiners, 8 the new node-4)
cluster_port() { echo $((cluster_base + $1 - 1)); }
url() { echo "http://127.0.0.1:$(http_port "$1")"; }
admin_url="http://127.0.0.1:$((http_base + 100))"  # node-1's admin listener (yantar genesis: HTTP port + 100)
now() { date +%s.%N; }
status_of() { curl -s --max-time 2 "$(url "$1")/v1/status" 2>/dev/null || true; }
height() { status_of "$1" | jq -r '.height // empty' 2>/dev/null || true; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
say() { printf '%s reconfig: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "FAILED: $*" >&2; exit 1; }

bench_pid=""
machine_pids=()   # the joined machines: this script's own processes, which 'yantar down' does not know of
cleanup() {
  touch "$network/stop-load" 2>/dev/null || true
  [[ -n "$bench_pid" ]] && kill "$bench_pid" 2>/dev/null || true
  for pid in "${machine_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  java -jar "$node_jar" down --network "$network" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Polls CONDITION (a shell command) every half second until it holds, or dies after --step-timeout.
await() {
  local what="$1" condition="$2" deadline=$((SECONDS + step_timeout))
  until eval "$condition"; do
    (( SECONDS < deadline )) || die "$what: not within $step_timeout s"
    kill -0 "$bench_pid" 2>/dev/null || die "$what: the bench ended early; see $network/bench.log"
    sleep 0.5
  done
}

# Machine M (its HTTP port) is ready and at node-1's height read before.
caught_up() {
  local target status
  target=$(height 1)
  status=$(status_of "$1")
  [[ -n "$target" && "$(jq -r '.ready // false' <<<"$status" 2>/dev/null)" == "true" \
     && "$(jq -r '.height // 0' <<<"$status" 2>/dev/null)" -ge "$target" ]]
}

# node-1's current validator set is exactly these node ids (in any order), in an epoch after
# EPOCH_BEFORE (a replaced key keeps the ids).
set_is() {
  local want="$1" got
  got=$(curl -s --max-time 2 "$(url 1)/v1/validators" \
    | jq -r --argjson e "$epoch_before" 'select(.set.epoch > $e) | [.set.validators[].nodeId] | sort | join(" ")' 2>/dev/null || true)
  [[ "$got" == "$want" ]]
}
set_start() { curl -s --max-time 2 "$(url 1)/v1/validators" | jq -r '.set.startHeight'; }
set_epoch() { curl -s --max-time 2 "$(url 1)/v1/validators" | jq -r '.set.epoch'; }

# An operator brings machine M in as node ID of ORG (ROLE): certificate from the CA holder, a key,
# 'yantar join --start' in the background. REPLACING is --replacing for a replaced machine.
# Sets joined_key_hex.
join_machine() {
  local machine="$1" id="$2" org="$3" role="$4" replacing="${5:-}" dir="$network/machines/m$1"
  mkdir -p "$dir"
  yantar tls sign-node --network "$network" --node-id "$id" --organisation "$org" --host 127.0.0.1 $replacing --out "$dir/tls" >/dev/null
  joined_key_hex=$(yantar keygen --out "$dir/keys" --name "$id" | grep -oE '[0-9a-f]{64}' | tail -1)
  [[ -n "$joined_key_hex" ]] || die "keygen printed no public key for $id"
  local who=(--organisation "$org" --role "$role")
  [[ -n "$replacing" ]] && who=()  # a replaced machine's organisation and role come from the peer's validator sets
  nohup java "${java_opts[@]}" -jar "$node_jar" join --genesis "$network/genesis.pb" --peer "$(url 1)" \
    --key "$dir/keys/$id.key" --node-id "$id" "${who[@]}" --host 127.0.0.1 --cluster-port "$(cluster_port "$machine")" \
    --http-port "$(http_port "$machine")" --tls-dir "$dir/tls" --out "$dir/node" --start \
    >"$network/logs/m$machine-$id.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  machine_pids+=("$!")
}

# yantar admin ... through node-1; prints the JSON part of the answer.
admin() {
  local out
  out=$(yantar admin "$@" --node "$admin_url" --api "$(url 1)") || die "yantar admin $*: $out"
  awk 'f || /^\{/ {f = 1; print}' <<<"$out"
}
propose() { admin propose "$@" --key "$network/keys/gov-admin-1.key" --wait | jq -r '.id'; }
approve() { admin approve "$1" --key "$network/keys/bank-admin-1.key" --wait >/dev/null; }

# How many of the 100 blocks from height START carry a commit-certificate signature of the validator
# ID of that epoch's set (its replica index there; a replaced key signs under the same index, and
# only the key of the epoch verifies): proof that a new member votes.
signed_blocks() {
  local start="$1" id="$2" index
  index=$(curl -s --max-time 5 "$(url 1)/v1/validators?height=$start" | jq --arg id "$id" '[.set.validators[].nodeId] | index($id)')
  curl -s --max-time 10 "$(url 1)/v1/blocks?from=$start&limit=100" \
    | jq --argjson i "$index" '[.blocks[] | select([.commitCertificate.signatures[] | .replica // 0] | index($i))] | length'
}

# Per change: name, times (begin, proposed, effective, done), epoch start height, load average at the
# start, new voting members.
changes=()
begin_change() { change_begin=$(now); change_load=$(loadavg); epoch_before=$(set_epoch); say "$1 (load average $change_load)"; }
end_change() {
  local name="$1"
  changes+=("$name|$change_begin|$change_proposed|$change_effective|$(now)|$change_start|$change_load|${2:-}")
  say "$name done: epoch $(set_epoch) from height $change_start"
  sleep "$gap"
}
# After the approvals: waits until node-1 runs the set WANT (sorted ids), then until the machines
# given pass its start height by 2 blocks (they vote: the chain moves with them counted).
await_epoch() {
  local want="$1"; shift
  await "epoch of {$want}" "set_is '$want'"
  change_effective=$(now)
  change_start=$(set_start)
  for machine in "$@"; do
    await "machine $machine past height $((change_start + 2))" "[[ \$(height $machine) -ge $((change_start + 2)) ]] 2>/dev/null"
  done
}

# --- 1. the network ----------------------------------------------------------------------------
yantar genesis --out "$network" --validators 4 --http-base-port "$http_base" --base-port "$cluster_base" \
  --citizens 0 --chain-id yantar-reconfig >/dev/null
mkdir -p "$network/logs" "$network/machines"
up_args=()
for opt in "${java_opts[@]}"; do up_args+=(--java-opt "$opt"); done
say "starting 4 nodes in $network (load average $(loadavg))"
yantar up --network "$network" --detach --timeout 300s "${up_args[@]}"

# --- 2. the load -------------------------------------------------------------------------------
remaining_urls="$(url 2),$(url 3),$(url 4)"
(( replace )) && remaining_urls="$(url 2),$(url 3),$(url 8)"
say "open loop at $rate tx/s on node-1..3 until the changes are done"
java -Xmx2g -Dyantar.jar="$node_jar" -cp "$bench_jar" io.yantar.bench.BenchCommand \
  --nodes "$(url 1),$(url 2),$(url 3)" --network "$network" --open-loop-only --rate "$rate" --duration 3600 --drain 120 \
  --check-nodes "$remaining_urls" --stop-file "$network/stop-load" \
  > >(while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >"$network/bench.log") 2>&1 &
bench_pid=$!
await "the open loop" "grep -q ' open: ' '$network/bench.log' 2>/dev/null"
sleep "$gap"

# --- 3. grow 4 -> 5 ----------------------------------------------------------------------------
begin_change "grow 4 -> 5"
join_machine 5 node-5 "Ministry of Finance" government
key5=$joined_key_hex
await "node-5 caught up as an observer" "caught_up 5"
change_proposed=$(now)
id=$(propose add-validator --node-id node-5 --organisation "Ministry of Finance" --role government --validator-key "$key5" \
  --host 127.0.0.1 --cluster-port "$(cluster_port 5)" --http-port "$(http_port 5)")
approve "$id"
await_epoch "node-1 node-2 node-3 node-4 node-5" 5
end_change "grow 4 -> 5" "node-5"

# --- 4. grow 5 -> 7 ----------------------------------------------------------------------------
begin_change "grow 5 -> 7"
join_machine 6 node-6 "Savings Bank" bank
key6=$joined_key_hex
join_machine 7 node-7 "Treasury Department" government
key7=$joined_key_hex
await "node-6 caught up as an observer" "caught_up 6"
await "node-7 caught up as an observer" "caught_up 7"
change_proposed=$(now)
id6=$(propose add-validator --node-id node-6 --organisation "Savings Bank" --role bank --validator-key "$key6" \
  --host 127.0.0.1 --cluster-port "$(cluster_port 6)" --http-port "$(http_port 6)")
id7=$(propose add-validator --node-id node-7 --organisation "Treasury Department" --role government --validator-key "$key7" \
  --host 127.0.0.1 --cluster-port "$(cluster_port 7)" --http-port "$(http_port 7)")
approve "$id6"
approve "$id7"
await_epoch "node-1 node-2 node-3 node-4 node-5 node-6 node-7" 6 7
end_change "grow 5 -> 7" "node-6 node-7"

# --- 5. shrink 7 -> 4 --------------------------------------------------------------------------
begin_change "shrink 7 -> 4"
change_proposed=$(now)
removals=()
for id in node-5 node-6 node-7; do removals+=("$(propose remove-validator --node-id "$id")"); done
for removal in "${removals[@]}"; do approve "$removal"; done
await_epoch "node-1 node-2 node-3 node-4" 1 2 3 4
for machine in 5 6 7; do
  pid=$(cat "$network/machines/m$machine/pid")
  await "node-$machine left the cluster and stopped" "! kill -0 $pid 2>/dev/null"
done
end_change "shrink 7 -> 4"

# --- 6. replace node-4's machine ---------------------------------------------------------------
if (( replace )); then
  begin_change "replace node-4's machine"
  old4=$(cat "$network/run/node-4.pid")
  join_machine 8 node-4 "State Development Bank" bank --replacing
  key4=$joined_key_hex
  await "the new node-4 caught up as an observer" "caught_up 8"
  change_proposed=$(now)
  id=$(propose replace-key --node-id node-4 --validator-key "$key4" --host 127.0.0.1 \
    --cluster-port "$(cluster_port 8)" --http-port "$(http_port 8)")
  approve "$id"
  await_epoch "node-1 node-2 node-3 node-4" 8
  await "the old node-4 machine left the cluster and stopped" "! kill -0 $old4 2>/dev/null"
  end_change "replace node-4's machine" "node-4"
fi

# --- 7. the end: drain, ledger checks, block hashes ----------------------------------------------
touch "$network/stop-load"
say "load stopped; the bench drains and checks the ledger on node-1 and on $remaining_urls"
bench_code=0
wait "$bench_pid" || bench_code=$?
bench_pid=""
remaining=(1 2 3 4)
(( replace )) && remaining=(1 2 3 8)
common=""
for machine in "${remaining[@]}"; do
  h=$(height "$machine")
  [[ -n "$h" ]] || die "machine $machine does not answer /v1/status"
  [[ -z "$common" || "$h" -lt "$common" ]] && common=$h
done
hashes=()
for machine in "${remaining[@]}"; do hashes+=("$(curl -s --max-time 5 "$(url "$machine")/v1/blocks/$common" | jq -r '.hash')"); done
distinct_hashes=$(printf '%s\n' "${hashes[@]}" | sort -u | wc -l)
hash_check="ok"
[[ "$distinct_hashes" == "1" && "${hashes[0]}" != "null" && -n "${hashes[0]}" ]] || hash_check="MISMATCH"

sed 's/^[0-9.]* //' "$network/bench.log" | grep -v '^\[' | tail -28
echo

# --- the figures --------------------------------------------------------------------------------
# Per-second rates: "time rate" from the bench's progress lines.
grep -E ' \[open +[0-9]+s\] rate ' "$network/bench.log" | awk '{for (i = 1; i <= NF; i++) if ($i == "rate") print $1, $(i + 1)}' >"$network/rates.txt"
# before: mean over [begin-30, begin); catch-up dip: lowest mean of 5 consecutive seconds within
# [begin, proposed] (the joining machines fetch the chain); switch dip: the same within [proposed,
# done + 10] (proposal, approval, epoch, first blocks of the new set); recovered: seconds from the
# proposal until the first 5 s mean >= 90 % of before that ends after the switch dip's low (0 when
# the switch never went below); stalls: seconds with no commit within [begin, done + 10].
figures() {
  awk -v b="$1" -v p="$2" -v d="$3" '
    function lowest(from, to,   i, m, low) {
      low = -1
      for (i = 5; i <= n; i++) {
        if (t[i - 4] < from || t[i] > to) continue
        m = (r[i] + r[i-1] + r[i-2] + r[i-3] + r[i-4]) / 5
        if (low < 0 || m < low) { low = m; lowAt = i }
      }
      return low
    }
    { t[NR] = $1; r[NR] = $2; n = NR }
    END {
      for (i = 1; i <= n; i++) if (t[i] >= b - 30 && t[i] < b) { s += r[i]; c++ }
      before = c ? s / c : 0
      catchup = p - b >= 5 ? lowest(b, p) : -1
      switchLow = lowest(p, d + 10)
      recovered = -1
      if (switchLow >= 0.9 * before) recovered = 0
      else for (i = lowAt; i <= n; i++) {
        m = (r[i] + r[i-1] + r[i-2] + r[i-3] + r[i-4]) / 5
        if (m >= 0.9 * before) { recovered = t[i] - p; break }
      }
      for (i = 1; i <= n; i++) if (t[i] >= b && t[i] <= d + 10 && r[i] == 0) stalls++
      printf "%.1f %.1f %.1f %.1f %d\n", before, catchup, switchLow, recovered, stalls
    }' "$network/rates.txt"
}
printf '%-26s %8s %10s %10s %8s %7s %9s %8s %9s  %s\n' change "before/s" "catch-up/s" "switch/s" "recov s" "stalls" "propose s" "epoch s" "all done" "load average at start"
json_changes=""
for change in "${changes[@]}"; do
  IFS='|' read -r name begin proposed effective done start load voters <<<"$change"
  read -r before catchup switch recovered stalls <<<"$(figures "$begin" "$proposed" "$done")"
  rel() { awk -v a="$1" -v b="$begin" 'BEGIN{printf "%.1f", a - b}'; }
  null_if_none() { [[ "$1" == "-1.0" ]] && echo null || echo "$1"; }
  printf '%-26s %8s %10s %10s %8s %7s %9s %8s %9s  %s\n' "$name" "$before" "$(null_if_none "$catchup" | sed 's/null/-/')" "$switch" \
    "$(null_if_none "$recovered" | sed 's/null/never/')" "$stalls" "$(rel "$proposed")" "$(rel "$effective")" "$(rel "$done")" "$load"
  signed_json=""
  for voter in $voters; do
    signed=$(signed_blocks "$start" "$voter")
    echo "    $voter signed the commit certificates of $signed of the 100 blocks from the epoch's start $start"
    signed_json+="${signed_json:+,}\"$voter\":$signed"
  done
  json_changes+="${json_changes:+,}{\"change\":\"$name\",\"before_tx_per_s\":$before,\"catchup_dip_5s_tx_per_s\":$(null_if_none "$catchup"),\"switch_dip_5s_tx_per_s\":$switch,\"recovered_s\":$(null_if_none "$recovered"),\"stall_seconds\":$stalls,\"proposed_s\":$(rel "$proposed"),\"effective_s\":$(rel "$effective"),\"done_s\":$(rel "$done"),\"epoch_start_height\":$start,\"load_average\":\"$load\",\"signed_of_first_100_blocks\":{$signed_json}}"
done
echo "rates: 5 s means of node-1's committed bench payments (catch-up: while joining machines fetch the chain; switch: proposal to 10 s after all done);"
echo "recov: s from the proposal until a 5 s mean >= 90 % of before; stalls: seconds without a commit; times in s from the change's first operator command;"
echo "'all done' = every new member 2 blocks past the epoch's start and every removed machine stopped"
echo "block hash at height $common on machines ${remaining[*]}: $hash_check (${hashes[0]})"
ledger_line=$(sed 's/^[0-9.]* //' "$network/bench.log" | grep -E '^ledger check' | tr '\n' ';')
echo "bench exit code $bench_code (0: the ledger check passed on node-1 and on $remaining_urls)"
echo "logs: $network/logs; bench: $network/bench.log; per-second rates: $network/rates.txt"
printf '{"offered_tx_per_s":%s,"changes":[%s],"common_height":%s,"block_hashes":"%s","bench_exit_code":%s,"ledger_checks":%s}\n' \
  "$rate" "$json_changes" "$common" "$hash_check" "$bench_code" "$(jq -Rn --arg s "$ledger_line" '$s')"
[[ "$hash_check" == "ok" && "$bench_code" == "0" ]]
