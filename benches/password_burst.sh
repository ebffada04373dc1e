#!/usr/bin/env bash
# An attacker's burst against a running Gatehouse: N simultaneous wrong passwords for one
# account from one address (each with its own browser: form, CSRF cookie, post). Prints how
# the answers split: at most the allowance (rate_limits.max_failures, 5) may be checked —
# "401" plus the first "429" — the rest are refused before argon2 runs. A burst that outlasts
# the first delay (2 s) earns one more check per doubling delay, as designed.
#
#   cargo run --release &        # then:
#   benches/password_burst.sh [N=100] [EMAIL=admin@example.com] [BASE=http://127.0.0.1:8080]
set -euo pipefail
n=${1:-100}; email=${2:-admin@example.com}; base=${3:-http://127.0.0.1:8080}
attempt() {
  local jar csrf
  jar=$(mktemp)
  csrf=$(curl -s -c "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" -X POST "$base/login" \
    --data-urlencode "csrf=$csrf" --data-urlencode "email=$email" \
    --data-urlencode "password=wrong guess $1"
  rm -f "$jar"
}
export -f attempt; export base email
start=$(date +%s.%N)
seq 1 "$n" | xargs -P "$n" -I{} bash -c 'attempt {}' | sort | uniq -c
printf 'burst of %s took %.2f s\n' "$n" "$(echo "$(date +%s.%N) - $start" | bc)"
