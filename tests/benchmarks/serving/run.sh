#!/usr/bin/env bash
# Serving benchmark: raw ONNX Runtime vs the HTTP ceiling vs /v2 infer and /v1 predict under wrk,
# plus a 10x overload run. Loopback only; bounded in time (about 2-3 minutes including the build).
# Usage: tests/benchmarks/serving/run.sh [SECONDS_PER_RUN]   (default 6)
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../../.. && pwd)
SECS=${1:-6}
PORT=${BENCH_PORT:-18080}
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/gitopsml-bench.XXXXXX)
SERVER_PID=""
SAMPLER_PID=""
cleanup() {
  local rc=$?
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ "$rc" -ne 0 ] && [ -f "$WORK/server.log" ] && { echo "# server log (last 40 lines):" >&2; tail -40 "$WORK/server.log" >&2; }
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "# installing wrk" >&2
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; })
fi
command -v curl >/dev/null || { apt-get update >/dev/null && apt-get install -y curl >/dev/null; }

echo "# building (Release)" >&2
dotnet build -c Release "$HERE/GitOpsMl.Serving.Bench" -o "$WORK/bin" >/dev/null
BENCH="dotnet $WORK/bin/GitOpsMl.Serving.Bench.dll"

$BENCH bundle "$WORK/churn" >/dev/null
echo "## machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo
echo "## (a) raw ONNX Runtime Run(), in process, batch 1, one thread"
$BENCH ort "$WORK/churn" 3 | sed 's/^/    /'
ORT_RPS=$($BENCH ort "$WORK/churn" 2 | awk '/raw_ort_batch1 /{split($2,a,"="); print a[2]}')

# The server: defaults (maxBatchSize 32, maxDelay 2ms, adaptive, 1 intra-op thread, 1 concurrent run,
# target queue wait 2ms; SERVE_ARGS adds options, e.g. SERVE_ARGS="--target-queue-wait 1ms"), queue bound 128, body limit 64 MiB for the large-body measurement.
$BENCH serve ${SERVE_ARGS:-} --bundle churn="$WORK/churn" --host 127.0.0.1 --port $PORT --max-queue 128 --max-body-bytes 67108864 --benchmark-routes --log-format text \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "$URL/v2/health/ready" >/dev/null && break; sleep 0.2; done
curl -sf "$URL/v2/health/ready" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# One-row bodies (the churn example's first CSV row).
cat >"$WORK/v2.json" <<'JSON'
{"inputs":[{"name":"tenure_months","datatype":"FP32","shape":[1,1],"data":[40.2]},{"name":"monthly_charges","datatype":"FP32","shape":[1,1],"data":[58.29]},{"name":"support_calls","datatype":"FP32","shape":[1,1],"data":[0]},{"name":"plan","datatype":"BYTES","shape":[1,1],"data":["plus"]},{"name":"region","datatype":"BYTES","shape":[1,1],"data":["west"]},{"name":"contract","datatype":"BYTES","shape":[1,1],"data":["monthly"]}]}
JSON
cat >"$WORK/v1.json" <<'JSON'
{"instances":[{"tenure_months":40.2,"monthly_charges":58.29,"support_calls":0,"plan":"plus","region":"west","contract":"monthly"}]}
JSON
INFER_BYTES=$(curl -s -o /dev/null -w '%{size_download}' -H 'Content-Type: application/json' --data-binary @"$WORK/v2.json" "$URL/v2/models/churn/infer")
PREDICT_BYTES=$(curl -s -o /dev/null -w '%{size_download}' -H 'Content-Type: application/json' --data-binary @"$WORK/v1.json" "$URL/v1/models/churn:predict")

rss() { awk '/VmRSS/{print int($2/1024)}' /proc/$SERVER_PID/status; }
# wrk CONNECTIONS BODY PATH -> "rps p50_ms p99_ms non2xx"
run() {
  local c=$1 body=$2 path=$3 t=2
  [ "$c" -lt 2 ] && t=1
  BENCH_BODY=$body ${WRAP:-} wrk -t$t -c$c -d${SECS}s --latency -s "$HERE/post.lua" "$URL$path" >"$WORK/wrk.out" 2>&1 || true
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)}
    /Non-2xx/ {n=$5}
    END {printf "%.0f %.3f %.3f %d\n", rps, p50, p99, n+0}' "$WORK/wrk.out"
}

echo "# warm-up" >&2
BENCH_BODY="$WORK/v2.json" wrk -t2 -c16 -d3s -s "$HERE/post.lua" "$URL/v2/models/churn/infer" >/dev/null
BENCH_BODY="$WORK/v1.json" wrk -t2 -c16 -d2s -s "$HERE/post.lua" "$URL/v1/models/churn:predict" >/dev/null
BENCH_BODY="$WORK/v2.json" wrk -t2 -c16 -d2s -s "$HERE/post.lua" "$URL/_bench/fixed?bytes=$INFER_BYTES" >/dev/null
RSS_WARM=$(rss)

