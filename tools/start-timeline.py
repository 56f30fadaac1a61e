#!/usr/bin/env python3
"""Times each step of a reply's start from a packet capture of the loopback, to the microsecond.

Capture while the streams benchmark runs one stream (see docs/history.md, "Twenty-first sitting"):
    tcpdump -i lo -s 400 -w start.pcap 'tcp and greater 60' &
    dotnet run -c Release --project KissChat.Benchmarks -- streams --in-flight 1 --at-once , --idle 0 --postgres ...
    python3 tools/start-timeline.py start.pcap            # KissChat's replies
    python3 tools/start-timeline.py start.pcap --relay    # the durable relay's, the floor

Every request that starts a reply is followed on the wire: the database's packets (PostgreSQL's port, or none on
SQLite), the request to the model and its first token, and the first token frame sent back. Prints the median of
each step over the replies found, and how many statements went to the database before the model was asked.
"""
import argparse
import re
import statistics
import subprocess

HEADER = re.compile(r"^(\d+\.\d+) IP [\d.]+\.(\d+) > [\d.]+\.(\d+): .* length (\d+)")


def packets(capture):
    """(time, source port, destination port, payload text) of each packet that carries data."""
    dump = subprocess.run(["tcpdump", "-r", capture, "-tt", "-nn", "-A"], capture_output=True, text=True, errors="replace").stdout
    current = None
    for line in dump.split("\n"):
        header = HEADER.match(line)
        if header:
            if current and current[3] > 0:
                yield current[0], current[1], current[2], current[4]
            current = [float(header.group(1)), header.group(2), header.group(3), int(header.group(4)), ""]
        elif current is not None and len(current[4]) < 600:
            current[4] += line
    if current and current[3] > 0:
        yield current[0], current[1], current[2], current[4]


def steps(trace, server, database, model):
    """The step marks of one reply's start, from the request's packet to its first token frame, or None."""
    start = trace[0][0]
    marks = {"request": start}
    statements = 0
    for time, source, destination, text in trace[1:]:
        if destination == database:
            statements += 1
            marks.setdefault("first statement", time)
        elif source == database and "COMMIT" in text and "model asked" not in marks:
            marks["committed"] = time
        elif destination == model and "POST " in text:
            marks.setdefault("model asked", time)
            marks["statements"] = statements
        elif source == model and "data:" in text:
            marks.setdefault("model answered", time)
        elif source == server and "model answered" in marks and ('"token"' in text or '"delta"' in text):
            marks["token frame"] = time
            return marks
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("capture")
    parser.add_argument("--relay", action="store_true", help="the durable relay's replies instead of KissChat's")
    parser.add_argument("--database-port", default="25432")
    parser.add_argument("--last", type=int, default=0, help="only the last N replies (the measured window, not the warm-up)")
    args = parser.parse_args()
    path = "POST /relay/durable " if args.relay else "POST /api/v1/chat/response "
    all_packets = list(packets(args.capture))
    model = next((d for _, _, d, text in all_packets if "POST /v1/chat/completions" in text), None)
    starts = [i for i, p in enumerate(all_packets) if path in p[3]]
    found = []
    for i in starts:
        server = all_packets[i][2]
        if marks := steps(all_packets[i:i + 400], server, args.database_port, model):
            found.append(marks)
    found = found[-args.last:] if args.last else found
    if not found:
        raise SystemExit(f"no reply of {path.strip()} found in {args.capture}")

    def median(first, last):
        spans = [(m[last] - m[first]) * 1000 for m in found if first in m and last in m]
        return f"{statistics.median(spans):6.2f}" if spans else "     –"

    print(f"{len(found)} replies of {path.strip()}; median ms")
    print(f"  request to its first statement      {median('request', 'first statement')}")
    print(f"  first statement to COMMIT answered  {median('first statement', 'committed')}")
    print(f"  COMMIT answered to the model asked  {median('committed', 'model asked')}")
    print(f"  request to the model asked          {median('request', 'model asked')}")
    print(f"  the model asked to its first token  {median('model asked', 'model answered')}")
    print(f"  that token to its frame             {median('model answered', 'token frame')}")
    print(f"  request to the first token frame    {median('request', 'token frame')}")
    print(f"  statements before the model asked   {statistics.median(m.get('statements', 0) for m in found):6.0f}")


if __name__ == "__main__":
    main()
