"""Load generator of scripts/soak: mixed reads and writes, RSS samples, a final read-back.

Writers create co-ops, report counts and rename co-ops (under If-Match); readers list,
search, read statistics and export. Every answer must be one the API documents for that
request (2xx, or 412/409 for a lost If-Match race); at the end each co-op written is read
back and compared field by field with what was last written.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import uuid

p = argparse.ArgumentParser()
p.add_argument("--url", required=True)
p.add_argument("--token", required=True)
p.add_argument("--pid", type=int, required=True)
p.add_argument("--seconds", type=int, default=600)
p.add_argument("--threads", type=int, default=8)
args = p.parse_args()
host = args.url.split("//", 1)[1]

lock = threading.Lock()
written = {}  # co-op id -> the fields last written
counts = {}  # (co-op id, day) -> users
unexpected = []
answers = {}
stop = time.monotonic() + args.seconds


def call(conn, method, path, body=None, headers=None):
    h = {"Authorization": "Bearer " + args.token}
    if body is not None:
        h["Content-Type"] = "application/merge-patch+json" if method == "PATCH" else "application/json"
        body = json.dumps(body)
    h.update(headers or {})
    conn.request(method, path, body=body, headers=h)
    res = conn.getresponse()
    data = res.read()
    with lock:
        key = f"{method} {res.status}"
        answers[key] = answers.get(key, 0) + 1
    return res, data


def expect(ok, what, res, data):
    if res.status not in ok:
        with lock:
            unexpected.append(f"{what}: {res.status} {data[:200]!r}")


def writer(n):
    conn = http.client.HTTPConnection(host, timeout=30)
    mine = []
    while time.monotonic() < stop:
        action = random.random()
        if action < 0.3 or not mine:
            name = f"Coop de santé soak {n}-{uuid.uuid4().hex[:8]} é🌿"
            body = {"name": name, "legal_form": "solidarity", "municipality": "Trois-Rivières",
                    "province": "QC", "region": "04", "federation_status": "member",
                    "member_since": "2015-06-01"}
            res, data = call(conn, "POST", "/v1/cooperatives", body)
            expect({201}, "create", res, data)
            if res.status == 201:
                coop = json.loads(data)
                mine.append(coop["id"])
                with lock:
                    written[coop["id"]] = {"name": name, "municipality": "Trois-Rivières"}
        elif action < 0.7:
            coop = random.choice(mine)
            day = f"20{random.randint(16, 24)}-12-31"
            users = random.randint(0, 5000)
            res, data = call(conn, "PUT", f"/v1/cooperatives/{coop}/membership-counts/{day}",
                             {"users": users, "workers": 5, "supporting": 10, "source": "agm"})
            expect({200, 201}, "put count", res, data)
            if res.status in (200, 201):
                with lock:
                    counts[(coop, day)] = users
        else:
            coop = random.choice(mine)
            res, data = call(conn, "GET", f"/v1/cooperatives/{coop}")
            expect({200}, "read before rename", res, data)
            etag = res.getheader("ETag")
            name = f"Renommée {uuid.uuid4().hex[:8]}"
            res, data = call(conn, "PATCH", f"/v1/cooperatives/{coop}", {"name": name},
                             {"If-Match": etag})
            expect({200}, "rename", res, data)
            if res.status == 200:
                with lock:
                    written[coop]["name"] = name


def reader():
    conn = http.client.HTTPConnection(host, timeout=30)
    paths = ["/v1/cooperatives?limit=50", "/v1/directory/cooperatives?q=sante",
             "/v1/stats/membership?group_by=region", "/v1/membership-counts?limit=200",
             "/v1/stats/membership/series?from=2016-01-01&to=2024-12-31&interval=year",
             "/v1/changes?limit=100", "/v1/partners", "/v1/events"]
    while time.monotonic() < stop:
        path = random.choice(paths)
        res, data = call(conn, "GET", path)
        expect({200}, path, res, data)


def rss_kib():
    with open(f"/proc/{args.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


threads = [threading.Thread(target=writer, args=(i,)) for i in range(args.threads // 2)]
threads += [threading.Thread(target=reader) for _ in range(args.threads - args.threads // 2)]
for t in threads:
    t.start()
samples = []
started = time.monotonic()
while any(t.is_alive() for t in threads):
    samples.append((round(time.monotonic() - started), rss_kib()))
    print(f"t={samples[-1][0]:>4}s  rss={samples[-1][1] / 1024:.1f} MiB  answers={sum(answers.values())}", flush=True)
    time.sleep(10)
for t in threads:
    t.join()

# Read back every row written.
conn = http.client.HTTPConnection(host, timeout=30)
mismatches = []
for coop, fields in written.items():
    res, data = call(conn, "GET", f"/v1/cooperatives/{coop}")
    got = json.loads(data) if res.status == 200 else {}
    for k, v in fields.items():
        if got.get(k) != v:
            mismatches.append(f"co-op {coop}: {k} is {got.get(k)!r}, wrote {v!r}")
for (coop, day), users in counts.items():
    res, data = call(conn, "GET", f"/v1/cooperatives/{coop}/membership-counts/{day}")
    got = json.loads(data) if res.status == 200 else {}
    if got.get("users") != users:
        mismatches.append(f"count {coop} {day}: users {got.get('users')!r}, wrote {users}")

print(f"answers: {json.dumps(answers, sort_keys=True)}")
print(f"written: {len(written)} co-ops, {len(counts)} counts; read back: {len(mismatches)} mismatches")
# Flat memory: after warm-up (the first minute, or the first third), the last sample is
# within 25% (and 16 MiB) of the warm sample.
warm = next((s for s in samples if s[0] >= min(60, args.seconds // 3)), samples[0])
last = samples[-1]
growth = last[1] - warm[1]
flat = growth <= max(16 * 1024, warm[1] // 4)
print(f"rss: {warm[1] / 1024:.1f} MiB at {warm[0]} s, {last[1] / 1024:.1f} MiB at {last[0]} s: {'flat' if flat else 'GROWING'}")
for line in (unexpected[:20] + mismatches[:20]):
    print("  " + line, file=sys.stderr)
sys.exit(0 if not unexpected and not mismatches and flat else 1)
