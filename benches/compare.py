#!/usr/bin/env python3
"""Gatehouse and the certified peer (../shared/peer, panva's oidc-provider), side by side.

One run prints the whole table: every hot path in requests per server-CPU-second (the server
pinned to core 0, wrk on core 1, both on loopback, bounded in time), memory, start-up, the
database statements each operation runs, on SQLite and, with DATABASE_URL, on PostgreSQL,
plus two Gatehouse nodes on one PostgreSQL (correctness across nodes and per-node figures).
The same rows go to a JSON file. Ratios within one run count; absolutes move with the machine.

usage: benches/compare.sh [--seconds N] [--only a,b] [--no-peer] [--json FILE]
Needs: target/release/gatehouse (or --bin), wrk, taskset, node + npm (the peer),
psql (PostgreSQL runs). Only the standard library of Python.
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "benches" / "wrk" / "scenario.lua"
TCK = os.sysconf("SC_CLK_TCK")
PASSWORD = "correct horse battery staple"
EMAIL = "bench@example.com"
REDIRECT = "http://127.0.0.1:9/callback"
# A fixed PKCE pair: the server still hashes the verifier and compares, every flow.
VERIFIER = "bench-verifier-0123456789-0123456789-0123456789"
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()

# name, what it is, target per server-CPU-second (None: reported only)
SCENARIOS = [
    ("discovery", "GET /.well-known/openid-configuration", 75000),
    ("jwks", "GET /jwks", 75000),
    ("cc_rs256", "client_credentials, RS256", 3500),
    ("cc_es256", "client_credentials, ES256", 20000),
    ("cc_eddsa", "client_credentials, EdDSA", 20000),
    ("introspect", "introspection, a client's JWT", 20000),
    ("introspect_user", "introspection, a user's JWT", 20000),
    ("userinfo", "userinfo, a user's JWT", 15000),
    ("refresh", "refresh-token grant (rotation)", 2500),
    ("sso", "SSO flow: /authorize → code → /token, PKCE", 1200),
    ("sign_in", "password sign-in (argon2id)", None),
]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class Http:
    """One keep-alive connection; cookies are the caller's business (they are Secure, and
    the standard cookie jar would not send them over http://127.0.0.1)."""

    def __init__(self, port):
        self.port = port

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        result = (r.status, r.getheader("location"), r.msg.get_all("set-cookie") or [], data)
        conn.close()
        return result


def basic(client_id, secret):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def cookies_of(set_cookies, jar):
    for c in set_cookies:
        name, _, value = c.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()
    return jar


def cookie_header(jar):
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def field(html, name):
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    return m.group(1) if m else None


class Node:
    """One Gatehouse process with its own configuration directory."""

    def __init__(self, binary, work, port, database_url=None, alg="RS256", extra_env=None):
        self.binary, self.port = binary, port
        # Only our settings: a GATEHOUSE_* variable of the caller's would change the run.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
        self.env.update(
            GATEHOUSE_ISSUER=f"http://127.0.0.1:{port}",
            GATEHOUSE_LISTEN=f"127.0.0.1:{port}",
            GATEHOUSE_DATA_DIR=str(work / "data"),
            GATEHOUSE_KEYS_DIR=str(work / "keys"),
            GATEHOUSE_TOKENS__SIGNING_ALG=alg,
            # All load comes from one address: keep throttling out of the measurement.
            GATEHOUSE_RATE_LIMITS__MAX_FAILURES="1000000000",
            GATEHOUSE_RATE_LIMITS__PARKED_AUTHORIZATIONS_PER_10_MIN="1000000000",
            GATEHOUSE_LOG="warn",
        )
        if database_url:
            self.env["GATEHOUSE_DATABASE_URL"] = database_url
        self.env.update(extra_env or {})
        self.proc = None
        work.mkdir(parents=True, exist_ok=True)
        self.log_path = work / f"node-{port}.log"
        self.http = Http(port)

    def cli(self, *args, stdin=None):
        out = subprocess.run([self.binary, *args], env=self.env, input=stdin, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"gatehouse {' '.join(args)}: {out.stderr.strip()}")
        return json.loads(out.stdout) if out.stdout.strip() else None

    def start(self, cpus="0", log_filter=None):
        env = dict(self.env)
        if log_filter:
            env["GATEHOUSE_LOG"] = log_filter
        cmd = ["taskset", "-c", cpus, self.binary] if cpus else [self.binary]
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(self.log_path, "w"))
        while True:
            try:
                if self.http.request("GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"gatehouse exited: see {self.log_path}")
            time.sleep(0.002)
        return (time.perf_counter() - t0) * 1000

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None

    def status(self, key):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def cpu_ticks(self):
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])


