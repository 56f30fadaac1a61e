#!/usr/bin/env python3
"""Summarises a `perf script` dump of the KissChat server into where its CPU went.

Record it while the streams benchmark runs (see docs/history.md, "Where the CPU goes"):
    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet run -c Release --project KissChat.Benchmarks -- streams ...
    perf record -F 499 -g -p <server pid> -o server.data -- sleep 15
    perf script -i server.data > server.txt
    python3 tools/perf-summary.py server.txt

Prints the share of samples per part of the work (a sample counts for the first part whose frames it has, in the
order below) and per innermost KissChat method (what our code was doing, its callees included).
"""
import collections
import re
import sys

PARTS = [
    ("database (EF Core, ADO.NET, SQLite/Npgsql)", r"^(EntityFrameworkCore|Relational|Sqlite|Npgsql|libe_sqlite3\.so)!|^sqlite3|KissChatDbContext"),
    ("token counting", r"^Tokenizers!"),
    ("model client (OpenAI SDK, HttpClient, SSE parsing, M.E.AI)", r"^(OpenAI|ServerSentEvents|Http|ClientModel|AI|Inference)!"),
    ("SSE to the browser (job stream, frames)", r"ServerSentEvents\+<Write|JobStreamReader|ReplyStream|LiveJobLog"),
    ("inbound HTTP (Kestrel, middleware, FastEndpoints)", r"^(Core|Transport\.Sockets|FastEndpoints|Routing|Authentication|Policy|RateLimiting|Diagnostics|Web)!"),
    ("prompt building", r"Chats!KissChat\.Chats\.Prompt"),
    ("jobs (queue, runner, checkpoints)", r"^Jobs!"),
    ("thread pool waiting/spinning", r"LowLevelLifoSemaphore|sched_yield|WorkerThread"),
    ("socket engine", r"^Sockets!"),
]


def samples(path):
    thread, frames = None, None
    for line in open(path, errors="replace"):
        if not line.strip():
            if frames is not None:
                yield thread, frames
            thread, frames = None, None
        elif not line[0].isspace():
            match = re.match(r"^(.*?)\s+\d+\s+[\d.]+:", line)
            thread, frames = (match.group(1).strip() if match else "?"), []
        elif frames is not None:
            frames.append(symbol(line.strip()))
    if frames is not None:
        yield thread, frames


def symbol(line):
    rest = line.split(" ", 1)[1] if " " in line else ""
    library = re.search(r"\(([^)]*)\)\s*$", rest)
    library = library.group(1) if library else ""
    name = re.sub(r"\+0x[0-9a-f]+$", "", re.sub(r"\s*\([^)]*\)\s*$", "", rest))
    managed = re.search(r"\[([\w.]+)\] ([^\s(]+?)(\(|$)", name)
    if managed:
        return managed.group(1).split(".")[-1] + "!" + re.sub(r"\[[^\]]*\]", "", managed.group(2))
    if "[unknown]" in name or name.startswith("0x") or not name:
        return library.split("/")[-1] + "!?"
    return name


def main(path, top=25):
    all_samples = list(samples(path))
    total = len(all_samples)
    parts, ours = collections.Counter(), collections.Counter()
    for thread, frames in all_samples:
        if re.match(r"\.NET (BGC|Server GC|GC)", thread):
            parts["garbage collector threads"] += 1
        else:
            part = next((name for name, rx in PARTS if any(re.search(rx, f) for f in frames)), None)
            parts[part or ("kernel only (network stack, scheduler)" if all("!" not in f for f in frames) else "runtime and native code without a managed caller")] += 1
        inner = next((f for f in frames if re.match(r"^\w+!KissChat\.", f)), None)
        if inner:
            ours[re.sub(r"<>c__DisplayClass[\d_]+|d__\d+|<>c\+", "", inner)] += 1
    print(f"{total} samples")
    for name, count in parts.most_common():
        print(f"{100 * count / total:6.1f}%  {name}")
    print("\ninnermost KissChat method (with what it calls):")
    for name, count in ours.most_common(top):
        print(f"{100 * count / total:6.1f}%  {name[:140]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
