#!/usr/bin/env python3
"""A large, made-up strategy project for timing `serve` and `watch` (BENCHMARKS.md).

    python3 scripts/large_project.py OUT_DIR [WORK_ITEMS]

Writes a native-format project with WORK_ITEMS work items (default 50,000) spread over 500
initiatives, 200 key results, 50 bets and 1,000 people. Deterministic; not committed (it is
large): generate it when you need it.
"""
import os
import random
import sys
from datetime import date, timedelta

out = sys.argv[1]
n_work = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
n_bets, n_krs, n_initiatives, n_people = 50, 200, 500, 1_000
rng = random.Random(7)
start = date(2026, 7, 1)
os.makedirs(os.path.join(out, "data"), exist_ok=True)
os.makedirs(os.path.join(out, "notes"), exist_ok=True)


def day(offset):
    return (start + timedelta(days=offset)).isoformat()


def write(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)


teams = [f"team{t:02}" for t in range(60)]
people = [f"p{p:04}" for p in range(n_people)]
write("throughline.toml", f"""title = "Large Co ({n_work} work items)"
as_of = "2026-11-20"
cycle = {{ name = "2026-Q4", start = "2026-10-01", end = "2026-12-31" }}
work_url = "https://tracker.example/browse/{{id}}"
""")
strategy = []
for b in range(n_bets):
    strategy.append(f'[[bet]]\nid = "B{b}"\ntitle = "Bet number {b}"\nowner = "{people[b]}"\n')
for k in range(n_krs):
    strategy.append(
        f'[[kr]]\nid = "KR{k}"\nbet = "B{k % n_bets}"\ntitle = "Key result {k}"\nunit = "%"\n'
        f'baseline = 0.0\ntarget = 100.0\nstart = "2026-07-01"\nend = "2026-12-31"\nowner = "{people[k]}"\n'
    )
write("strategy.toml", "\n".join(strategy))
rows = ["kr,date,value,confidence,note"]
for k in range(n_krs):
    for c in range(10):
        rows.append(f"KR{k},{day(c * 14)},{min(100, c * 10 * rng.uniform(0.6, 1.2)):.1f},{rng.choice([0.5, 0.7, 0.9])},")
write("data/checkins.csv", "\n".join(rows) + "\n")
rows = ["id,title,krs,owner,team,start,due,baseline_due,status,depends_on,epics,estimate,people"]
for i in range(n_initiatives):
    status = rng.choice(["active", "active", "active", "proposed", "done"])
    rows.append(
        f"I{i},Initiative {i},KR{i % n_krs},{people[i % n_people]},{teams[i % len(teams)]},"
        f"{day(rng.randint(0, 60))},{day(rng.randint(120, 200))},,{status},,,,"
    )
write("data/initiatives.csv", "\n".join(rows) + "\n")
rows = ["id,name,team,capacity,email"]
for p, pid in enumerate(people):
    rows.append(f"{pid},Person {p},{teams[p % len(teams)]},{rng.choice([3, 5, 8])},{pid}@example.com")
write("data/people.csv", "\n".join(rows) + "\n")
rows = ["id,title,status,initiative,parent,type,assignee,estimate,created,started,done,due"]
for w in range(n_work):
    created = rng.randint(0, 130)
    status = rng.choice(["done", "done", "in_progress", "todo", "todo", "blocked"])
    started = day(created + rng.randint(0, 5)) if status != "todo" else ""
    done = day(created + rng.randint(5, 20)) if status == "done" else ""
    rows.append(
        f"W{w},Work item {w},{status},I{rng.randrange(n_initiatives)},,story,"
        f"{rng.choice(people)},{rng.choice(['1', '2', '3', '5', '8', ''])},{day(created)},{started},{done},"
    )
write("data/work.csv", "\n".join(rows) + "\n")
write("notes/index.md", "# Large Co\n\nA generated project for timing rebuilds.\n")
