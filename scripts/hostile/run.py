#!/usr/bin/env python3
"""Attacks two real discovery nodes on loopback, as an attacker on the same network would, and reports what they did.

Starts two copies of the sample application (services "orders" and "billing", each needing the other) on
127.0.0.1 with random HTTP and discovery ports, runs every attack of issue 11 against them, and prints per attack:
datagrams sent, drops by reason (from /actuator/discovery), retained heap before and after (after a full GC, via
jcmd), removals of the partner and the masters seen (from /actuator/health, polled every 200 ms). It runs an unkeyed
pair, then a keyed pair (AES-256-GCM). Everything is sent to 127.255.255.255, the loopback broadcast address.

    ./mvnw -B -q -o -DskipTests package -pl sample-app -am
    python3 scripts/hostile/run.py [--jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar] [--only forged-ids,...]

The seed-mode attacks of issue 20 (K sockets posing as peers, forged peer lists, forged hello + goodbye) are in
seeds.py next to this file: they need nodes with seeds in a network namespace of their own.

Python 3 standard library only.
"""
import argparse
import glob
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BROADCAST = "127.255.255.255"
MAX_DATAGRAM = 65_507
KEY = "hostile-test-key"


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def hello(iid, master=False, weight=1, advertisement=None, pid="attacker"):
    data = {"isMaster": master, "isMasterEligible": True, "weight": weight, "address": "127.0.0.1"}
    body = json.dumps({"event": "hello", "pid": pid, "iid": iid, "hostName": "attacker", "data": data})
    if advertisement is not None:
        body = body[:-2] + ',"advertisement":' + advertisement + "}}"
    return body.encode()


def goodbye(iid):
    return json.dumps({"event": "discovery:goodbye", "pid": "attacker", "iid": iid, "hostName": "attacker",
                       "data": {"reason": "stopped"}}).encode()


class Node:
    """One sample-app process."""

    def __init__(self, jar, workdir, service, partner, discovery_port, keyed):
        self.jar, self.service, self.partner, self.keyed = jar, service, partner, keyed
        self.discovery_port = discovery_port
        self.workdir = workdir
        self.process = None
        self.ids = []  # node ids of every instance started

    def start(self):
        self.http_port = free_port(socket.SOCK_STREAM)
        args = ["java", "-Xmx200m", "-jar", self.jar,
                "--server.address=127.0.0.1", f"--server.port={self.http_port}",
                f"--discovery.port={self.discovery_port}", f"--discovery.broadcast={BROADCAST}",
                f"--discovery.service.name={self.service}", f"--sample.partner={self.partner}",
                "--management.endpoints.web.exposure.include=health,info,discovery,metrics"]
        if self.keyed:
            args.append(f"--discovery.keys={KEY}")
        log = open(os.path.join(self.workdir, f"{self.service}-{len(self.ids)}.log"), "w")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                self.ids.append(self.health()["components"]["discovery"]["details"]["nodeId"])
                return
            except Exception:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.service} exited; see {log.name}")
                time.sleep(0.5)
        raise RuntimeError(f"{self.service} did not start within 120 s; see {log.name}")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.http_port}{path}"

    def health(self):
        try:
            return get_json(self.url("/actuator/health"))
        except urllib.error.HTTPError as e:  # 503 while OUT_OF_SERVICE or DOWN still carries the details
            return json.loads(e.read())

    def discovery(self):
        return get_json(self.url("/actuator/discovery"), timeout=60)

    def retained_heap_mb(self):
        if shutil.which("jcmd"):
            subprocess.run(["jcmd", str(self.process.pid), "GC.run"], capture_output=True, timeout=60)
        used = get_json(self.url("/actuator/metrics/jvm.memory.used?tag=area:heap"))
        return used["measurements"][0]["value"] / 2**20

    def alive(self):
        return self.process.poll() is None


class Watcher(threading.Thread):
    """Polls both nodes' health: partner removals (OUT_OF_SERVICE), masters named, moments with two self-masters."""

    def __init__(self, nodes):
        super().__init__(daemon=True)
        self.nodes, self.stop_flag = nodes, threading.Event()
        self.removals, self.masters, self.two_masters, self.polls = 0, set(), 0, 0
        self.max_nodes = 0

    def run(self):
        ready = {n.service: True for n in self.nodes}
        while not self.stop_flag.is_set():
            self_masters = 0
            for n in self.nodes:
                try:
                    h = n.health()
                    details = h["components"]["discovery"]["details"]
                except Exception:
                    continue
                up = h["status"] == "UP"
                if ready[n.service] and not up:
                    self.removals += 1
                ready[n.service] = up
                self.masters.update(details.get("masters", []))
                self.max_nodes = max(self.max_nodes, details.get("nodes", 0))
                self_masters += 1 if details.get("master") else 0
            self.two_masters += 1 if self_masters > 1 else 0
            self.polls += 1
            self.stop_flag.wait(0.2)

    def stop(self):
        self.stop_flag.set()
        self.join()