echo
echo "## (b) HTTP ceiling vs inference, wrk ${SECS}s per run (response bodies: infer ${INFER_BYTES} B, predict ${PREDICT_BYTES} B)"
echo
echo "| connections | route | req/s | p50 ms | p99 ms | non-2xx | ÷ ceiling (b) | ÷ raw ORT (a) |"
echo "|---|---|---|---|---|---|---|---|"
declare -A RPS P99 CEIL
for c in 1 16 64; do
  read -r crps c50 c99 cn <<<"$(run $c "$WORK/v2.json" "/_bench/fixed?bytes=$INFER_BYTES")"
  echo "| $c | ceiling: POST /_bench/fixed | $crps | $c50 | $c99 | $cn | 1.00 | $(awk -v a=$crps -v b=$ORT_RPS 'BEGIN{printf "%.2f", a/b}') |"
  read -r irps i50 i99 in_ <<<"$(run $c "$WORK/v2.json" /v2/models/churn/infer)"
  echo "| $c | POST /v2/models/churn/infer | $irps | $i50 | $i99 | $in_ | $(awk -v a=$irps -v b=$crps 'BEGIN{printf "%.2f", a/b}') | $(awk -v a=$irps -v b=$ORT_RPS 'BEGIN{printf "%.2f", a/b}') |"
  read -r prps p50 p99 pn <<<"$(run $c "$WORK/v1.json" "/_bench/fixed?bytes=$PREDICT_BYTES")"
  read -r vrps v50 v99 vn <<<"$(run $c "$WORK/v1.json" /v1/models/churn:predict)"
  echo "| $c | POST /v1/models/churn:predict | $vrps | $v50 | $v99 | $vn | $(awk -v a=$vrps -v b=$prps 'BEGIN{printf "%.2f", a/b}') (vs $prps) | $(awk -v a=$vrps -v b=$ORT_RPS 'BEGIN{printf "%.2f", a/b}') |"
  RPS[$c]=$irps; P99[$c]=$i99; CEIL[$c]=$crps
done
CEIL64=${CEIL[64]}

# Unloaded server-side p99 of accepted requests (16 connections), then 10x overload (640 connections),
# with the server's own per-stage histograms (gitopsml_request_stage_seconds) and shed counts by rule.
# The server's clock starts when the endpoint runs: Kestrel has already read and parsed the request, so
# time a request's bytes waited for a thread (socket buffer, thread-pool queue) is not in these figures;
# wrk's own latency includes it. WRAP (e.g. "taskset -c 1") runs wrk on other cores than the server.
shed_of() { { grep -F "gitopsml_shed_total{model=\"churn\",reason=\"$1\"}" "$2" || true; } | awk '{n+=$2} END {print n+0}'; }
overload_row() {
  local label=$1 wrap=$2
  curl -s "$URL/metrics" >"$WORK/m0"
  WRAP=$wrap run 16 "$WORK/v2.json" /v2/models/churn/infer >/dev/null
  curl -s "$URL/metrics" >"$WORK/m1"
  BASE=$($BENCH latency "$WORK/m0" "$WORK/m1" churn 200)
  BASE_STAGES=$($BENCH stages "$WORK/m0" "$WORK/m1" churn)
  : >"$WORK/rss"
  ( while true; do rss >>"$WORK/rss"; sleep 0.25; done ) & SAMPLER_PID=$!
  read -r orps o50 o99 on <<<"$(WRAP=$wrap run 640 "$WORK/v2.json" /v2/models/churn/infer)"
  curl -s "$URL/metrics" >"$WORK/m2"
  kill $SAMPLER_PID; SAMPLER_PID=""
  OVER=$($BENCH latency "$WORK/m1" "$WORK/m2" churn 200)
  OVER_STAGES=$($BENCH stages "$WORK/m1" "$WORK/m2" churn)
  SHED=$($BENCH latency "$WORK/m1" "$WORK/m2" churn 429 | sed 's/.*count=\([0-9]*\).*/\1/')
  local by_rule="" r
  for r in admission queue_full queue_timeout; do
    by_rule="$by_rule $r $(( $(shed_of $r "$WORK/m2") - $(shed_of $r "$WORK/m1") ))"
  done
  RSS_MAX=$(sort -n "$WORK/rss" | tail -1)
  LIVE=$(curl -s -o /dev/null -w '%{http_code}' "$URL/v2/health/live")
  echo
  echo "## 10x overload, $label: 640 connections on /v2 infer, queue bound 128, ${SECS}s (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "- wrk: $orps req/s answered (all codes), p50 $o50 ms, p99 $o99 ms (429s included), non-2xx $on"
  echo "- shed with 429 + Retry-After: $SHED (by rule:$by_rule); server live afterwards: HTTP $LIVE"
  echo "- accepted (200) server-side latency under overload: ${OVER#server_latency }"
  echo "- accepted (200) server-side latency at 16 connections:  ${BASE#server_latency }"
  echo "- RSS: ${RSS_WARM} MiB after warm-up, max ${RSS_MAX} MiB during overload (sampled every 250 ms)"
  echo "- where accepted requests' server-side time went under overload (stage histograms):"
  sed 's/^/      /' <<<"$OVER_STAGES"
  echo "- and at 16 connections:"
  sed 's/^/      /' <<<"$BASE_STAGES"
}
overload_row "wrk and server sharing all $(nproc) cores" ""
SHARED_BASE=$BASE SHARED_OVER=$OVER
# The goal is about the server, not a load generator stealing its cores: the same row with the server
# pinned to the first half of the cores and wrk to the other half (on 2 cores: one each).
PINNED_BASE="" PINNED_OVER=""
if [ "$(nproc)" -ge 2 ]; then
  HALF=$(( $(nproc) / 2 ))
  taskset -a -pc 0-$((HALF - 1)) "$SERVER_PID" >/dev/null
  overload_row "server pinned to cores 0-$((HALF - 1)), wrk to cores $HALF-$(( $(nproc) - 1 ))" "taskset -c $HALF-$(( $(nproc) - 1 ))"
  PINNED_BASE=$BASE PINNED_OVER=$OVER
  taskset -a -pc 0-$(( $(nproc) - 1 )) "$SERVER_PID" >/dev/null
