#!/usr/bin/env python3
"""A bounded soak of one Gatehouse node (issue 14): mixed traffic at about 70 % of what the
node measured it could do, for a few minutes, on SQLite and (with DATABASE_URL) PostgreSQL.

    python3 benches/soak.py [--minutes 5] [--load 0.7] [--bin target/release/gatehouse]

Each scenario (discovery, client_credentials, introspection, userinfo, signed-in SSO flows,
refresh rotations) first runs unpaced for a few seconds to measure its capacity alone; then all
run at once for the soak, each paced (wrk's `delay`, benches/wrk/scenario.lua) to its share of
`--load` (0.7 split evenly: six scenarios at 11.7 % of their capacity each keep the node's core
about 70 % busy). Every 10 s the node's RSS and the database's size are sampled. At the end:
requests and non-2xx/3xx answers per scenario (the target is zero errors), the RSS after
warm-up and at the end, the database size over time, and whether the session and a refresh
token from before the soak still work (nothing lost). JSON goes to target/soak.json.

Gatehouse is pinned to core 0 and wrk to core 1, as in benches/compare.py (which this reuses).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402

SCENARIOS = ["discovery", "cc", "introspect", "userinfo", "sso", "refresh"]
CONNS = 8


def scenario_args(name, fixture, work):
    """(path, headers, lua_env) of a scenario, as benches/compare.py runs it."""
    form = "Content-Type: application/x-www-form-urlencoded"
    if name == "discovery":
        return "/.well-known/openid-configuration", [], {}
    if name == "cc":
        return "/token", [f"Authorization: {fixture.cc_basic}", form], {
            "WRK_METHOD": "POST", "WRK_BODY": "grant_type=client_credentials"}
    if name == "introspect":
        return "/introspect", [f"Authorization: {fixture.cc_basic}", form], {
            "WRK_METHOD": "POST", "WRK_BODY": "token=" + fixture.cc_token()}
    if name == "userinfo":
        token = fixture.tokens()["access_token"]
        return "/userinfo", [f"Authorization: Bearer {token}"], {}
    if name == "sso":
        body = urllib.parse.urlencode(fixture.token_body())
        return "/authorize", [f"Cookie: {compare.cookie_header(fixture.jar)}",
                              f"Authorization: {fixture.web_basic}"], {
            "WRK_MODE": "sso", "WRK_AUTHORIZE": fixture.authorize_path(), "WRK_TOKEN_BODY": body}
    if name == "refresh":
        tokens = work / "refresh-tokens"
        tokens.write_text("\n".join(fixture.tokens("openid offline_access")["refresh_token"]
                                    for _ in range(4 * CONNS)) + "\n")
        return "/token", [f"Authorization: {fixture.web_basic}"], {
            "WRK_MODE": "refresh", "WRK_TOKENS": str(tokens)}
    raise ValueError(name)


def start_wrk(port, path, seconds, headers, lua_env):
    env = dict(os.environ, **lua_env)
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{CONNS}", f"-d{seconds}s", "--latency",
           "-s", str(compare.LUA)]
    for h in headers:
        cmd += ["-H", h]
    return subprocess.Popen(cmd + [f"http://127.0.0.1:{port}{path}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def summary_of(proc):
    out, err = proc.communicate()
    line = next((l for l in out.splitlines() if l.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out}\n{err}")
    return json.loads(line[len("WRKJSON "):])


def database_bytes(node, work, database_url):
    if database_url:
        name = urllib.parse.urlsplit(database_url).path.lstrip("/")
        out = subprocess.run(["psql", database_url, "-tAc", f"SELECT pg_database_size('{name}')"],
                             capture_output=True, text=True)
        return int(out.stdout.strip() or 0)
    data = work / "data"
    return sum(f.stat().st_size for f in data.iterdir() if f.name.startswith("gatehouse.sqlite"))


def soak(binary, work, args, database_url=None, label="sqlite"):
    # Access tokens minted before the soak must outlive it (they last five minutes by
    # default, and an expired one is rightly refused at userinfo).
    ttl = str(int(args.minutes * 60) + 600)
    node = compare.Node(binary, work, 18090, database_url,
                        extra_env={"GATEHOUSE_TOKENS__ACCESS_TOKEN_TTL_SECS": ttl})
    fixture = compare.Fixture(node)
    node.start()
    fixture.sign_in()
    keep_refresh = fixture.tokens("openid offline_access")["refresh_token"]
    port = node.port

    # Each scenario alone, unpaced: its capacity on this machine now.
    setups = {name: scenario_args(name, fixture, work) for name in SCENARIOS}
    capacity = {}
    for name in SCENARIOS:
        path, headers, lua_env = setups[name]
        if name == "refresh":  # the probe uses up its chains; give the soak fresh ones
            probe = start_wrk(port, path, args.probe, headers, lua_env)
            capacity[name] = summary_of(probe)["rps"]
            setups[name] = scenario_args(name, fixture, work)
        else:
            capacity[name] = summary_of(start_wrk(port, path, args.probe, headers, lua_env))["rps"]
        compare.log(f"  {label}: {name} alone {capacity[name]:,.0f}/s")

    share = args.load / len(SCENARIOS)
    seconds = int(args.minutes * 60)
    procs = {}
    for name in SCENARIOS:
        path, headers, lua_env = setups[name]
        rate = max(capacity[name] * share, 1.0)
        # A connection's cycle is its request's time plus the pause; at capacity the request
        # alone took CONNS / capacity (Little's law), so pausing CONNS × (1/rate − 1/capacity)
        # brings it to `rate` (an SSO flow is two requests, each paused).
        per_request = 2 if name == "sso" else 1
        pause_s = CONNS * per_request * (1 / rate - 1 / max(capacity[name], 1.0))
        delay_ms = max(int(1000 * pause_s / per_request), 1)
        procs[name] = start_wrk(port, path, seconds, headers, dict(lua_env, WRK_DELAY_MS=str(delay_ms)))
    samples, t0, ticks0 = [], time.time(), node.cpu_ticks()
    while any(p.poll() is None for p in procs.values()):
        sample = {"t_s": round(time.time() - t0), "rss_mb": round(node.status("VmRSS") / 1024, 1),
                  "db_mb": round(database_bytes(node, work, database_url) / 1e6, 2)}
        wal = work / "data" / "gatehouse.sqlite-wal"
        if not database_url and wal.exists():
            sample["wal_mb"] = round(wal.stat().st_size / 1e6, 2)
        samples.append(sample)
        time.sleep(10)
    cpu_share = (node.cpu_ticks() - ticks0) / compare.TCK / max(time.time() - t0, 1)
    results = {name: summary_of(p) for name, p in procs.items()}

    # Nothing lost: the session from before the soak, and a refresh token from before it.
    status, location, _, _ = node.http.request("GET", "/account",
                                               headers={"Cookie": compare.cookie_header(fixture.jar)})
    session_ok = status == 200
    status, _, _, _ = node.http.request("POST", "/token",
                                        {"grant_type": "refresh_token", "refresh_token": keep_refresh},
                                        headers={"Authorization": fixture.web_basic})
    refresh_ok = status == 200
    node.stop()
    warm = [s["rss_mb"] for s in samples if s["t_s"] >= 30] or [s["rss_mb"] for s in samples]
    return {
        "capacity_rps": capacity, "load": args.load, "seconds": seconds, "scenarios": results,
        "node_cpu_share": round(cpu_share, 2),
        "errors": sum(r["non2xx"] + r["socket_errors"] + r.get("flow_failures", 0) for r in results.values()),
        "rss_mb_after_warmup": warm[0] if warm else None, "rss_mb_end": samples[-1]["rss_mb"] if samples else None,
        "rss_mb_max": max(s["rss_mb"] for s in samples) if samples else None,
        "db_mb": [s["db_mb"] for s in samples], "session_kept": session_ok, "refresh_kept": refresh_ok,
        "samples": samples,
    }


def report(label, r):
    print(f"\n{label}: {r['seconds']} s paced to {r['load']:.0%} of capacity (the node's core "
          f"{r['node_cpu_share']:.0%} busy), {r['errors']} errors; "
          f"RSS {r['rss_mb_after_warmup']} MB after warm-up, {r['rss_mb_end']} MB at the end "
          f"(max {r['rss_mb_max']}); database {r['db_mb'][0] if r['db_mb'] else '?'} → "
          f"{r['db_mb'][-1] if r['db_mb'] else '?'} MB; session kept: {r['session_kept']}, "
          f"refresh token kept: {r['refresh_kept']}")
    print("| scenario | alone /s | soak requests | soak /s | non-2xx/3xx | socket errors | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, s in r["scenarios"].items():
        print(f"| {name} | {r['capacity_rps'][name]:,.0f} | {s['requests']:,} | {s['rps']:,.0f} | "
              f"{s['non2xx'] + s.get('flow_failures', 0)} | {s['socket_errors']} | {s['p99_ms']:.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5, help="at most 10")
    parser.add_argument("--load", type=float, default=0.7, help="share of measured capacity")
    parser.add_argument("--probe", type=int, default=4, help="seconds per capacity probe")
    parser.add_argument("--bin", help="the gatehouse binary (default target/release/gatehouse)")
    parser.add_argument("--json", default=str(compare.ROOT / "target" / "soak.json"))
    args = parser.parse_args()
    args.minutes = min(args.minutes, 10)
    binary = args.bin or str(compare.ROOT / "target" / "release" / "gatehouse")
    if not os.access(binary, os.X_OK):
        raise SystemExit("build first: cargo build --release (or pass --bin)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        compare.log("soak on SQLite")
        results["sqlite"] = soak(binary, Path(tmp) / "sqlite", args)
        url = os.environ.get("DATABASE_URL")
        if url:
            compare.log("soak on PostgreSQL")
            db = compare.fresh_postgres_database(url, "gatehouse_soak")
            results["postgres"] = soak(binary, Path(tmp) / "pg", args, db, "postgres")
    for key, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        if key in results:
            report(label, results[key])
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