class Attacker:
    def __init__(self, port):
        self.port = port
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        self.sent = 0

    def send(self, datagram):
        try:
            self.socket.sendto(datagram, (BROADCAST, self.port))
            self.sent += 1
        except OSError:
            pass  # a full send buffer: the datagram is not counted

    def paced(self, datagrams, per_second=500):
        """Sends large datagrams slowly enough for the receive buffers to keep them (kernel drops are issue 11 #7)."""
        for i, datagram in enumerate(datagrams):
            self.send(datagram)
            if i % 10 == 9:
                time.sleep(10 / per_second)

    def flood(self, datagrams, seconds):
        """Sends the datagrams round and round as fast as it can for this long."""
        end = time.time() + seconds
        i = 0
        while time.time() < end:
            for _ in range(256):
                self.send(datagrams[i % len(datagrams)])
                i += 1

    def capture(self, seconds):
        """Records every datagram broadcast on the port for this long, as anyone on the network can."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((BROADCAST, self.port))
        listener.settimeout(0.2)
        captured, end = [], time.time() + seconds
        while time.time() < end:
            try:
                captured.append(listener.recv(MAX_DATAGRAM))
            except socket.timeout:
                pass
        listener.close()
        return captured


def drops(descriptor):
    return descriptor["packets"]["dropped"]


def malformed(rng):
    good = hello("x").decode()
    samples = [bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200))) for _ in range(200)]
    samples += [good[:rng.randint(1, len(good) - 1)].encode() for _ in range(100)]
    samples += [b"[1,2,3]", b'{"event":"hello","iid":17,"data":{}}', b'{"event":"hello","iid":"x","data":"text"}',
                b'{"event":"hello","iid":"x","data":{"weight":"heavy"}}', b'{"event":"hello","iid":"x","data":{"weight":1e999}}']
    return samples


def run_attacks(nodes, attacker, only, rng):
    a, b = nodes
    partner_ids = lambda: [n.ids[-1] for n in nodes]
    empty_objects = "[" + ",".join(["{}"] * ((MAX_DATAGRAM - 300) // 3)) + "]"
    costliest = "[" + ",".join(['{"k":1}'] * 1_000) + "]"
    deep = b'{"event":"hello","iid":"deep","data":{"advertisement":' + b"[" * 30_000 + b"]" * 30_000 + b"}}"

    def forged_ids(count):
        return [hello(f"forged-{i}") for i in range(count)]

    captured = {}

    def replays():
        attacker.paced(captured["all"] * 10)

    def restart_and_replay():
        """The killed instance's hellos, replayed to a node started after the capture: no ghost may appear."""
        old_id = b.ids[-1]
        b.kill()
        b.start()
        for datagram in captured["all"]:
            attacker.send(datagram)
        ghost, end = False, time.time() + 3  # a ghost lasts one nodeTimeout (2 s): look for it all along
        while time.time() < end and not ghost:
            ghost = old_id in [n["id"] for n in b.discovery()["nodes"]]
            time.sleep(0.1)
        return f"ghost of the killed instance: {'YES' if ghost else 'no'}"

    attacks = [
        ("malformed", lambda: attacker.flood(malformed(rng), 5)),
        ("oversized", lambda: attacker.paced([hello(f"big-{i}", advertisement=empty_objects) for i in range(2_000)])),
        ("deeply-nested", lambda: attacker.paced([deep] * 2_000)),
        ("costly-ads", lambda: attacker.flood([hello(f"costly-{i}", advertisement=costliest) for i in range(1_000)], 10)),
        ("forged-ids", lambda: attacker.flood(forged_ids(100_000), 15)),
        ("forged-masters", lambda: attacker.flood([hello(f"master-{i}", master=True, weight=1e300)
                                                   for i in range(1_000)], 5)),
        ("spoofed-ids", lambda: attacker.flood([hello(i, master=True, weight=1e300) for i in partner_ids()]
                                               + [goodbye(i) for i in partner_ids()], 5)),
        ("replays", replays),
        ("restart-and-replay", restart_and_replay),
        ("tampering", lambda: attacker.paced([d[:k] + bytes([d[k] ^ 0x5A]) + d[k + 1:]
                                              for d in captured["all"] * 10 for k in [rng.randrange(len(d))]])),
        ("garbage-flood", lambda: attacker.flood([bytes(rng.getrandbits(8) for _ in range(100)) for _ in range(500)], 10)),
    ]
    print(f"capturing 5 s of traffic on port {attacker.port} ...", flush=True)
    captured["all"] = attacker.capture(5)
    print(f"captured {len(captured['all'])} datagrams", flush=True)
    rows = []
    for name, attack in attacks:
        if only and name not in only:
            continue
        settle(nodes)
        before = [n.discovery() for n in nodes]
        heap_before = [n.retained_heap_mb() for n in nodes]
        watcher = Watcher(nodes)
        watcher.start()
        sent_before = attacker.sent
        note = attack()
        note = note if isinstance(note, str) else ""
        sent = attacker.sent - sent_before
        heap_after = [n.retained_heap_mb() for n in nodes]
        time.sleep(3)
        watcher.stop()
        after = [n.discovery() for n in nodes]
        dropped = {}
        for x, y in zip(before, after):
            if y["self"]["id"] != x["self"]["id"]:
                x = {"packets": {"dropped": {k: 0 for k in drops(y)}}}  # restarted: count from zero
            for reason, count in drops(y).items():
                if count - drops(x).get(reason, 0) > 0:
                    dropped[reason] = dropped.get(reason, 0) + count - drops(x)[reason]
        alive = all(n.alive() for n in nodes)
        row = (name, sent, dropped, heap_before, heap_after, watcher.removals, len(watcher.masters),
               watcher.two_masters, watcher.max_nodes, alive, note)
        rows.append(row)
        print_row(row)
    return rows