fi

# Memory per MB of body: a ~${BODY_MB} MB v2 body three times; RSS peak while serving and 5 s after.
BODY_MB=${BODY_MB:-20}
read -r BIG_ROWS BIG_BYTES <<<"$($BENCH body "$WORK/big.json" "$BODY_MB")"
RSS_BEFORE_BIG=$(rss)
: >"$WORK/rss-big"
( while true; do rss >>"$WORK/rss-big"; sleep 0.1; done ) & SAMPLER_PID=$!
BIG_CODES=""
for _ in 1 2 3; do
  BIG_CODES="$BIG_CODES $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/big.json" "$URL/v2/models/churn/infer")"
done
kill $SAMPLER_PID; SAMPLER_PID=""
RSS_PEAK_BIG=$(sort -n "$WORK/rss-big" | tail -1)
sleep 5
RSS_AFTER_BIG=$(rss)
MEM_PER_MB=$(awk -v p=$RSS_PEAK_BIG -v b=$RSS_BEFORE_BIG -v n=$BIG_BYTES 'BEGIN{printf "%.2f", (p-b)/(n/1048576)}')
MEM_AFTER_ABOVE_WARM=$((RSS_AFTER_BIG - RSS_BEFORE_BIG))
echo
echo "## large bodies: ${BIG_BYTES} B (${BIG_ROWS} rows) to /v2 infer, three times (HTTP$BIG_CODES)"
echo
echo "- RSS ${RSS_BEFORE_BIG} MiB before, peak ${RSS_PEAK_BIG} MiB (+${MEM_PER_MB} MiB per MB of body), ${RSS_AFTER_BIG} MiB 5 s later"
echo
echo "## goals"
# The goal check compares numbers; prove it can fail before trusting it: 25.892 ms against 3 x 1.186 ms
# (the pair an earlier string comparison reported as met) must be NOT met.
set +e; $BENCH check "self-check: 25.892 / 1.186" 25.892 / 1.186 "<=" 3 >/dev/null; SELF=$?; set -e
[ "$SELF" -eq 1 ] || { echo "goal check self-test: expected exit 1 (NOT met), got $SELF; not trusting the checks" >&2; exit 1; }
p99of() { sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$1"; }
$BENCH check "infer req/s at 64 connections / HTTP ceiling" "${RPS[64]}" / "$CEIL64" ">=" 0.6 || true
$BENCH check "wrk p99 at 16 connections, ms" "${P99[16]}" "<=" 5 || true
$BENCH check "accepted p99 under 10x overload / at 16 connections (wrk sharing the cores)" "$(p99of "$SHARED_OVER")" / "$(p99of "$SHARED_BASE")" "<=" 3 || true
[ -n "$PINNED_OVER" ] && { $BENCH check "accepted p99 under 10x overload / at 16 connections (wrk on other cores)" "$(p99of "$PINNED_OVER")" / "$(p99of "$PINNED_BASE")" "<=" 3 || true; }
$BENCH check "RSS growth per MB of body, MiB" "$MEM_PER_MB" "<=" 10 || true
$BENCH check "RSS 5 s after the large bodies minus before them, MiB" "$MEM_AFTER_ABOVE_WARM" "<=" 100 || true