class Fixture:
    """What the scenarios need: clients, a user, a signed-in browser, tokens."""

    def __init__(self, node):
        self.node = node
        cc = node.cli("clients", "add", "--name", "bench", "--id", "bench-cc", "--grant-type", "client_credentials")
        web = node.cli("clients", "add", "--name", "bench web", "--id", "bench-web", "--first-party",
                       "--redirect-uri", REDIRECT, "--grant-type", "authorization_code", "--grant-type", "refresh_token")
        node.cli("users", "add", "--email", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
        self.cc_basic = basic("bench-cc", cc["client_secret"])
        self.web_basic = basic("bench-web", web["client_secret"])

    def authorize_path(self, scope="openid"):
        q = urllib.parse.urlencode(dict(client_id="bench-web", redirect_uri=REDIRECT, response_type="code",
                                        scope=scope, state="bench", code_challenge=CHALLENGE,
                                        code_challenge_method="S256"))
        return f"/authorize?{q}"

    def sign_in(self):
        """A browser signs in once, through the form; returns its cookie jar."""
        h, jar = self.node.http, {}
        status, location, sc, _ = h.request("GET", self.authorize_path())
        path = urllib.parse.urlsplit(location)
        status, _, sc, page = h.request("GET", path.path + "?" + path.query, headers={"Cookie": cookie_header(jar)})
        cookies_of(sc, jar)
        form = dict(csrf=field(page, "csrf"), req=field(page, "req"), email=EMAIL, password=PASSWORD)
        status, location, sc, _ = h.request("POST", "/login", form, headers={"Cookie": cookie_header(jar)})
        assert status in (302, 303), f"sign-in failed: {status}"
        cookies_of(sc, jar)
        self.jar = jar
        return jar

    def code(self, scope="openid"):
        status, location, _, body = self.node.http.request("GET", self.authorize_path(scope),
                                                            headers={"Cookie": cookie_header(self.jar)})
        assert status in (302, 303) and "code=" in (location or ""), f"/authorize: {status} {location} {body[:200]}"
        return urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["code"][0]

    def tokens(self, scope="openid"):
        body = self.token_body() | {"code": self.code(scope)}
        status, _, _, data = self.node.http.request("POST", "/token", body, headers={"Authorization": self.web_basic})
        assert status == 200, f"/token: {status} {data}"
        return json.loads(data)

    def token_body(self):
        return dict(grant_type="authorization_code", redirect_uri=REDIRECT, code_verifier=VERIFIER)

    def cc_token(self):
        status, _, _, data = self.node.http.request("POST", "/token", {"grant_type": "client_credentials"},
                                                    headers={"Authorization": self.cc_basic})
        assert status == 200, data
        return json.loads(data)["access_token"]


def wrk(port, path, seconds, conns, env=None, headers=(), warmup=2, lua_env=None, node=None):
    """Runs wrk (pinned to core 1) and returns its summary. With `node`, also the CPU seconds
    the node spent during the measured part (not the warm-up) and its memory after it."""
    env = dict(os.environ, **(lua_env or {}))
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{conns}", "--latency", "-s", str(LUA)]
    for h in headers:
        cmd += ["-H", h]
    url = f"http://127.0.0.1:{port}{path}"
    if warmup:
        subprocess.run(cmd + [f"-d{warmup}s", url], env=env, capture_output=True, timeout=warmup + 10)
    c0 = node.cpu_ticks() if node else 0
    out = subprocess.run(cmd + [f"-d{seconds}s", url], env=env, capture_output=True, text=True, timeout=seconds + 10)
    c1 = node.cpu_ticks() if node else 0
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout}\n{out.stderr}")
    result = json.loads(line[len("WRKJSON "):])
    if node:
        result["server_cpu_s"] = round((c1 - c0) / TCK, 2)
        result["server_rss_mb"] = round(node.status("VmRSS") / 1024, 1)
    return result