def settle(nodes, limit=60):
    """Waits until both nodes are UP (partner found), see only each other, and agree on one master."""
    end = time.time() + limit
    while time.time() < end:
        try:
            details = [n.health()["components"]["discovery"]["details"] for n in nodes]
            statuses = [n.health()["status"] for n in nodes]
            if (all(s == "UP" for s in statuses) and all(d["nodes"] == 2 for d in details)
                    and len({tuple(d["masters"]) for d in details}) == 1 and len(details[0]["masters"]) == 1):
                return
        except Exception:
            pass
        time.sleep(0.5)
    print("  (the nodes did not settle within 60 s)", flush=True)


def print_row(row):
    name, sent, dropped, hb, ha, removals, masters, two, most, alive, note = row
    reasons = ", ".join(f"{k} {v:,}" for k, v in sorted(dropped.items(), key=lambda kv: -kv[1])) or "none"
    print(f"| {name} | {sent:,} | {reasons} | {hb[0]:.0f} / {hb[1]:.0f} | {ha[0]:.0f} / {ha[1]:.0f} | {removals} | "
          f"{masters} | {two} | {most:,} | {'yes' if alive else 'NO'} | {note} |", flush=True)


HEADER = ("| attack | datagrams sent | dropped (both nodes, by reason) | heap MB before (A / B) | heap MB after | "
          "partner removals | masters seen | polls with two self-masters | most nodes in a table | both alive | |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    jars = sorted(glob.glob(os.path.join(root, "sample-app", "target", "sample-app-*.jar")))
    parser.add_argument("--jar", default=jars[0] if jars else None)
    parser.add_argument("--only", default="", help="comma-separated attack names")
    parser.add_argument("--variants", default="unkeyed,keyed")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.jar:
        sys.exit("No sample-app jar: build it with ./mvnw -B -q -o -DskipTests package -pl sample-app -am")
    only = set(filter(None, args.only.split(",")))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so that the nodes are killed on the way out
    workdir = tempfile.mkdtemp(prefix="hostile-")
    print(f"logs in {workdir}", flush=True)
    for variant in args.variants.split(","):
        port = free_port(socket.SOCK_DGRAM)
        keyed = variant == "keyed"
        nodes = [Node(args.jar, workdir, "orders", "billing", port, keyed),
                 Node(args.jar, workdir, "billing", "orders", port, keyed)]
        try:
            for n in nodes:
                n.start()
            print(f"\n## {variant}: nodes {[n.ids[0] for n in nodes]} on discovery port {port}\n\n{HEADER}", flush=True)
            run_attacks(nodes, Attacker(port), only, random.Random(args.seed))
        finally:
            for n in nodes:
                n.kill()


if __name__ == "__main__":
    main()
