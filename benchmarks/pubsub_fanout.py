"""Pub/sub fan-out: 1 publisher, N subscribers on one channel (RESP2, raw sockets), against any Redis-compatible
server. Two phases:
  throughput  the publisher sends M messages flat out (PUBLISH pipelined in batches of P, every reply checked to
              count all N receivers); delivered messages/s = N * M / (last delivery - first publish)
  latency     the publisher sends at a fixed rate for a few seconds; each message carries its send time
              (CLOCK_MONOTONIC ns); every subscriber samples the oldest complete message of each read, so
              p50/p99 are publish-to-receipt delays including the client's own read loop
Subscribers run in one process of their own (one selector loop), the publisher in another, so neither waits on the
other's interpreter. Prints one JSON object. Usage:
  python3 benchmarks/pubsub_fanout.py PORT PASSWORD [--subscribers 50] [--messages 20000] [--pipeline 16]
                                      [--rate 1000] [--seconds 5]"""
import argparse, json, multiprocessing, selectors, socket, statistics, sys, time

from benchlib import resp

CHANNEL = b"fanout"
PAYLOAD = 32  # bytes: the send time, zero-padded


# What every subscriber receives per message, byte for byte (redis-server and MiniStore frame it identically).
FRAME_HEAD = b"*3\r\n$7\r\nmessage\r\n$%d\r\n%s\r\n$%d\r\n" % (len(CHANNEL), CHANNEL, PAYLOAD)
FRAME = len(FRAME_HEAD) + PAYLOAD + 2
CONFIRM = b"*3\r\n$9\r\nsubscribe\r\n$%d\r\n%s\r\n:1\r\n" % (len(CHANNEL), CHANNEL)


def connect(port, password):
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(resp("AUTH", password))
    expect(sock, b"+OK\r\n")
    return sock


def expect(sock, wanted):
    got = b""
    while len(got) < len(wanted):
        chunk = sock.recv(len(wanted) - len(got))
        if not chunk:
            raise RuntimeError("connection closed")
        got += chunk
    if got != wanted:
        raise RuntimeError(f"expected {wanted!r}, got {got!r}")


def subscribers(port, password, count, per_phase, ready, results):
    """Subscribes count connections, then for each phase reads until every one has that phase's messages."""
    socks = []
    for _ in range(count):
        sock = connect(port, password)
        sock.sendall(resp("SUBSCRIBE", CHANNEL))
        expect(sock, CONFIRM)
        sock.setblocking(False)
        socks.append(sock)
    ready.send("ready")
    selector = selectors.DefaultSelector()
    state = {}
    for sock in socks:
        selector.register(sock, selectors.EVENT_READ)
        state[sock] = [0, b""]  # bytes received in this phase, the partial frame carried over
    buffer = bytearray(1 << 18)
    for messages in per_phase:
        wanted = messages * FRAME
        samples, last = [], 0
        pending = len(socks)
        while pending:
            for key, _ in selector.select(timeout=60):
                sock = key.fileobj
                n = sock.recv_into(buffer)
                if n == 0:
                    raise RuntimeError("a subscriber was disconnected")
                now = time.monotonic_ns()
                received, carry = state[sock]
                # The oldest complete message of this read: its payload's send time gives one latency sample.
                start = (-received) % FRAME
                if start + FRAME <= n:
                    stamp = bytes(buffer[start + len(FRAME_HEAD):start + len(FRAME_HEAD) + PAYLOAD])
                    samples.append(now - int(stamp))
                received += n
                state[sock][0] = received
                if received >= wanted:
                    if received > wanted:
                        raise RuntimeError("more bytes than messages")
                    last = max(last, now)
                    pending -= 1
        for sock in socks:
            state[sock][0] = 0
        results.send({"last_delivery_ns": last, "latency_samples_ns": samples})
        ready.recv()  # the next phase's go-ahead
    for sock in socks:
        sock.close()


def publish(sock, count, pipeline, subscribers, rate=None):
    """Sends count PUBLISHes in batches; every reply must count all subscribers. Returns (first, last) send times."""
    reply = b":%d\r\n" % subscribers
    first = time.monotonic_ns()
    sent = 0
    interval = pipeline / rate * 1e9 if rate else 0
    while sent < count:
        batch = min(pipeline, count - sent)
        if rate:
            due = first + (sent // pipeline) * interval
            while time.monotonic_ns() < due:
                time.sleep(max(0.0, (due - time.monotonic_ns()) / 1e9 - 0.0002))
        now = time.monotonic_ns()
        body = b"%0*d" % (PAYLOAD, now)
        sock.sendall(resp("PUBLISH", CHANNEL, body) * batch)
        expect(sock, reply * batch)
        sent += batch
    return first, time.monotonic_ns()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else None


def run(port, password, subscriber_count=50, messages=20000, pipeline=16, rate=1000, seconds=5.0):
    paced = int(rate * seconds)
    ready_parent, ready_child = multiprocessing.Pipe()
    results_parent, results_child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=subscribers, args=(port, password, subscriber_count, [messages, paced], ready_child, results_child), daemon=True)
    proc.start()
    try:
        if not ready_parent.poll(300):
            raise RuntimeError("subscribers did not get ready")
        ready_parent.recv()
        pub = connect(port, password)
        out = {"subscribers": subscriber_count, "pipeline": pipeline}

        first, last_sent = publish(pub, messages, pipeline, subscriber_count)
        if not results_parent.poll(300):
            raise RuntimeError("throughput phase did not finish")
        got = results_parent.recv()
        out["throughput"] = {
            "messages": messages,
            "published_per_s": messages / ((last_sent - first) / 1e9),
            "delivered_per_s": messages * subscriber_count / ((got["last_delivery_ns"] - first) / 1e9),
            "p50_ms": percentile(got["latency_samples_ns"], 50) / 1e6,
            "p99_ms": percentile(got["latency_samples_ns"], 99) / 1e6,
        }

        ready_parent.send("go")
        first, last_sent = publish(pub, paced, 1, subscriber_count, rate=rate)
        if not results_parent.poll(300):
            raise RuntimeError("latency phase did not finish")
        got = results_parent.recv()
        samples = got["latency_samples_ns"]
        out["latency"] = {
            "rate": rate, "messages": paced, "samples": len(samples),
            "delivered_per_s": paced * subscriber_count / ((got["last_delivery_ns"] - first) / 1e9),
            "p50_ms": percentile(samples, 50) / 1e6, "p99_ms": percentile(samples, 99) / 1e6,
            "mean_ms": statistics.fmean(samples) / 1e6,
        }
        ready_parent.send("done")
        pub.close()
        return out
    finally:
        proc.join(30)
        if proc.is_alive():
            proc.terminate()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("port", type=int)
    parser.add_argument("password")
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20000, help="throughput phase: messages published flat out")
    parser.add_argument("--pipeline", type=int, default=16, help="throughput phase: PUBLISHes per batch")
    parser.add_argument("--rate", type=int, default=1000, help="latency phase: messages per second")
    parser.add_argument("--seconds", type=float, default=5.0, help="latency phase: duration")
    args = parser.parse_args()
    print(json.dumps(run(args.port, args.password, args.subscribers, args.messages, args.pipeline, args.rate, args.seconds)))


if __name__ == "__main__":
    sys.exit(main())