def latency_probe(port, path, seconds, every_s=0.01):
    """One request every `every_s` on a fresh connection for `seconds`: the latency a light
    client sees beside a heavy load (unlike wrk, it does not add load of its own)."""
    times, end = [], time.perf_counter() + seconds
    http = Http(port)
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        http.request("GET", path)
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(every_s)
    times.sort()
    return {"requests": len(times), "p50_ms": round(times[len(times) // 2], 2),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)}


def argon2_ms(binary):
    """One password check's time on core 0, from the `argon2_time` example built beside the
    binary (`cargo build --release --example argon2_time`); `None` without it."""
    example = Path(binary).parent / "examples" / "argon2_time"
    if not example.exists():
        return None
    out = subprocess.run(["taskset", "-c", "0", str(example)], capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)["argon2_ms"] if out.returncode == 0 else None


def per_cpu(result, count_key="requests"):
    cpu = result.get("server_cpu_s") or 0
    return round(result[count_key] / cpu) if cpu else None


def run_gatehouse(binary, work, args, database_url=None, label="sqlite"):
    """Every scenario against one node; returns {scenario: row} plus memory and start-up."""
    rows, port = {}, 18080
    node = Node(binary, work, port, database_url)
    fixture = Fixture(node)
    want = lambda name: not args.only or name in args.only

    # Start-up on the existing database and keys (the first start created them).
    node.start()
    node.stop()
    starts = []
    for _ in range(5):
        starts.append(node.start())
        node.stop()
    rows["startup_ms"] = {"value": round(sorted(starts)[2], 1), "runs": [round(s, 1) for s in starts]}

    node.start()
    time.sleep(0.5)
    rows["rss_idle_mb"] = {"value": round(node.status("VmRSS") / 1024, 1)}
    fixture.sign_in()
    secs = args.seconds

    def plain(name, path, method="GET", body="", headers=(), conns=64):
        if not want(name):
            return
        log(f"  {label}: {name}")
        r = wrk(port, path, secs, conns, headers=headers, node=node,
                lua_env={"WRK_METHOD": method, "WRK_BODY": body})
        r["per_cpu_s"] = per_cpu(r)
        rows[name] = r

    form = "Content-Type: application/x-www-form-urlencoded"
    plain("discovery", "/.well-known/openid-configuration")
    plain("jwks", "/jwks")
    plain("cc_rs256", "/token", "POST", "grant_type=client_credentials",
          headers=[f"Authorization: {fixture.cc_basic}", form])
    plain("introspect", "/introspect", "POST", "token=" + fixture.cc_token(),
          headers=[f"Authorization: {fixture.cc_basic}", form])
    user_token = fixture.tokens()["access_token"]
    plain("introspect_user", "/introspect", "POST", "token=" + user_token,
          headers=[f"Authorization: {fixture.cc_basic}", form])
    plain("userinfo", "/userinfo", headers=[f"Authorization: Bearer {user_token}"])

    if want("refresh"):
        log(f"  {label}: refresh")
        token_file = work / "refresh-tokens"
        # Twice as many chains as connections, so a request always finds a live token.
        token_file.write_text("\n".join(fixture.tokens("openid offline_access")["refresh_token"]
                                        for _ in range(128)) + "\n")
        r = wrk(port, "/token", secs, 64, warmup=0, node=node,
                headers=[f"Authorization: {fixture.web_basic}"],
                lua_env={"WRK_MODE": "refresh", "WRK_TOKENS": str(token_file)})
        r["per_cpu_s"] = per_cpu(r, "flows")
        rows["refresh"] = r

    if want("sso"):
        log(f"  {label}: sso")
        token_body = urllib.parse.urlencode(fixture.token_body())
        r = wrk(port, "/authorize", secs, 64, node=node,
                headers=[f"Cookie: {cookie_header(fixture.jar)}", f"Authorization: {fixture.web_basic}"],
                lua_env={"WRK_MODE": "sso", "WRK_AUTHORIZE": fixture.authorize_path(),
                         "WRK_TOKEN_BODY": token_body})
        r["per_cpu_s"] = per_cpu(r, "flows")
        rows["sso"] = r

    if want("sign_in"):
        log(f"  {label}: sign_in (and discovery latency meanwhile)")
        status, _, sc, page = node.http.request("GET", "/login")
        jar = cookies_of(sc, {})
        body = urllib.parse.urlencode(dict(csrf=field(page, "csrf"), email=EMAIL, password=PASSWORD))
        import threading
        side = {}
        # A light client asking for discovery 100 times a second beside the sign-ins: the
        # latency the cheap routes keep while every core hashes passwords.
        t = threading.Thread(target=lambda: side.update(latency_probe(port, "/.well-known/openid-configuration",
                                                                      secs)))
        t.start()
        r = wrk(port, "/login", secs, 8, warmup=1, node=node, headers=[f"Cookie: {cookie_header(jar)}", form],
                lua_env={"WRK_METHOD": "POST", "WRK_BODY": body})
        t.join()
        # Sign-ins answer 303 (to the account page); wrk counts only >= 400 as errors.
        r["per_cpu_s"] = per_cpu(r)
        r["discovery_p99_ms_meanwhile"] = side.get("p99_ms")
        limit_ms = argon2_ms(binary)
        if limit_ms:
            # One core (Gatehouse is pinned to one): at best one check per argon2 time.
            r["argon2_ms"] = limit_ms
            r["limit_per_s"] = round(1000 / limit_ms, 1)
            r["of_limit"] = round(r["rps"] / (1000 / limit_ms), 2)
        rows["sign_in"] = r

    rows["rss_after_load_mb"] = {"value": round(node.status("VmRSS") / 1024, 1),
                                 "peak": round(node.status("VmHWM") / 1024, 1)}
    node.stop()

    for alg, name in (("ES256", "cc_es256"), ("EdDSA", "cc_eddsa")):
        if not want(name):
            continue
        other = Node(binary, work, port, database_url, alg=alg)
        other.start()
        plain_node = other
        log(f"  {label}: {name}")
        r = wrk(port, "/token", secs, 64, node=plain_node,
                headers=[f"Authorization: {fixture.cc_basic}", form],
                lua_env={"WRK_METHOD": "POST", "WRK_BODY": "grant_type=client_credentials"})
        r["per_cpu_s"] = per_cpu(r)
        rows[name] = r
        other.stop()

    if args.statements:
        rows["statements"] = count_statements(binary, work, database_url, fixture)
    return rows


# Operations whose database statements are counted, and how to run one.
def count_statements(binary, work, database_url, fixture):
    """Runs each operation 10 times with sqlx's statement log on and counts the statements
    (SELECT vs writes) per operation. Secrets never reach that log: it holds SQL, not values."""
    node = Node(binary, work, 18080, database_url)
    node.start(log_filter="warn,sqlx::query=debug")
    fixture.node = node
    fixture.sign_in()
    cc_token, user_token = fixture.cc_token(), fixture.tokens()["access_token"]
    refresh = [fixture.tokens("openid offline_access")["refresh_token"] for _ in range(10)]
    h = node.http
    status, _, sc, page = h.request("GET", "/login")
    login_jar = cookies_of(sc, {})
    login_body = dict(csrf=field(page, "csrf"), email=EMAIL, password=PASSWORD)
    codes = []
    ops = {
        "client_credentials": lambda i: h.request("POST", "/token", {"grant_type": "client_credentials"},
                                                  headers={"Authorization": fixture.cc_basic}),
        "introspect (client's JWT)": lambda i: h.request("POST", "/introspect", {"token": cc_token},
                                                         headers={"Authorization": fixture.cc_basic}),
        "introspect (user's JWT)": lambda i: h.request("POST", "/introspect", {"token": user_token},
                                                       headers={"Authorization": fixture.cc_basic}),
        "userinfo": lambda i: h.request("GET", "/userinfo", headers={"Authorization": f"Bearer {user_token}"}),
        "authorize (signed in)": lambda i: codes.append(fixture.code()),
        "code exchange": lambda i: h.request("POST", "/token", fixture.token_body() | {"code": codes[i]},
                                             headers={"Authorization": fixture.web_basic}),
        "refresh": lambda i: h.request("POST", "/token", {"grant_type": "refresh_token", "refresh_token": refresh[i]},
                                       headers={"Authorization": fixture.web_basic}),
        "password sign-in": lambda i: h.request("POST", "/login", login_body,
                                                headers={"Cookie": cookie_header(login_jar)}),
    }
    counts = {}
    for name, op in ops.items():
        time.sleep(0.2)
        before = statement_lines(node.log_path)
        for i in range(10):
            op(i)
        time.sleep(0.2)
        lines = statement_lines(node.log_path)[len(before):]
        writes = sum(1 for l in lines if re.match(r"(INSERT|UPDATE|DELETE|WITH)", l, re.I))
        counts[name] = {"reads": round((len(lines) - writes) / 10, 1), "writes": round(writes / 10, 1)}
    node.stop()
    return counts


def statement_lines(path):
    """The SQL of each statement sqlx logged (its `summary`: the statement's first words)."""
    out = []
    for line in open(path, errors="replace"):
        line = re.sub(r"\x1b\[[0-9;]*m", "", line)
        if "sqlx::query" in line:
            m = re.search(r'summary="([^"]*)"', line)
            out.append((m.group(1) if m else line).strip().upper())
    return out


# Which bare route bounds which scenario (examples/machine_limits.rs). Introspection and
# userinfo on SQLite answer from the node's copy of a token's standing, so their floor is the
# verification alone; /verify_read (that and one read) is printed beside it for the reads.
# Refresh and the SSO flow sign two RS256 tokens each (an ID token and an access token): half
# of /sign bounds them.
LIMIT_ROUTES = {
    "discovery": "bytes", "jwks": "bytes", "cc_rs256": "sign",
    "introspect": "verify", "introspect_user": "verify", "userinfo": "verify",
    "refresh": "sign", "sso": "sign",
}
SIGNATURES = {"refresh": 2, "sso": 2}


class LimitsServer:
    """examples/machine_limits.rs on core 0: the same measurement as a node, of routes that
    do only the irreducible work of a scenario."""

    def __init__(self, example, work, port=18099):
        self.port = port
        self.proc = subprocess.Popen(["taskset", "-c", "0", str(example), f"127.0.0.1:{port}", str(work)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.token = json.loads(self.proc.stdout.readline())["token"]

    status, cpu_ticks = Node.status, Node.cpu_ticks

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def run_limits(binary, work, args):
    """Requests per server-CPU-second of each bare route; {} without the example."""
    example = Path(binary).parent / "examples" / "machine_limits"
    if not example.exists():
        log("machine limits: skipped (cargo build --release --example machine_limits)")
        return {}
    work.mkdir(parents=True, exist_ok=True)
    server = LimitsServer(example, work)
    form = "Content-Type: application/x-www-form-urlencoded"
    routes = {
        "bytes": ("GET", "", ()),
        "sign": ("POST", "grant_type=client_credentials", (form,)),
        "verify": ("POST", "token=" + server.token, (form,)),
        "verify_read": ("POST", "token=" + server.token, (form,)),
    }
    wanted = {r for n, r in LIMIT_ROUTES.items() if not args.only or n in args.only}
    if "verify" in wanted:
        wanted.add("verify_read")
    out = {}
    try:
        for route, (method, body, headers) in routes.items():
            if route not in wanted:
                continue
            log(f"  limits: /{route}")
            r = wrk(server.port, f"/{route}", args.seconds, 64, headers=headers, node=server,
                    lua_env={"WRK_METHOD": method, "WRK_BODY": body})
            r["per_cpu_s"] = per_cpu(r)
            out[route] = r
    finally:
        server.stop()
    return out


def run_peer(args):
    """The peer's own load.sh, per algorithm; returns {scenario: row}."""
    src = ROOT.parent / "shared" / "peer"
    if args.no_peer or not src.is_dir() or not shutil.which("node"):
        log("peer: skipped")
        return {}
    peer = Path(tempfile.mkdtemp(prefix="peer-"))
    shutil.copytree(src, peer, dirs_exist_ok=True)
    cached = Path("/tmp/peer/node_modules")
    if cached.is_dir() and not (peer / "node_modules").exists():
        shutil.copytree(cached, peer / "node_modules", symlinks=True)
    rows = {}
    runs = [("RS256", "discovery,jwks,cc,introspect,authcode", {"discovery": "discovery", "jwks": "jwks",
             "client_credentials": "cc_rs256", "introspection": "introspect", "authcode_pkce_flow": "sso"}),
            ("ES256", "cc", {"client_credentials": "cc_es256"}),
            ("EdDSA", "cc", {"client_credentials": "cc_eddsa"})]
    for alg, only, names in runs:
        log(f"  peer: {only} ({alg})")
        env = dict(os.environ, SIGN_ALG=alg, ONLY=only, DURATION=str(args.seconds), WARMUP="2")
        out = subprocess.run(["./load.sh", "http://127.0.0.1:3000", "--start-peer"], cwd=peer, env=env,
                             capture_output=True, text=True, timeout=300)
        raw = re.search(r"raw: (\S+)", out.stdout)
        if not raw:
            log(f"peer run failed: {out.stderr[-500:]}")
            continue
        for line in open(peer / raw.group(1)):
            row = json.loads(line)
            if row["name"] in names:
                row["per_cpu_s"] = row.get("req_per_server_cpu_s")
                rows[names[row["name"]]] = row
    shutil.rmtree(peer, ignore_errors=True)
    return rows


def two_nodes(binary, work, database_url, args):
    """Two Gatehouse processes on one PostgreSQL: what one node issues or revokes, the other
    honours at once; then both under load together (per-node figures)."""
    # One issuer for both, as behind a load balancer.
    same_issuer = {"GATEHOUSE_ISSUER": "http://127.0.0.1:18081"}
    a = Node(binary, work, 18081, database_url, extra_env=same_issuer)
    b = Node(binary, work, 18082, database_url, extra_env=same_issuer)
    fixture = Fixture(a)
    a.start("0")
    b.start("0")
    checks = {}
    fixture.sign_in()
    # A token from A is active at B; revoked at B, it is inactive at A.
    tokens = fixture.tokens("openid offline_access")
    intro = lambda node, tok: json.loads(node.http.request("POST", "/introspect", {"token": tok},
                                                           headers={"Authorization": fixture.cc_basic})[3])["active"]
    checks["A's access token active at B"] = intro(b, tokens["access_token"]) is True
    # A refresh token rotated at B; the old one replayed at A is refused and kills the grant.
    rotated = json.loads(b.http.request("POST", "/token", {"grant_type": "refresh_token",
                                                            "refresh_token": tokens["refresh_token"]},
                                         headers={"Authorization": fixture.web_basic})[3])
    replay = a.http.request("POST", "/token", {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
                            headers={"Authorization": fixture.web_basic})
    checks["refresh rotated at B, replay at A refused"] = replay[0] == 400 and "invalid_grant" in replay[3]
    checks["the replay revoked the grant at B"] = intro(b, rotated.get("refresh_token", "")) is False
    # The session cookie from A works at B (sessions live in the database).
    fixture.node = b
    checks["A's session signs in at B"] = "code=" in (b.http.request("GET", fixture.authorize_path(),
                                                      headers={"Cookie": cookie_header(fixture.jar)})[1] or "")
    # A client secret replaced through A is refused by A at once and by B once its client
    # cache check comes round (at most a second).
    fixture.node = a
    cc_token_at_b = b.http.request("POST", "/token", {"grant_type": "client_credentials"},
                                   headers={"Authorization": fixture.cc_basic})[0]
    new = a.cli("clients", "rotate-secret", "bench-cc")
    old_at_a = a.http.request("POST", "/token", {"grant_type": "client_credentials"},
                              headers={"Authorization": fixture.cc_basic})[0]
    time.sleep(1.3)
    old_at_b = b.http.request("POST", "/token", {"grant_type": "client_credentials"},
                              headers={"Authorization": fixture.cc_basic})[0]
    fixture.cc_basic = basic("bench-cc", new["client_secret"])
    time.sleep(1.3)
    new_at_b = b.http.request("POST", "/token", {"grant_type": "client_credentials"},
                              headers={"Authorization": fixture.cc_basic})[0]
    checks["secret rotated via A: old refused at A at once, at B within 1 s; new accepted"] = \
        (cc_token_at_b, old_at_a, old_at_b, new_at_b) == (200, 401, 401, 200)
    # Both nodes under client_credentials load at once.
    import threading
    form = "Content-Type: application/x-www-form-urlencoded"
    load = {}

    def drive(node, key):
        load[key] = wrk(node.port, "/token", args.seconds, 32, node=node,
                        headers=[f"Authorization: {fixture.cc_basic}", form],
                        lua_env={"WRK_METHOD": "POST", "WRK_BODY": "grant_type=client_credentials"})
        load[key]["per_cpu_s"] = per_cpu(load[key])

    threads = [threading.Thread(target=drive, args=(n, k)) for n, k in ((a, "node A"), (b, "node B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checks["no errors under load on either node"] = all(r["non2xx"] == 0 and r["socket_errors"] == 0 for r in load.values())
    a.stop()
    b.stop()
    return {"checks": checks, "cc_rs256_load": load}


def fresh_postgres_database(url, name):
    """A new empty database beside DATABASE_URL's, for one run; returns its URL."""
    subprocess.run(["psql", url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run(["psql", url, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def print_table(results):
    g, pg, peer = results["sqlite"], results.get("postgres", {}), results.get("peer", {})
    limits = results.get("limits", {})
    print("| scenario | target | Gatehouse SQLite | machine limit | of limit | peer | ÷ peer | Gatehouse PostgreSQL | PG ÷ SQLite | p99 ms (SQLite) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    fmt = lambda v: f"{v:,}" if isinstance(v, (int, float)) else "—"
    for name, what, target in SCENARIOS:
        row = g.get(name)
        if not row:
            continue
        mine, theirs = row.get("per_cpu_s"), peer.get(name, {}).get("per_cpu_s")
        ours_pg = pg.get(name, {}).get("per_cpu_s")
        ratio = f"{mine / theirs:.1f}×" if mine and theirs else "—"
        pg_ratio = f"{ours_pg / mine:.0%}" if mine and ours_pg else "—"
        peer_cell = fmt(theirs) + (" †" if name == "sso" and theirs else "")
        limit = limits.get(LIMIT_ROUTES.get(name), {}).get("per_cpu_s")
        if limit and name in SIGNATURES:
            limit = round(limit / SIGNATURES[name])
        of_limit = f"{mine / limit:.0%}" if mine and limit else "—"
        print(f"| {what} | {fmt(target) if target else '—'} | {fmt(mine)} | {fmt(limit)} | {of_limit} | {peer_cell} | {ratio} | {fmt(ours_pg)} | {pg_ratio} | {row.get('p99_ms', 0):.2f} |")
    if "sign_in" in g:
        si = g["sign_in"]
        limit = (f" = {si['of_limit']:.0%} of the argon2id limit of one core ({si['limit_per_s']}/s: "
                 f"one check takes {si['argon2_ms']} ms)") if si.get("limit_per_s") else ""
        print(f"\nPassword sign-in: {si['rps']}/s on one core{limit}; discovery p99 meanwhile "
              f"{si.get('discovery_p99_ms_meanwhile')} ms (one request every 10 ms).")
    if limits:
        print("\nThe machine's limits (examples/machine_limits.rs, bare axum routes on the same core, requests per CPU-second): "
              + ", ".join(f"/{k} {fmt(v.get('per_cpu_s'))}" for k, v in limits.items())
              + ". /bytes serves 1.5 kB, /sign one RS256 signature on the blocking pool, /verify one RS256 "
              "verification, /verify_read that and one SQLite primary-key read.")
    if peer.get("sso"):
        print("† the peer's figure is its full flow with its development sign-in (no password hashing).")
    for key, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        r = results.get(key)
        if not r:
            continue
        peer_rss = max((p.get("server_rss_mb") or 0 for p in peer.values()), default=0)
        print(f"\n{label}: start-up to ready {r['startup_ms']['value']} ms (median of 5: {r['startup_ms']['runs']}), "
              f"RSS idle {r['rss_idle_mb']['value']} MB, after the loads {r['rss_after_load_mb']['value']} MB "
              f"(peak {r['rss_after_load_mb']['peak']} MB)" + (f"; the peer {peer_rss} MB" if peer_rss and key == "sqlite" else ""))
        if "statements" in r:
            print(f"\nDatabase statements per operation ({label}, counted from sqlx's statement log):\n")
            print("| operation | reads | writes |\n|---|---:|---:|")
            for op, c in r["statements"].items():
                print(f"| {op} | {c['reads']:g} | {c['writes']:g} |")
    two = results.get("two_nodes")
    if two:
        print("\nTwo nodes on one PostgreSQL:")
        for check, ok in two["checks"].items():
            print(f"- {'ok' if ok else 'FAILED'}: {check}")
        for node, r in two["cc_rs256_load"].items():
            print(f"- {node}: client_credentials {r['rps']:.0f}/s, {fmt(r['per_cpu_s'])} per CPU-s, p99 {r['p99_ms']:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8, help="per scenario, at most 10")
    parser.add_argument("--only", type=lambda s: s.split(","), help="scenarios, e.g. discovery,cc_rs256")
    parser.add_argument("--bin", help="the gatehouse binary (default target/release/gatehouse)")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-statements", dest="statements", action="store_false")
    parser.add_argument("--json", default=str(ROOT / "target" / "compare.json"))
    args = parser.parse_args()
    args.seconds = max(1, min(args.seconds, 10))
    binary = args.bin or str(ROOT / "target" / "release" / "gatehouse")
    if not os.access(binary, os.X_OK):
        raise SystemExit("build first: cargo build --release (or pass --bin)")
    for tool in ("wrk", "taskset"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found (apt-get install -y wrk util-linux)")
    results = {"seconds": args.seconds, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="gatehouse-compare-") as tmp:
        log("Gatehouse on SQLite")
        results["sqlite"] = run_gatehouse(binary, Path(tmp) / "sqlite", args)
        database_url = os.environ.get("DATABASE_URL")
        if database_url and shutil.which("psql"):
            log("Gatehouse on PostgreSQL")
            url = fresh_postgres_database(database_url, "gatehouse_compare")
            results["postgres"] = run_gatehouse(binary, Path(tmp) / "pg", args, url, "postgres")
            log("two Gatehouse nodes on one PostgreSQL")
            url = fresh_postgres_database(database_url, "gatehouse_compare_two")
            results["two_nodes"] = two_nodes(binary, Path(tmp) / "two", url, args)
        else:
            log("PostgreSQL runs skipped: set DATABASE_URL (and install psql)")
        log("the machine's limits (bare routes)")
        results["limits"] = run_limits(binary, Path(tmp) / "limits", args)
        log("the peer")
        results["peer"] = run_peer(args)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    print_table(results)
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
