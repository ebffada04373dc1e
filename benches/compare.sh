#!/usr/bin/env bash
# Gatehouse beside the certified peer (../shared/peer), every hot path in one run: see
# benches/compare.py for what it measures and how. Builds the release binary first.
#
# usage: benches/compare.sh [--seconds N] [--only a,b] [--no-peer] [--json FILE]
#        DATABASE_URL=postgres://… benches/compare.sh    (adds the PostgreSQL and two-node runs)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin gatehouse --example argon2_time --example machine_limits
exec python3 benches/compare.py "$@"
