#!/usr/bin/env bash
# Side-by-side load figures: Gatehouse (release build) and the certified peer provider from
# ../shared/peer, one core each, with wrk on loopback, bounded in time. Prints start-up time,
# memory and requests per server-CPU-second.
#
# usage: benches/compare.sh            (after `cargo build --release`; needs wrk, node, curl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/gatehouse"
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d)
peer=$(mktemp -d)
cp -r ../shared/peer/. "$peer/"
port=18080
export GATEHOUSE_ISSUER="http://127.0.0.1:$port" GATEHOUSE_LISTEN="127.0.0.1:$port"
export GATEHOUSE_DATA_DIR="$work/data" GATEHOUSE_KEYS_DIR="$work/keys"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

secret=$("$bin" clients add --name bench --id bench-cc --grant-type client_credentials 2>/dev/null \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["client_secret"])')

echo "== start-up (existing database and keys): exec to first 200 from /readyz"
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$bin" >/dev/null 2>&1 & pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.002; done
  t1=$(date +%s%N)
  echo "  $(( (t1 - t0) / 1000000 )) ms, RSS $(awk '/VmRSS/{print $2}' /proc/$pid/status) kB"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done

echo "== Gatehouse under load (pinned to core 0)"
taskset -c 0 "$bin" >/dev/null 2>&1 & pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.01; done
(cd "$peer" && PEER_PID=$pid CLIENT_SECRET=$secret CC_PARAMS= INTROSPECT_TOKEN_PARAMS= AUTHCODE=0 \
  DURATION="${DURATION:-8}" ./load.sh "http://127.0.0.1:$port")
echo "  Gatehouse RSS after the load: $(awk '/VmRSS/{print $2}' /proc/$pid/status) kB"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

echo "== the peer (oidc-provider), same scenarios"
(cd "$peer" && AUTHCODE=0 DURATION="${DURATION:-8}" ./load.sh --start-peer)
# load.sh records the peer's memory in its raw output; show it beside ours.
python3 - "$peer"/out/*.jsonl <<'PY'
import json, sys
for path in sys.argv[1:]:
    for line in open(path):
        row = json.loads(line)
        if "server_rss_mb" in row:
            print(f"  peer RSS during {row.get('name')}: {row['server_rss_mb']} MiB")
PY
rm -rf "$peer"
