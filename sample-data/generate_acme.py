#!/usr/bin/env python3
"""Generate the Acme sample strategy project in sample-data/acme/.

Deterministic (fixed seed, standard library only). Run from the repository root:

    python3 sample-data/generate_acme.py              # native work.csv
    python3 sample-data/generate_acme.py --trackers   # Jira export + Linear export (mobile team)

The data is built so that every status and signal of docs/analysis.md shows up at
as_of = 2026-11-20; the intent for each entity is written next to its definition below.
"""

import argparse
import csv
import datetime as dt
import os
import random
import re
import shutil

SEED = 20261120
AS_OF = dt.date(2026, 11, 20)  # a Friday: throughput weeks run Saturday..Friday
CYCLE = ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
D = dt.date.fromisoformat

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "acme")

# --------------------------------------------------------------------------------------------
# People: id, name, team, capacity (story points per week), email
# Overloaded on purpose: amir (I-01 under B1 + I-09 under B3), yuki (I-03 under B1 + I-08 under
# B2), lena (I-06 under B2 + I-12 under B4); lars has capacity 0 (parental leave) and open work.
# --------------------------------------------------------------------------------------------
PEOPLE = [
    # platform
    ("dev.k", "Dev Kapoor", "platform", 2, "dev.kapoor@acme.example"),
    ("amir", "Amir Haddad", "platform", 5, "amir.haddad@acme.example"),
    ("lars", "Lars Eriksen", "platform", 0, "lars.eriksen@acme.example"),
    ("sofia.r", "Sofia Romano", "platform", 6, "sofia.romano@acme.example"),
    ("kenji", "Kenji Watanabe", "platform", 6, "kenji.watanabe@acme.example"),
    ("ben", "Ben Okafor", "platform", 5, "ben.okafor@acme.example"),
    ("hana", "Hana Novák", "platform", 5, "hana.novak@acme.example"),
    # checkout
    ("elena", "Elena Petrova", "checkout", 3, "elena.petrova@acme.example"),
    ("marco", "Marco Bianchi", "checkout", 6, "marco.bianchi@acme.example"),
    ("aisha", "Aisha Bello", "checkout", 6, "aisha.bello@acme.example"),
    ("tom", "Tom Fischer", "checkout", 5, "tom.fischer@acme.example"),
    ("joao", "João Silva", "checkout", 6, "joao.silva@acme.example"),
    ("mei", "Mei Lin", "checkout", 5, "mei.lin@acme.example"),
    # mobile
    ("yuki", "Yuki Tanaka", "mobile", 4, "yuki.tanaka@acme.example"),
    ("carlos", "Carlos Mendes", "mobile", 6, "carlos.mendes@acme.example"),
    ("fatima", "Fatima Zahra El Idrissi", "mobile", 5, "fatima.elidrissi@acme.example"),
    ("ola", "Ola Nilsson", "mobile", 5, "ola.nilsson@acme.example"),
    # growth
    ("priya.n", "Priya Natarajan", "growth", 2, "priya.natarajan@acme.example"),
    ("liam", "Liam O'Connor", "growth", 5, "liam.oconnor@acme.example"),
    ("chloe", "Chloé Dubois", "growth", 5, "chloe.dubois@acme.example"),
    ("zanele", "Zanele Dlamini", "growth", 5, "zanele.dlamini@acme.example"),
    ("ravi", "Ravi Shah", "growth", 6, "ravi.shah@acme.example"),
    # data
    ("arjun", "Arjun Mehta", "data", 4, "arjun.mehta@acme.example"),
    ("lena", "Lena Vogel", "data", 5, "lena.vogel@acme.example"),
    ("kofi", "Kofi Mensah", "data", 6, "kofi.mensah@acme.example"),
    ("ines", "Inês Costa", "data", 5, "ines.costa@acme.example"),
    # sales & customer success
    ("olu", "Olumide Adeyemi", "sales", 1, "olumide.adeyemi@acme.example"),
    ("maria", "María Fernández", "sales", 2, "maria.fernandez@acme.example"),
    ("nadia", "Nadia Rahman", "sales", 1, "nadia.rahman@acme.example"),
    ("greta", "Greta Lindqvist", "sales", 4, "greta.lindqvist@acme.example"),
    ("david", "David Cohen", "sales", 4, "david.cohen@acme.example"),
]
PERSON = {p[0]: p for p in PEOPLE}

# --------------------------------------------------------------------------------------------
# Strategy: bets and key results.
# Expected progress at as_of: Jul-Dec window 142/183 = 0.776; Q4 window 50/91 = 0.549.
# --------------------------------------------------------------------------------------------
BETS = [
    dict(id="B1", title="Make self-serve the default way to buy Acme", owner="priya.n",
         horizon=("2026-01-01", "2027-12-31"),
         description="""Most of our new customers under 50 seats still go through a sales call
they did not ask for. We bet that a checkout a finance lead can finish **alone, in one
sitting** lowers our cost of acquisition and frees account executives for the mid-market.

- Success looks like: a third of new ARR comes through self-serve by the end of 2026.
- Biggest risk: the *Self-serve checkout v2* launch, which everything else in this bet waits on.
"""),
    dict(id="B2", title="Win and keep the mid-market", owner="maria",
         horizon=("2026-01-01", "2028-12-31"),
         description="""Companies of 200-2,000 employees renew at 118% net and churn half as
much as small teams. We will **sell to them deliberately** (a playbook, configure-price-quote,
a trial desk) and **keep them** with faster onboarding and better support.

See the [mid-market plan](https://wiki.acme.example/strategy/mid-market) for the segment
definition.
"""),
    dict(id="B3", title="Run a platform customers never have to think about", owner="dev.k",
         horizon=("2026-01-01", "2028-12-31"),
         description="""Reliability and speed are features. Enterprise prospects ask for our
uptime history before they ask for a demo, and every 100 ms on the dashboard costs us
engagement.

1. Finish the tenancy migration (done in Q3).
2. Get p95 API latency under 250 ms.
3. Hold 99.9% uptime while we do it, then bring cost per customer down in 2027.
"""),
    dict(id="B4", title="Turn product data into a product", owner="arjun",
         horizon=("2026-07-01", "2028-06-30"),
         description="""Our customers already ask us for benchmarks: *how do we compare with
companies like us?* We bet that an **Insights add-on** priced per seat can reach 10% of
accounts by 2028.
"""),
    dict(id="B5", title="Expand into EMEA", owner="olu",
         horizon=("2027-01-01", "2028-12-31"),
         description="""German and Nordic prospects stall on data residency. Leadership agreed
the direction in September; **key results are still to be written** (see the board note).
"""),
]

# Check-in dates every two weeks; each KR: list of (date, value, confidence, note).
def biweekly(first, n):
    return [first + dt.timedelta(days=14 * i) for i in range(n)]


def series(dates, values, confs, notes):
    assert len(dates) == len(values) == len(confs), (len(dates), len(values), len(confs))
    out = []
    for i, (d, v, c) in enumerate(zip(dates, values, confs)):
        out.append((d, v, c, notes.get(i, "")))
    return out


KRS = [
    # KR1.1 off_track on a milestone pace: e = 0.2 + 0.8 * 51/92 = 0.644, p = (19.0-12)/23 = 0.304,
    # gap -0.34 < -0.25. Confidence 0.75 on an off-track KR -> optimism_gap.
    dict(id="KR1.1", bet="B1", title="Grow self-serve share of new ARR from 12% to 35%",
         unit="%", baseline=12.0, target=35.0, start="2026-07-01", end="2026-12-31", owner="liam",
         pace='[["2026-09-30", 0.2], ["2026-12-31", 1.0]]',
         description="Measured on bookings closed without an account executive touching the deal.",
         checkins=series(biweekly(D("2026-07-08"), 10),
                         [12.1, 12.6, 13.4, 14.0, 14.9, 15.8, 16.4, 17.3, 18.2, 19.0],
                         [0.8, 0.8, 0.8, 0.75, 0.8, 0.75, 0.75, 0.7, 0.75, 0.75],
                         {0: "Baseline confirmed with finance", 3: "Pricing page test lifted trials, not bookings",
                          6: "Q3 milestone met, just", 7: "Most of Q4's gain depends on checkout v2 going live",
                          9: 'Sales says the gap closes "as soon as v2 ships"'})),
    # KR1.2 Q4 only: p = 0.5/0.9 = 0.556 vs e = 0.549 -> on_track on pace, forecast fine (p_end 1.1);
    # turned at_risk by I-01 off_track. Confidence 0.75 -> 0.5: confidence_drop.
    dict(id="KR1.2", bet="B1", title="Raise checkout conversion from 2.1% to 3.0%",
         unit="%", baseline=2.1, target=3.0, start="2026-10-01", end="2026-12-31", owner="elena",
         description="Visitors who start checkout and finish a paid order, 7-day rolling average.",
         checkins=series([D("2026-09-17"), D("2026-10-02"), D("2026-10-16"), D("2026-10-30"), D("2026-11-13")],
                         [2.1, 2.12, 2.24, 2.37, 2.6],
                         [0.7, 0.7, 0.75, 0.75, 0.5],
                         {0: "Q3 exit rate, before the window opens",
                          2: "Address autocomplete shipped, small lift",
                          4: "Up, but v2 launch slipping past Dec 15; we will not get the big step this year"})),
    # KR1.3 maintain, broken: latest 1.06 > 0.8 -> progress 0, off_track.
    dict(id="KR1.3", bet="B1", title="Keep payment failure rate at or below 0.8%",
         kind="maintain", unit="%", threshold=0.8, direction="at_most",
         start="2026-07-01", end="2026-12-31", owner="tom",
         description="Card payments declined or errored, as a share of attempts (PSP dashboard).",
         checkins=series(biweekly(D("2026-07-06"), 10),
                         [0.62, 0.65, 0.70, 0.68, 0.74, 0.79, 0.83, 0.91, 0.97, 1.06],
                         [0.7, 0.7, 0.65, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35],
                         {6: "Over the line for the first time: new 3-D Secure rules in the EU",
                          8: "Dunning retries not shipped yet, see I-04",
                          9: "Worst week since 2024; PSP confirms issuer-side soft declines"})),
    # KR2.1 on_track: p = 1.62/2 = 0.81, gap +0.034, forecast ~1.04. Its only initiatives are
    # I-05 (progress < 0.2) and I-18 (not started): outcome_without_output.
    dict(id="KR2.1", bet="B2", title="Grow mid-market ARR from $4.0M to $6.0M",
         unit="$M", baseline=4.0, target=6.0, start="2026-07-01", end="2026-12-31", owner="maria", weight=2.0,
         description="ARR from accounts with 200-2,000 employees, from the billing system.",
         checkins=series(biweekly(D("2026-07-03"), 10) + [D("2026-11-18")],
                         [4.05, 4.2, 4.35, 4.5, 4.6, 4.8, 4.95, 5.1, 5.25, 5.45, 5.62],
                         [0.7, 0.7, 0.75, 0.75, 0.7, 0.75, 0.8, 0.8, 0.8, 0.8, 0.8],
                         {4: "Two renewals slipped to September", 7: "Globex expansion signed, $180k",
                          10: "Q4 pipeline covers the rest 2.3x"})),
    # KR2.2 maintain, holding: latest 1.30 <= 1.5 -> on_track.
    dict(id="KR2.2", bet="B2", title="Keep gross revenue churn at or below 1.5% a month",
         kind="maintain", unit="%", threshold=1.5, direction="at_most",
         start="2026-07-01", end="2026-12-31", owner="david",
         checkins=series(biweekly(D("2026-07-09"), 10),
                         [1.6, 1.55, 1.5, 1.45, 1.42, 1.4, 1.38, 1.35, 1.32, 1.3],
                         [0.6, 0.6, 0.65, 0.7, 0.7, 0.7, 0.75, 0.75, 0.8, 0.8],
                         {0: "Above the line after two logo losses in June",
                          5: "Health scores now reach CSMs every Monday"})),
    # KR2.3 stale (latest 2026-10-28, 23 days) and at_risk: p = 9/14 = 0.643, gap -0.133.
    # Its only initiative I-07 is done (output 1.0): output_without_outcome.
    dict(id="KR2.3", bet="B2", title="Raise mid-market NPS from 31 to 45",
         unit="NPS", baseline=31.0, target=45.0, start="2026-07-01", end="2026-12-31", owner="david",
         checkins=series([D("2026-07-15"), D("2026-08-12"), D("2026-09-09"), D("2026-09-30"), D("2026-10-28")],
                         [32, 34, 37, 38, 40],
                         [0.7, 0.7, 0.7, 0.65, 0.6],
                         {2: "New help centre helped; detractors now cite onboarding",
                          4: 'Detractors say "support is fast, the product is slow to set up"'})),
    # KR2.4 (target below baseline) on pace: p = (30-17.8)/16 = 0.7625 vs e 0.776 (gap -0.014),
    # but the check-ins are convex, so the least-squares line ends at p_end ~ 0.83 < 0.9:
    # forecast_miss -> at_risk.
    dict(id="KR2.4", bet="B2", title="Cut onboarding time for new mid-market accounts from 30 to 14 days",
         unit="days", baseline=30.0, target=14.0, start="2026-07-01", end="2026-12-31", owner="zanele",
         description="Median days from contract signature to the first report shared by the customer.",
         checkins=series(biweekly(D("2026-07-10"), 10),
                         [29.9, 29.6, 29.0, 28.4, 27.7, 26.9, 25.9, 24.4, 21.6, 17.8],
                         [0.6, 0.6, 0.6, 0.55, 0.6, 0.6, 0.6, 0.65, 0.65, 0.65],
                         {8: "Guided setup beta: first cohort at 16 days",
                          9: "Big drop this month, but one cohort; not sure it holds"})),
    # KR3.1 latency (target below baseline) on_track: p = (420-262)/170 = 0.929, gap +0.15.
    dict(id="KR3.1", bet="B3", title="Cut p95 API latency from 420 ms to 250 ms",
         unit="ms", baseline=420.0, target=250.0, start="2026-07-01", end="2026-12-31", owner="sofia.r",
         checkins=series(biweekly(D("2026-07-07"), 10) + [D("2026-11-17")],
                         [418, 405, 380, 361, 340, 322, 305, 290, 281, 270, 262],
                         [0.7, 0.7, 0.75, 0.75, 0.8, 0.8, 0.8, 0.85, 0.85, 0.85, 0.85],
                         {2: "Read replicas live", 6: "Edge cache on /reports, p95 down 17 ms",
                          10: "Query planner fix for large tenants"})),
    # KR3.2 maintain, holding (one breach in August): latest 99.96 >= 99.9 -> on_track.
    dict(id="KR3.2", bet="B3", title="Keep monthly uptime at or above 99.9%",
         kind="maintain", unit="%", threshold=99.9, direction="at_least",
         start="2026-07-01", end="2026-12-31", owner="kenji",
         checkins=series(biweekly(D("2026-07-08"), 10),
                         [99.95, 99.97, 99.87, 99.93, 99.96, 99.98, 99.94, 99.97, 99.95, 99.96],
                         [0.8, 0.8, 0.6, 0.7, 0.75, 0.8, 0.8, 0.8, 0.8, 0.8],
                         {2: "Incident 2026-08-03: 52 min outage, single-AZ database", 3: "Post-mortem actions in I-10"})),
    # KR3.3 done (p = 1.0); its window ended 2026-09-30, so I-11's October work is expired_kr_work.
    dict(id="KR3.3", bet="B3", title="Move 100% of customers to the new tenancy model",
         unit="% of customers", baseline=0.0, target=100.0, start="2026-07-01", end="2026-09-30", owner="ben",
         checkins=series([D("2026-07-08"), D("2026-07-22"), D("2026-08-05"), D("2026-08-19"), D("2026-09-02"),
                          D("2026-09-16"), D("2026-09-30"), D("2026-11-12")],
                         [5, 18, 35, 52, 70, 88, 100, 100],
                         [0.7, 0.75, 0.8, 0.8, 0.85, 0.9, 1.0, 1.0],
                         {6: "Last tenant moved on Sep 29", 7: "Post-migration audit: no tenant left on the old model"})),
    # KR3.4 not_started (window opens 2027-01-01), no check-ins.
    dict(id="KR3.4", bet="B3", title="Cut cloud cost per customer from $38 to $30 a month",
         unit="$", baseline=38.0, target=30.0, start="2027-01-01", end="2027-06-30", owner="arjun",
         checkins=[]),
    # KR4.1 started 2026-10-01 with no check-in at all: no_data.
    dict(id="KR4.1", bet="B4", title="Sign 40 paying customers for the Insights add-on",
         unit="customers", baseline=0.0, target=40.0, start="2026-10-01", end="2026-12-31", owner="arjun",
         checkins=[]),
    # KR4.2 no owner (unowned); only a proposed initiative supports it (unsupported_kr);
    # p = 1/3 vs e 0.549 -> gap -0.216 -> at_risk.
    dict(id="KR4.2", bet="B4", title="Publish 3 industry benchmark reports",
         unit="reports", baseline=0.0, target=3.0, start="2026-10-01", end="2026-12-31", owner=None,
         checkins=series([D("2026-10-15"), D("2026-10-29"), D("2026-11-12")],
                         [0, 1, 1],
                         [0.5, 0.45, 0.4],
                         {1: "Retail benchmark out, written by hand", 2: "No one is staffed for the next two"})),
]

# --------------------------------------------------------------------------------------------
# Work generation: per initiative, one "stream" per epic (or per group of items that name the
# initiative directly). A stream says how many points were done in each Saturday..Friday week
# (period k ends on as_of - 7k), and who holds which open work.
# --------------------------------------------------------------------------------------------
TOPICS = {
    "chk_web": ["Address autocomplete", "Plan picker", "Seat selector", "EU VAT calculation", "3-D Secure challenge",
                "Apple Pay", "Google Pay", "SEPA direct debit", "Invoice PDF", "Promo codes", "Order summary",
                "Company details form", "Receipt emails", "Saved cards", "Checkout analytics", "Tax ID validation",
                "Annual billing toggle", "Currency switcher", "Trial-to-paid conversion step", "Error recovery"],
    "chk_mob": ["Mobile plan picker", "Native payment sheet", "Mobile receipt screen", "Deep link into checkout",
                "Mobile 3-D Secure webview", "Offline cart", "Mobile analytics events", "Tablet layout"],
    "iap": ["StoreKit 2 purchase", "Google Play Billing v6", "Restore purchases", "Receipt validation service",
            "Subscription status sync", "Paywall screen", "Price localisation", "Refund webhook",
            "Family sharing", "Sandbox test accounts"],
    "dunning": ["Smart retry schedule", "Dunning emails", "Card updater", "Soft-decline handling",
                "Grace period", "Payment failure dashboard", "Retry webhooks", "Account suspension rules"],
    "cpq": ["Quote template", "Discount approval flow", "Salesforce sync", "Price book", "Contract PDF",
            "Multi-year deals", "Seat ramp schedule", "Quote e-signature"],
    "health": ["Health score model", "Usage ingestion", "Churn risk alerts", "CSM weekly digest",
               "Health score backfill", "Score explanation panel", "Salesforce health field"],
    "help": ["Help centre search", "Article feedback", "In-app help widget", "Contextual tips",
             "Support SLA timer", "Chat handover", "Help centre redesign", "Article migration"],
    "onboard": ["Guided setup checklist", "Sample data import", "Invite teammates step", "First report wizard",
                "Onboarding emails", "Setup progress API", "Admin kickoff page", "Integration picker"],
    "onboard_mob": ["Mobile onboarding tour", "Mobile invite flow", "Push notification opt-in", "Mobile setup progress"],
    "cache": ["Edge cache for /reports", "Query planner hints", "Connection pooling", "N+1 queries in dashboards",
              "Read replica routing", "Cache invalidation", "Slow query alerting", "Report pagination",
              "Latency SLO dashboard", "Payload compression"],
    "failover": ["Cross-region replication", "Failover runbook", "DNS health checks", "Chaos drill",
                 "Multi-AZ database", "Region-aware job queue", "Backup restore test"],
    "tenancy": ["Legacy tenant tables", "Tenant ID backfill", "Old schema drop", "Migration audit report",
                "Tenant routing cleanup", "Feature flag removal"],
    "insights": ["Benchmark query engine", "Insights dashboard", "Peer group model", "Add-on billing SKU",
                 "Insights export", "Anonymisation job", "Insights onboarding", "Usage metering"],
    "residency": ["Frankfurt region bootstrap", "Data residency setting", "EU storage buckets",
                  "Residency audit log", "DPA update", "EU support routing"],
    "billing_legacy": ["Legacy plan migration", "Old invoice templates", "Billing v1 API shutdown", "Customer comms"],
    "referral": ["Partner portal", "Referral tracking links", "Partner payouts", "Partner agreement"],
    "dwh": ["Warehouse cost report", "Unused tables cleanup", "Cluster right-sizing", "Query cost alerts",
            "Cold storage tiering"],
    "usage_billing": ["Usage meter", "Usage-based price plans", "Invoice line items for usage", "Usage alerts",
                      "Rating engine spike"],
    "upgrades_mob": ["In-app upgrade screen", "Plan comparison sheet", "Upgrade confirmation", "Seat add-on flow"],
    "trial_desk": ["Trial desk routing", "Trial health report", "Sales-assist playbook", "Trial extension flow"],
    "launch": ["Launch landing page", "Launch email sequence", "Press kit", "Pricing page update", "Launch webinar"],
    "referral_widget": ["Referral widget", "Referral reward copy", "Referral A/B test"],
}
STORY_ASPECTS = ["API endpoint", "UI", "error states", "analytics events", "feature flag rollout",
                 "accessibility pass", "edge cases", "copy and translations", "QA on staging", "load test",
                 "design review", "docs", "backend", "integration tests", "mobile layout"]
TASK_FORMS = ["Spike: {t}", "Set up monitoring for {t}", "Write runbook for {t}", "Clean up after {t}",
              "Pair review: {t}", "Migrate config for {t}"]
BUG_FORMS = ["{t} fails on Safari 17", "{t} shows the wrong currency", "{t} times out for large tenants",
             "{t} double-submits on slow networks", "{t} crashes on Android 13", "{t}: 500 error when field is empty",
             "{t} loses state after refresh", "{t} ignores the user's locale", "Typo in {t} (\"recieve\")"]

POINTS = [1, 2, 3, 5, 8, 13]
POINT_WEIGHTS = [10, 20, 28, 25, 12, 5]

# Initiative rows plus how their work is generated.
#   recent: points done in periods k = 5..0 (the 6 throughput weeks), oldest first. They vary week
#           to week as a real team's do (a coefficient of variation around 0.5 per initiative:
#           some weeks near zero, some double the mean), so that P50 and P85 differ and the
#           forecast shows its uncertainty. An initiative's samples (the comments quote them) are
#           the sum over its streams, items without an estimate weighing the median of the others.
#   hist:   (first period k, mean weekly points) for earlier weeks, each drawn around that mean
#           with the same spread
#   open:   (assignee or None, points, status) groups of open work
INITIATIVES = [
    # Off track by forecast: ~100 points left, ~9.5 points a week (samples 12, 4, 17, 9, 2, 13) -> P50 early
    # February, P85 late February, P(on time by Dec 15, i.e. in 3 weeks) = 0. Re-planned (due Dec 15
    # > baseline Nov 30). Scope grows in Oct/Nov, so its P85 slides six weeks from the report of
    # Nov 6 to that of Nov 13.
    dict(id="I-01", title="Self-serve checkout v2", krs=["KR1.1", "KR1.2"], owner="elena", team="checkout",
         start="2026-08-03", due="2026-12-15", baseline_due="2026-11-30", status="active",
         people=["elena", "amir", "marco", "aisha", "joao", "mei", "carlos", "ola", "fatima"],
         streams=[
             dict(project="CHK", epic="Checkout v2: web flow", topics="chk_web", created_min="2026-07-27",
                  hist=(15, 6), recent=[9, 3, 12, 6, 2, 7],
                  done_by=["marco", "aisha", "joao", "amir", "mei", "tom"],
                  open=[("amir", 8, "in_progress"), ("amir", 13, "todo"), ("marco", 5, "in_progress"),
                        ("marco", 10, "todo"), ("aisha", 3, "in_progress"), ("aisha", 5, "blocked"),
                        ("aisha", 6, "todo"), ("joao", 5, "in_progress"), ("joao", 8, "todo"), ("mei", 6, "todo"),
                        (None, 3, "in_progress"), (None, 8, "todo")],
                  open_created=("2026-10-01", "2026-11-19"), open_due=["2026-11-13", "2026-11-27", "2026-12-11"],
                  late_created=[("marco", 5), (None, 3), (None, 8)],
                  done_after=[("joao", 3)], cancelled=2, subtasks=4),
             dict(project="MOB", epic="Checkout v2: mobile", topics="chk_mob", created_min="2026-08-17",
                  hist=(12, 3), recent=[3, 1, 5, 2, 0, 6], done_by=["carlos", "ola", "fatima"],
                  open=[("carlos", 3, "in_progress"), ("carlos", 5, "todo"), ("ola", 5, "todo"),
                        ("fatima", 3, "in_progress")],
                  open_created=("2026-10-05", "2026-11-18"), subtasks=1),
         ]),
    # Not started (starts Dec 1) and depends on I-01, whose P50 (late Jan) is after its start and
    # due date: dependency_conflict.
    dict(id="I-02", title="Checkout v2 launch campaign", krs=["KR1.1"], owner="liam", team="growth",
         start="2026-12-01", due="2026-12-22", baseline_due="2026-12-22", status="active", depends_on=["I-01"],
         people=["liam", "chloe", "ravi"],
         streams=[dict(project="GRW", epic="Checkout v2 launch", topics="launch", created_min="2026-11-09",
                       open=[("liam", 5, "todo"), ("chloe", 5, "todo"), ("ravi", 5, "todo")],
                       open_created=("2026-11-09", "2026-11-18"))]),
    # Off track: due 2026-11-13 has passed. Overdue and blocked items.
    dict(id="I-03", title="Mobile in-app purchases", krs=["KR1.1"], owner="carlos", team="mobile",
         start="2026-08-17", due="2026-11-13", baseline_due="2026-11-13", status="active",
         people=["carlos", "yuki", "fatima"],
         streams=[dict(project="MOB", epic="In-app purchases (iOS + Android)", topics="iap", created_min="2026-08-10",
                       hist=(13, 3), recent=[3, 6, 1, 5, 2, 2], done_by=["yuki", "carlos", "fatima"],
                       open=[("yuki", 5, "in_progress"), ("yuki", 3, "blocked"), ("yuki", 5, "todo"),
                             ("carlos", 3, "blocked"), ("fatima", 3, "in_progress"), ("fatima", 2, "todo")],
                       open_created=("2026-09-20", "2026-11-10"), open_due=["2026-11-06", "2026-11-13"],
                       open_due_share=0.8, subtasks=2)]),
    # At risk: ~20 points left, ~4.8 points a week (samples 7, 5, 7, 7, then 3 and 0: it slowed in the
    # last two weeks), 4 weeks to Dec 18 -> P(on time) ~ 0.5. On track in the report of Nov 13, so the
    # changes page shows it newly at risk.
    dict(id="I-04", title="Payment retries and dunning", krs=["KR1.3"], owner="tom", team="checkout",
         start="2026-09-07", due="2026-12-18", baseline_due="2026-12-18", status="active",
         people=["tom", "mei", "joao"],
         streams=[dict(project="CHK", epic="Dunning and smart retries", topics="dunning", created_min="2026-09-01",
                       hist=(10, 4), recent=[7, 5, 7, 7, 3, 0], done_by=["tom", "mei", "joao"],
                       open=[("tom", 5, "in_progress"), ("tom", 3, "todo"), ("mei", 3, "in_progress"),
                             ("mei", 3, "todo"), ("joao", 3, "todo")],
                       open_created=("2026-09-20", "2026-11-16"), cancelled=1)]),
    # On track (due Sep 2027), but only ~16% done (outcome_without_output on KR2.1). Some items name it
    # directly in the initiative column instead of through the epic.
    dict(id="I-05", title="Mid-market sales playbook and CPQ", krs=["KR2.1"], owner="greta", team="sales",
         start="2026-10-05", due="2027-09-30", baseline_due="2027-09-30", status="active",
         people=["greta", "david", "maria"],
         streams=[dict(project="REV", epic="CPQ rollout", topics="cpq", created_min="2026-10-05",
                       recent=[3, 0, 2, 1, 0, 3], done_by=["greta", "david"],
                       open=[("greta", 3, "in_progress"), ("greta", 10, "todo"), ("david", 5, "todo"),
                             (None, 36, "todo")],
                       open_created=("2026-10-05", "2026-11-12")),
                  dict(project="REV", epic=None, direct=True, topics="cpq", created_min="2026-10-05",
                       recent=[0, 1, 0, 0, 1, 0], done_by=["maria"],
                       open=[("david", 3, "todo"), (None, 8, "todo")],
                       open_created=("2026-10-12", "2026-11-06"))]),
    # On track, only just: 18 points left (2 of them finished the week after as_of) at ~5.5 a week
    # (samples 11, 3, 6, 7, 5, 1), 4 weeks to Dec 18 -> P(on time) ~0.75, while its P85 lands a week after
    # the due date: what a forecast with its uncertainty shows.
    dict(id="I-06", title="Customer health scoring", krs=["KR2.2"], owner="kofi", team="data",
         start="2026-08-10", due="2026-12-18", baseline_due="2026-12-18", status="active",
         people=["kofi", "lena"],
         streams=[dict(project="DATA", epic="Health score v1", topics="health", created_min="2026-08-03",
                       hist=(14, 4), recent=[10, 2, 6, 7, 5, 1], done_by=["kofi", "lena", "ines"],
                       open=[("lena", 5, "in_progress"), ("lena", 8, "todo"), ("kofi", 3, "todo")],
                       open_created=("2026-10-15", "2026-11-17"), done_after=[("kofi", 2)], subtasks=1)]),
    # Done: every item done, the last on 2026-10-22 (commitment C-03 of 2026-10-30 is kept).
    dict(id="I-07", title="Help centre and in-app support revamp", krs=["KR2.3"], owner="chloe", team="growth",
         start="2026-07-13", due="2026-10-31", baseline_due="2026-10-31", status="done",
         people=["chloe", "ravi", "liam"],
         streams=[dict(project="GRW", epic="Help centre revamp", topics="help", created_min="2026-07-06",
                       hist=(18, 4), recent=[4, 3, 0, 0, 0, 0], last_done="2026-10-22",
                       done_by=["chloe", "ravi", "liam"], open=[], cancelled=1)]),
    # On track; yuki's mobile share makes her overloaded together with I-03.
    dict(id="I-08", title="Guided onboarding for mid-market accounts", krs=["KR2.4"], owner="zanele", team="growth",
         start="2026-08-24", due="2027-01-29", baseline_due="2027-01-29", status="active",
         people=["zanele", "chloe", "ravi", "yuki"],
         streams=[dict(project="GRW", epic="Guided setup", topics="onboard", created_min="2026-08-17",
                       hist=(12, 4), recent=[7, 2, 6, 1, 5, 4], done_by=["zanele", "chloe", "ravi"],
                       open=[("zanele", 3, "in_progress"), ("zanele", 5, "todo"), ("chloe", 5, "todo"),
                             ("ravi", 3, "in_progress")],
                       open_created=("2026-10-01", "2026-11-17")),
                  dict(project="MOB", epic="Mobile onboarding tour", topics="onboard_mob", created_min="2026-09-14",
                       hist=(9, 1), recent=[2, 0, 3, 1, 2, 2], done_by=["yuki", "ola"],
                       open=[("yuki", 5, "in_progress"), ("yuki", 11, "todo")],
                       open_created=("2026-10-12", "2026-11-17"))]),
    # On track (due 2027-01-15); amir also carries open work here (contention B1/B3).
    dict(id="I-09", title="Edge caching and query optimisation", krs=["KR3.1"], owner="sofia.r", team="platform",
         start="2026-07-20", due="2027-01-15", baseline_due="2027-01-15", status="active",
         people=["sofia.r", "amir", "kenji"],
         streams=[dict(project="PLAT", epic="API latency programme", topics="cache", created_min="2026-07-13",
                       hist=(17, 4), recent=[8, 2, 6, 3, 9, 5], done_by=["sofia.r", "kenji", "amir", "hana"],
                       open=[("amir", 5, "in_progress"), ("amir", 10, "todo"), ("sofia.r", 5, "in_progress"),
                             ("sofia.r", 5, "todo"), ("kenji", 5, "todo")],
                       open_created=("2026-09-28", "2026-11-18"), late_created=[("kenji", 3)],
                       done_after=[("sofia.r", 2)], subtasks=2)]),
    # Unknown: active and started, nothing done since 2026-10-02 -> no non-zero sample -> no_forecast.
    # lars (capacity 0, on leave) still holds open items here.
    dict(id="I-10", title="Multi-region failover", krs=["KR3.2"], owner="kenji", team="platform",
         start="2026-09-01", due="2027-01-29", baseline_due="2027-01-29", status="active",
         people=["kenji", "lars", "hana", "ben"],
         streams=[dict(project="PLAT", epic="Failover to eu-west-2", topics="failover", created_min="2026-08-25",
                       hist=(11, 4), hist_end=7, recent=[0, 0, 0, 0, 0, 0], done_by=["lars", "kenji"],
                       open=[("lars", 3, "in_progress"), ("lars", 5, "todo"), ("kenji", 5, "in_progress"),
                             ("hana", 3, "blocked"), ("ben", 5, "todo")],
                       open_created=("2026-09-01", "2026-11-09"), open_started=("2026-11-02", "2026-11-16"))]),
    # On track, but supports only KR3.3 whose window ended 2026-09-30: work done in Oct/Nov is
    # expired_kr_work.
    dict(id="I-11", title="Tenancy migration clean-up", krs=["KR3.3"], owner="ben", team="platform",
         start="2026-09-14", due="2026-12-18", baseline_due="2026-12-18", status="active",
         people=["ben", "hana"],
         streams=[dict(project="PLAT", epic="Tenancy v2 clean-up", topics="tenancy", created_min="2026-09-07",
                       hist=(9, 3), recent=[4, 2, 5, 2, 1, 3], done_by=["ben", "hana"],
                       open=[("ben", 3, "in_progress"), ("hana", 3, "todo")],
                       open_created=("2026-10-20", "2026-11-16"))]),
    # On track; two in-progress items nobody is assigned to (unassigned_work).
    dict(id="I-12", title="Insights add-on MVP", krs=["KR4.1"], owner="arjun", team="data",
         start="2026-09-21", due="2027-01-29", baseline_due="2027-01-29", status="active",
         people=["arjun", "lena", "ines"],
         streams=[dict(project="DATA", epic="Insights MVP", topics="insights", created_min="2026-09-14",
                       hist=(8, 4), recent=[6, 2, 5, 2, 7, 3], done_by=["lena", "ines", "arjun"],
                       open=[("lena", 8, "in_progress"), ("lena", 14, "todo"), ("arjun", 3, "todo"),
                             ("ines", 3, "in_progress"), (None, 2, "in_progress"), (None, 3, "in_progress")],
                       open_created=("2026-10-01", "2026-11-18"), late_created=[(None, 5)], subtasks=1)]),
    # Proposed: team, people and estimate, no work items. Its lena is already overloaded.
    dict(id="I-13", title="Industry benchmark report series", krs=["KR4.2"], owner="ines", team="data",
         start="2027-01-11", due="2027-03-31", baseline_due="2027-03-31", status="proposed",
         people=["lena", "kofi"], estimate=40, streams=[]),
    # No key result (initiative_without_kr): groundwork for the unmeasured bet B5.
    dict(id="I-14", title="EU data residency (Frankfurt region)", krs=[], owner="hana", team="platform",
         start="2026-10-12", due="2027-02-26", baseline_due="2027-02-26", status="active",
         people=["hana", "sofia.r", "kenji", "ben"],
         streams=[dict(project="PLAT", epic="Frankfurt region", topics="residency", created_min="2026-10-12",
                       recent=[4, 1, 3, 0, 4, 3], done_by=["hana", "ben", "kenji"],
                       open=[("sofia.r", 5, "todo"), ("kenji", 3, "in_progress"), ("hana", 3, "in_progress"),
                             (None, 8, "todo")],
                       open_created=("2026-10-12", "2026-11-19")),
                  dict(project="PLAT", epic=None, direct=True, topics="residency", created_min="2026-10-19",
                       recent=[0, 0, 1, 0, 1, 1], done_by=["hana"],
                       open=[("ben", 3, "todo")], open_created=("2026-10-19", "2026-11-13"))]),
    # Paused since mid-September.
    dict(id="I-15", title="Legacy billing sunset", krs=["KR1.3"], owner="marco", team="checkout",
         start="2026-07-06", due="2026-12-31", baseline_due="2026-12-31", status="paused",
         people=["marco"],
         streams=[dict(project="CHK", epic="Billing v1 shutdown", topics="billing_legacy", created_min="2026-06-29",
                       hist=(19, 3), hist_end=10, recent=[0, 0, 0, 0, 0, 0], done_by=["marco", "tom"],
                       open=[("marco", 2, "in_progress"), ("marco", 5, "todo")],
                       open_created=("2026-07-20", "2026-09-10"), open_started=("2026-09-07", "2026-09-11"))]),
    # Cancelled in August: a few items done, the rest cancelled.
    dict(id="I-16", title="Partner referral programme", krs=["KR1.1"], owner="ravi", team="growth",
         start="2026-07-06", due="2026-09-30", baseline_due="2026-09-30", status="cancelled",
         people=["ravi"],
         streams=[dict(project="GRW", epic="Partner programme", topics="referral", created_min="2026-06-29",
                       hist=(19, 3), hist_end=16, recent=[0, 0, 0, 0, 0, 0], done_by=["ravi", "liam"],
                       open=[], cancelled=5)]),
    # Dormant: active, started, no item created, started or done since 2026-10-21. The forecast of its
    # past weeks says on track; dormancy makes it at risk (docs/analysis.md#initiatives).
    dict(id="I-17", title="Data warehouse cost clean-up", krs=["KR3.4"], owner="ines", team="data",
         start="2026-09-07", due="2027-03-31", baseline_due="2027-03-31", status="active",
         people=["arjun", "kofi"],
         streams=[dict(project="DATA", epic="Warehouse cost", topics="dwh", created_min="2026-08-31",
                       hist=(10, 3), recent=[5, 3, 0, 0, 0, 0], last_done="2026-10-20", done_by=["kofi", "arjun"],
                       open=[("arjun", 5, "todo"), ("kofi", 3, "in_progress")],
                       open_created=("2026-09-14", "2026-10-16"), open_started=("2026-10-19", "2026-10-20"))]),
    # Not started: starts 2027-01-11, backlog groomed in November.
    dict(id="I-18", title="Usage-based billing", krs=["KR2.1"], owner="mei", team="checkout",
         start="2027-01-11", due="2027-04-30", baseline_due="2027-04-30", status="active",
         people=["mei", "marco"],
         streams=[dict(project="CHK", epic="Usage billing", topics="usage_billing", created_min="2026-11-02",
                       open=[("marco", 5, "todo"), ("mei", 5, "todo"), (None, 30, "todo")],
                       open_created=("2026-11-02", "2026-11-16"))]),
    # On track, nearly done: 6 points left at ~3 a week, 3 weeks to Dec 11 -> P(on time) ~0.8.
    dict(id="I-19", title="In-app plan upgrades", krs=["KR1.2"], owner="fatima", team="mobile",
         start="2026-09-14", due="2026-12-11", baseline_due="2026-12-11", status="active",
         people=["fatima", "ola"],
         streams=[dict(project="MOB", epic="In-app upgrades", topics="upgrades_mob", created_min="2026-09-07",
                       hist=(9, 3), recent=[4, 1, 3, 5, 0, 3], done_by=["fatima", "ola", "carlos"],
                       open=[("fatima", 3, "in_progress"), ("ola", 2, "todo")],
                       open_created=("2026-11-02", "2026-11-17"))]),
    # Owner "j.whitfield" left Acme and is not in people.csv: unowned.
    dict(id="I-20", title="Sales-assisted trial desk", krs=["KR2.4"], owner="j.whitfield", team="sales",
         start="2026-09-28", due="2026-12-31", baseline_due="2026-12-31", status="active",
         people=["david", "greta"],
         streams=[dict(project="REV", epic="Trial desk", topics="trial_desk", created_min="2026-09-21",
                       hist=(7, 2), recent=[2, 4, 4, 2, 1, 1], done_by=["david", "greta"],
                       open=[("david", 2, "in_progress"), ("david", 3, "todo"), ("greta", 3, "todo")],
                       open_created=("2026-10-20", "2026-11-16"))]),
]

# Work that reaches no initiative: loose items (platform and growth people, two unassigned),
# and an epic that no initiative lists (unlinked_epic) with its children.
ORPHANS = [
    ("PLAT", "Upgrade Postgres 14 to 16 on staging", "task", "kenji", 5, "in_progress"),
    ("PLAT", "Rotate TLS certificates before expiry", "task", "ben", 2, "done"),
    ("PLAT", "Investigate flaky CI on main", "bug", "sofia.r", 3, "in_progress"),
    ("PLAT", "Bump Node to 22 LTS", "task", "hana", None, "todo"),
    ("GRW", "Refresh pricing page copy for Black Friday", "task", "liam", 2, "done"),
    ("GRW", "UTM parameters dropped on signup", "bug", "ravi", 3, "in_progress"),
    ("GRW", "Webinar landing page: \"Scaling finance ops\"", "story", "chloe", 3, "todo"),
    ("PLAT", "Clean up unused feature flags", "task", None, 2, "todo"),
    ("GRW", "Customer asked for CSV export of invoices, scope it", "story", None, None, "todo"),
]
UNLINKED_EPIC = dict(project="GRW", epic="Referral widget experiments", topics="referral_widget",
                     children=[("ravi", 3, "done"), ("chloe", 2, "in_progress"), (None, 5, "todo")])

COMMITMENTS = [
    ("C-01", "Self-serve checkout v2 live for the Northwind Logistics renewal", "I-01", "2026-12-01", "maria",
     "Northwind Logistics"),
    ("C-02", "Checkout v2 beta access for Bluefin Health", "I-01", "2026-11-10", "greta", "Bluefin Health"),
    ("C-03", "New help centre live before the customer advisory board", "I-07", "2026-10-30", "david",
     "Customer advisory board"),
    ("C-04", "Dashboards under 300 ms p95 for Globex, as promised in the renewal", "I-09", "2027-01-15",
     "maria", "Globex Corporation"),
    ("C-05", "EU data residency pilot, promised to the board", "I-14", "2027-03-31", "olu", "Board"),
]

TRIGGERS = [
    ("kr_off_track", "Bring a recovery plan (scope, people or date) to the Monday decision review", "nadia"),
    ("commitment_at_risk", "Call the customer this week; agree a new date or a reduced scope before they hear it elsewhere", "maria"),
    ("commitment_broken", "Account owner and product lead meet the customer within 5 working days", "olu"),
    ("dependency_conflict", "Re-sequence or de-scope the dependent initiative at the weekly delivery sync", "priya.n"),
    ("overloaded", "Rebalance assignments or drop one priority at the engineering staff meeting", "dev.k"),
    ("unmeasured_bet", "Bet owner proposes at least one key result before the next board meeting", "olu"),
]

# --------------------------------------------------------------------------------------------
# Generation helpers
# --------------------------------------------------------------------------------------------


def period_end(k):
    return AS_OF - dt.timedelta(days=7 * k)


def weekday_back(d):
    """Move a weekend date back to the Friday before."""
    wd = d.weekday()
    return d - dt.timedelta(days=wd - 4) if wd > 4 else d


def pick_points(rng, remaining):
    choices = [(p, w) for p, w in zip(POINTS, POINT_WEIGHTS) if p <= remaining]
    ps, ws = zip(*choices)
    return rng.choices(ps, ws)[0]


def split_points(rng, total):
    """Break a number of points into story-point sized items, mostly in big chunks."""
    out = []
    while total > 0:
        fits = [p for p in POINTS if p <= total and (p < 13 or rng.random() < 0.3)]
        p = max(fits) if rng.random() < 0.55 else pick_points(rng, total)
        out.append(p)
        total -= p
    return out


def loose_points(rng, total):
    """Items of any size until about `total` points are reached."""
    out = []
    while sum(out) < total - 1:
        out.append(pick_points(rng, 8 if rng.random() < 0.9 else 13))
    return out


class Titles:
    def __init__(self, rng, topics):
        self.rng = rng
        self.topics = TOPICS[topics]
        self.used = set()

    def make(self, kind):
        for _ in range(200):
            t = self.rng.choice(self.topics)
            if kind == "bug":
                title = self.rng.choice(BUG_FORMS).format(t=t)
            elif kind == "task":
                title = self.rng.choice(TASK_FORMS).format(t=t)
            else:
                title = f"{t}: {self.rng.choice(STORY_ASPECTS)}"
            if title not in self.used:
                self.used.add(title)
                return title
        return title


class Item:
    __slots__ = ("key", "project", "title", "type", "status", "initiative", "parent", "assignee", "estimate",
                 "created", "started", "done", "due", "reporter", "priority", "labels", "seq", "updated",
                 "epic_title")

    def __init__(self, **kw):
        for s in self.__slots__:
            setattr(self, s, kw.get(s))


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.items = []
        self.seq = 0

    def add(self, **kw):
        self.seq += 1
        it = Item(seq=self.seq, **kw)
        self.items.append(it)
        return it

    @staticmethod
    def kind(rng):
        return rng.choices(["story", "task", "bug"], [62, 18, 20])[0]

    @staticmethod
    def estimate(rng, p):
        # about 15% of items are not estimated (small ones: big items always get a number)
        return None if p <= 3 and rng.random() < 0.21 else p

    def build(self):
        for ini in INITIATIVES:
            for n, st in enumerate(ini["streams"]):
                # one generator per stream, so that editing one initiative leaves the others as they are
                self.stream(random.Random(f"{SEED}/{ini['id']}/{n}"), ini, st)
        self.orphans()
        self.assign_keys()
        return self.items

    def stream(self, rng, ini, st):
        titles = Titles(rng, st["topics"])
        cmin = D(st["created_min"])
        reporter = ini["owner"] if ini["owner"] in PERSON else st.get("done_by", [None])[0]
        parent = None
        if st.get("epic"):
            status = {"done": "done", "cancelled": "cancelled", "paused": "todo"}.get(ini["status"], "in_progress")
            if D(ini["start"]) > AS_OF:
                status = "todo"
            parent = self.add(project=st["project"], title=st["epic"], type="epic", status=status,
                              assignee=ini["owner"] if ini["owner"] in PERSON else None, created=cmin,
                              reporter=reporter, priority="High", labels=[ini["team"]])
        direct = ini["id"] if st.get("direct") else None
        stream_items = []

        def child(kind, pts, status, created, started=None, done=None, assignee=None, due=None):
            it = self.add(project=st["project"], title=titles.make(kind), type=kind, status=status,
                          initiative=direct, parent=parent, assignee=assignee, estimate=self.estimate(rng, pts),
                          created=created, started=started, done=done, due=due, reporter=reporter,
                          priority=rng.choices(["Medium", "High", "Low", "Highest"], [55, 25, 15, 5])[0],
                          labels=[ini["team"]] + ([rng.choice(["frontend", "backend", "ux", "tech-debt"])]
                                                  if rng.random() < 0.4 else []))
            stream_items.append(it)
            return it

        # done work, period by period
        weeks = {}
        if "hist" in st:
            first_k, mean = st["hist"]
            for k in range(first_k, st.get("hist_end", 6) - 1, -1):
                # the week-to-week spread of a real team around the same mean (a gamma draw with a
                # coefficient of variation of 0.5: some weeks near zero, some double the mean)
                weeks[k] = round(mean * rng.gammavariate(4.0, 0.25))
        for i, pts in enumerate(st.get("recent", [])):
            weeks[5 - i] = pts
        last_done = D(st["last_done"]) if st.get("last_done") else AS_OF
        for k in sorted(weeks, reverse=True):
            end = period_end(k)
            # the six throughput weeks get exactly their points; older weeks roughly
            parts = split_points(rng, weeks[k]) if k <= 5 else loose_points(rng, weeks[k])
            for p in parts:
                done = min(end - dt.timedelta(days=rng.randint(0, 4)), last_done)
                started = max(weekday_back(done - dt.timedelta(days=rng.randint(0, 9))), cmin)
                created = max(weekday_back(started - dt.timedelta(days=rng.randint(0, 21))), cmin)
                due = None
                if rng.random() < 0.15:
                    due = done + dt.timedelta(days=rng.choice([-3, 0, 2, 5, 9]))
                child(self.kind(rng), p, "done", created, started, done, rng.choice(st["done_by"]), due)

        # open work
        c1, c2 = (D(x) for x in st.get("open_created", (st["created_min"], "2026-11-19")))
        s_range = st.get("open_started")
        for who, total, status in st["open"]:
            for p in split_points(rng, total):
                created = weekday_back(c1 + dt.timedelta(days=rng.randint(0, (c2 - c1).days)))
                created = max(created, cmin)
                started = None
                if status in ("in_progress", "blocked"):
                    if s_range:
                        a, b = D(s_range[0]), D(s_range[1])
                        started = a + dt.timedelta(days=rng.randint(0, (b - a).days))
                    else:
                        started = created + dt.timedelta(days=rng.randint(0, max(0, (AS_OF - created).days)))
                    started = max(weekday_back(min(started, AS_OF)), created)
                due = None
                if st.get("open_due") and rng.random() < st.get("open_due_share", 0.4):
                    due = D(rng.choice(st["open_due"]))
                child(self.kind(rng), p, status, created, started, None, who, due)

        # items created after as_of (must be ignored) and items done after as_of (still open then)
        for who, p in st.get("late_created", []):
            child(self.kind(rng), p, "todo", AS_OF + dt.timedelta(days=rng.randint(3, 6)), assignee=who)
        for who, p in st.get("done_after", []):
            s = AS_OF - dt.timedelta(days=rng.randint(2, 6))
            child("story", p, "done", s - dt.timedelta(days=5), s, AS_OF + dt.timedelta(days=4), who)

        # cancelled items: not work, shown on the data-quality page only
        for _ in range(st.get("cancelled", 0)):
            created = cmin + dt.timedelta(days=rng.randint(0, 30))
            child(self.kind(rng), rng.choice([2, 3, 5]), "cancelled", weekday_back(created),
                  assignee=rng.choice(st.get("done_by") or [None]))

        # turn a few small items into sub-tasks of a story of the same stream
        stories = [s for s in stream_items if s.type == "story"]
        small = [s for s in stream_items if s.type == "task" and s.status != "cancelled"
                 and (s.estimate or 0) <= 2]
        rng.shuffle(small)
        for it in small[: st.get("subtasks", 0)]:
            parents = [s for s in stories if s.created < it.created]
            if not parents:
                continue
            it.type = "sub-task"
            it.parent = rng.choice(parents)
            it.initiative = None

    def orphans(self):
        rng = self.rng
        for project, title, kind, who, pts, status in ORPHANS:
            created = weekday_back(D("2026-10-05") + dt.timedelta(days=rng.randint(0, 40)))
            started = done = None
            if status in ("in_progress", "done"):
                started = min(created + dt.timedelta(days=rng.randint(1, 10)), AS_OF - dt.timedelta(days=1))
                started = weekday_back(started)
            if status == "done":
                done = min(started + dt.timedelta(days=rng.randint(1, 6)), AS_OF)
            self.add(project=project, title=title, type=kind, status=status, assignee=who, estimate=pts,
                     created=created, started=started, done=done, reporter="dev.k" if project == "PLAT" else "priya.n",
                     priority="Medium", labels=[])
        ue = UNLINKED_EPIC
        titles = Titles(rng, ue["topics"])
        epic = self.add(project=ue["project"], title=ue["epic"], type="epic", status="in_progress", assignee="ravi",
                        created=D("2026-10-19"), reporter="priya.n", priority="Medium", labels=["growth"])
        for who, pts, status in ue["children"]:
            created = D("2026-10-20") + dt.timedelta(days=rng.randint(0, 10))
            started = created + dt.timedelta(days=2) if status != "todo" else None
            done = started + dt.timedelta(days=6) if status == "done" else None
            self.add(project=ue["project"], title=titles.make("story"), type="story", status=status, parent=epic,
                     assignee=who, estimate=pts, created=created, started=started, done=done,
                     reporter="priya.n", priority="Low", labels=["experiment"])

    def assign_keys(self):
        # Keys grow with creation time inside each project, as in a real tracker.
        base = {"CHK": 412, "MOB": 188, "GRW": 271, "PLAT": 903, "DATA": 64, "REV": 37}
        by_project = {}
        for it in self.items:
            by_project.setdefault(it.project, []).append(it)
        for project, items in by_project.items():
            items.sort(key=lambda i: (i.created, i.seq))
            n = base[project]
            for it in items:
                n += self.rng.choice([1, 1, 1, 2])  # gaps: deleted or moved issues
                it.key = f"{project}-{n}"
        for it in self.items:
            dates = [d for d in (it.created, it.started, it.done) if d]
            assert dates == sorted(dates), (it.title, dates)
            it.updated = max(dates)


def fmt(d):
    return d.isoformat() if d else ""


def epic_keys(items):
    """initiative id -> list of epic keys (in stream order)."""
    out = {}
    by_title = {}
    for it in items:
        if it.type == "epic":
            by_title[(it.project, it.title)] = it.key
    for ini in INITIATIVES:
        keys = []
        for st in ini["streams"]:
            if st.get("epic"):
                keys.append(by_title[(st["project"], st["epic"])])
        out[ini["id"]] = keys
    return out


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_work_native(items, path):
    rows = []
    for it in sorted(items, key=lambda i: (i.project, int(i.key.split("-")[1]))):
        parent = it.parent.key if it.parent else ""
        rows.append([it.key, it.title, it.status, it.initiative or "", parent, it.type, it.assignee or "",
                     "" if it.estimate is None else it.estimate, fmt(it.created), fmt(it.started), fmt(it.done),
                     fmt(it.due)])
    write_csv(path, ["id", "title", "status", "initiative", "parent", "type", "assignee", "estimate", "created",
                     "started", "done", "due"], rows)


def _stamp(rng, d):
    """A working-hours time on date d."""
    return dt.datetime(d.year, d.month, d.day, rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59))


def _stamps(rng, it):
    """Times of day for an item's created/started/done/updated dates, in that order."""
    out, last = {}, None
    for name in ("created", "started", "done"):
        d = getattr(it, name)
        if d is None:
            continue
        t = _stamp(rng, d)
        if last is not None and t <= last:
            t = min(last + dt.timedelta(minutes=rng.randint(5, 90)), dt.datetime.combine(d, dt.time(23, 59)))
        out[name] = last = t
    out["updated"] = min(last + dt.timedelta(minutes=rng.randint(0, 30), seconds=rng.randint(1, 59)),
                         dt.datetime.combine(last.date(), dt.time(23, 59, 59)))
    return out


def _jira_time(t):
    hour = t.hour % 12 or 12
    return f"{t.day:02d}/{t.strftime('%b')}/{t.strftime('%y')} {hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def _sprints(project, it):
    """Two-week sprints from Monday 2026-01-05; the (at most two) sprints an item was planned in."""
    if it.type == "epic" or it.status == "cancelled":
        return []
    origin = dt.date(2026, 1, 5)

    def n(d):
        return (d - origin).days // 14 + 1

    if it.started:
        last = min(it.done or AS_OF, AS_OF)
        ns = sorted({n(it.started), n(max(last, it.started))})
    elif it.created <= AS_OF and it.status == "todo" and it.created > AS_OF - dt.timedelta(days=20):
        ns = [n(AS_OF)]
    else:
        ns = []
    return [f"{project} Sprint {x}" for x in ns[-2:]]


JIRA_STATUS = {"todo": ("To Do", "To Do"), "in_progress": ("In Progress", "In Progress"),
               "blocked": ("Blocked", "In Progress"), "done": ("Done", "Done"), "cancelled": ("Won't Do", "Done")}
JIRA_TYPE = {"epic": "Epic", "story": "Story", "bug": "Bug", "task": "Task", "sub-task": "Sub-task"}


def write_work_jira(items, path):
    """A Jira Cloud 'Export Excel CSV (all fields)' trimmed to the usual columns."""
    rng = random.Random(SEED + 1)
    header = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Status Category", "Priority", "Assignee",
              "Reporter", "Created", "Updated", "Resolved", "Due date", "Labels", "Labels", "Sprint", "Sprint",
              "Custom field (Story Points)", "Custom field (Start date)", "Custom field (Initiative)", "Parent",
              "Parent key", "Parent summary"]
    ids = {}
    for i, it in enumerate(sorted(items, key=lambda x: x.seq)):
        ids[it.key] = 10000 + i * 3 + rng.randint(0, 2)
    rows = []
    # Jira lists the newest issues first
    for it in sorted(items, key=lambda i: (i.created, i.seq), reverse=True):
        status, category = JIRA_STATUS[it.status]
        if it.status == "in_progress" and rng.random() < 0.3:
            status = "In Review"
        if it.status == "todo" and rng.random() < 0.3:
            status = "Backlog"
        st = _stamps(rng, it)
        created = st["created"]
        resolved = ""
        updated = _jira_time(st["updated"])
        if it.done:
            resolved = _jira_time(st["done"])
        elif it.status == "cancelled":
            t = _stamp(rng, it.created + dt.timedelta(days=rng.randint(3, 20)))
            resolved = updated = _jira_time(t)
        labels = (it.labels + ["", ""])[:2]
        sprints = (_sprints(it.project, it) + ["", ""])[:2]
        name = lambda pid: PERSON[pid][1] if pid in PERSON else ""
        parent = it.parent
        rows.append([it.title, it.key, ids[it.key], JIRA_TYPE[it.type], status, category, it.priority or "Medium",
                     name(it.assignee), name(it.reporter), _jira_time(created), updated, resolved,
                     _jira_time(dt.datetime.combine(it.due, dt.time())) if it.due else "",
                     labels[0], labels[1], sprints[0], sprints[1],
                     "" if it.estimate is None or it.type == "epic" else it.estimate,
                     _jira_time(dt.datetime.combine(it.started, dt.time())) if it.started else "",
                     it.initiative or "",
                     ids[parent.key] if parent else "", parent.key if parent else "",
                     parent.title if parent else ""])
    write_csv(path, header, rows)


LINEAR_STATUS = {"todo": "Todo", "in_progress": "In Progress", "blocked": "Blocked", "done": "Done",
                 "cancelled": "Canceled"}
LINEAR_PRIORITY = {"Highest": "Urgent", "High": "High", "Medium": "Medium", "Low": "Low"}


def _linear_time(t):
    return t.strftime("%a %b %d %Y %H:%M:%S") + " GMT+0000 (GMT)"


def write_work_linear(items, path):
    """A Linear workspace CSV export. Linear has no epics: an epic's children carry its title as
    their Project, and the epic row itself is not written."""
    rng = random.Random(SEED + 2)
    header = ["ID", "Title", "Description", "Status", "Estimate", "Priority", "Project", "Creator", "Assignee",
              "Labels", "Cycle Number", "Cycle Name", "Created", "Updated", "Started", "Completed", "Canceled",
              "Archived", "Due Date", "Parent issue"]
    origin = dt.date(2026, 1, 5)
    rows = []

    def project_of(it):
        p = it.parent
        while p is not None and p.type != "epic":
            p = p.parent
        return p.title if p is not None else ""

    email = lambda pid: PERSON[pid][4] if pid in PERSON else ""
    for it in sorted(items, key=lambda i: (i.project, int(i.key.split("-")[1]))):
        if it.type == "epic":
            continue
        status = LINEAR_STATUS[it.status]
        if it.status == "todo" and rng.random() < 0.4:
            status = "Backlog"
        if it.status == "in_progress" and rng.random() < 0.25:
            status = "In Review"
        st = _stamps(rng, it)
        created, updated = st["created"], st["updated"]
        cyc = ""
        if it.started:
            cyc = (min(it.done or AS_OF, AS_OF) - origin).days // 14 + 1
        canceled = ""
        if it.status == "cancelled":
            updated = _stamp(rng, it.created + dt.timedelta(days=rng.randint(3, 20)))
            canceled = _linear_time(updated)
        parent = it.parent.key if it.parent is not None and it.parent.type != "epic" else ""
        nice = {"frontend": "Frontend", "backend": "Backend", "ux": "UX", "tech-debt": "Tech debt"}
        labels = ", ".join(nice.get(l, l.capitalize()) for l in it.labels if l != "mobile")
        kind = {"bug": "Bug", "task": "Chore"}.get(it.type)
        if kind:
            labels = ", ".join(x for x in [kind, labels] if x)
        rows.append([it.key, it.title, "", status, "" if it.estimate is None else it.estimate,
                     LINEAR_PRIORITY.get(it.priority, "No priority"), project_of(it),
                     email(it.reporter), email(it.assignee), labels, cyc, f"Cycle {cyc}" if cyc else "",
                     _linear_time(created), _linear_time(updated),
                     _linear_time(st["started"]) if it.started else "",
                     _linear_time(st["done"]) if it.done else "", canceled, "",
                     _linear_time(dt.datetime.combine(it.due, dt.time())) if it.due else "", parent])
    write_csv(path, header, rows)


def write_people(path):
    write_csv(path, ["id", "name", "team", "capacity", "email"], [list(p) for p in PEOPLE])


def write_initiatives(path, epics):
    rows = []
    for ini in INITIATIVES:
        rows.append([ini["id"], ini["title"], ";".join(ini["krs"]), ini["owner"] or "", ini["team"], ini["start"],
                     ini["due"], ini["baseline_due"], ini["status"], ";".join(ini.get("depends_on", [])),
                     ";".join(epics[ini["id"]]), ini.get("estimate", ""), ";".join(ini["people"])])
    write_csv(path, ["id", "title", "krs", "owner", "team", "start", "due", "baseline_due", "status", "depends_on",
                     "epics", "estimate", "people"], rows)


def write_checkins(path):
    rows = []
    for kr in KRS:
        for d, v, c, note in kr["checkins"]:
            rows.append([kr["id"], d.isoformat(), v, c, note])
    rows.sort(key=lambda r: (r[1], r[0]))
    write_csv(path, ["kr", "date", "value", "confidence", "note"], rows)


def write_commitments(path):
    write_csv(path, ["id", "title", "initiative", "date", "made_by", "audience"], [list(c) for c in COMMITMENTS])


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_strategy(path):
    out = ["# Acme strategy, 2026-2028. Owned by the leadership team; edited by hand.",
           "# Bets say why we invest; key results say how we will know it worked.", ""]
    for bet in BETS:
        out += ["[[bet]]", f"id = {toml_str(bet['id'])}", f"title = {toml_str(bet['title'])}",
                f"owner = {toml_str(bet['owner'])}",
                f"horizon = {{ start = \"{bet['horizon'][0]}\", end = \"{bet['horizon'][1]}\" }}",
                'description = """' + bet["description"].rstrip("\n") + '"""', ""]
        for kr in [k for k in KRS if k["bet"] == bet["id"]]:
            if kr.get("description"):
                out.append(f"# {kr['description']}")  # key results have no description field: a comment
            out += ["[[kr]]", f"id = {toml_str(kr['id'])}", f"bet = {toml_str(kr['bet'])}",
                    f"title = {toml_str(kr['title'])}"]
            if kr.get("kind") == "maintain":
                out += ['kind = "maintain"', f"unit = {toml_str(kr['unit'])}", f"threshold = {kr['threshold']}",
                        f"direction = {toml_str(kr['direction'])}"]
            else:
                out += [f"unit = {toml_str(kr['unit'])}", f"baseline = {kr['baseline']}",
                        f"target = {kr['target']}"]
            out += [f"start = \"{kr['start']}\"", f"end = \"{kr['end']}\""]
            if kr.get("owner"):
                out.append(f"owner = {toml_str(kr['owner'])}")
            if kr.get("pace"):
                out.append(f"pace = {kr['pace']}")
            if kr.get("weight"):
                out.append(f"weight = {kr['weight']}")
            out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def write_config(path, trackers):
    if trackers:
        work = ('work = [\n'
                '  { path = "data/jira-export.csv", preset = "jira", columns = { initiative = "Custom field (Initiative)" } },\n'
                '  { path = "data/linear-export.csv", preset = "linear" },\n'
                ']')
    else:
        work = 'work = [{ path = "data/work.csv", preset = "native" }]'
    status_map = ('status_map = { "Blocked" = "blocked" }   # Linear has no Blocked state of its own; the mobile team added one\n'
                  if trackers else "")
    text = f'''# Throughline project settings for Acme (sample data, generated by sample-data/generate_acme.py).
title = "Acme strategy"
as_of = "2026-11-20"
cycle = {{ name = "2026-Q4", start = "2026-10-01", end = "2026-12-31" }}
work_url = "https://jira.acme.example/browse/{{id}}"

[sources]
strategy = "strategy.toml"
checkins = "data/checkins.csv"
initiatives = "data/initiatives.csv"
{work}
people = "data/people.csv"
commitments = "data/commitments.csv"

[work]
estimate_unit = "points"
missing_estimate = "median"
throughput_weeks = 6
{status_map}
[thresholds]
at_risk_gap = 0.10
off_track_gap = 0.25
on_time_probability = 0.70
late_probability = 0.30
stale_after_days = 14
dormant_after_days = 21
overload = 1.0
wip_limit = 3
'''
    for signal, action, owner in TRIGGERS:
        text += f'\n[[trigger]]\nsignal = "{signal}"\naction = {toml_str(action)}\nowner = "{owner}"\n'
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


NOTES = {
    "index.md": """# Acme strategy, week of 20 November 2026

This site is rebuilt every Friday from Jira, the check-in sheet and `strategy.toml`.
Start with **decisions needed** below, then follow any red bet down to the work that moves it.

- Owners update their key result check-ins by Thursday noon.
- Questions about a number: ask in `#strategy-ops`, or read the *methodology* page.
""",
    "board.md": """## Summary for the board

**Self-serve (B1) is off track.** Checkout v2 kept growing in October and November while the
team's throughput stayed at about ten points a week on average; the forecast now lands in February
against a December 15 due date, and the December 1 commitment to Northwind Logistics cannot be
kept as promised. We ask the board to accept either a reduced launch scope or a January date.

**Mid-market (B2) is at risk, but revenue is ahead.** ARR is at $5.62M against a $6M target, but
that is sales execution: the CPQ and playbook work behind it is less than a fifth done. NPS has not been
checked in since October.

**Platform (B3) is on track.** Latency is at 262 ms (target 250 ms); the tenancy migration is
finished. Failover work has stalled: nothing has shipped since early October.

**EMEA (B5) has no key results yet.** The Frankfurt region work is running without a measure of
success; we will bring key results to the January meeting.
""",
    "B1": """The self-serve bet carries the most risk this quarter. Its three key results all wait, in
one way or another, on **checkout v2**; the launch campaign (I-02) cannot start until it ships.

> Decision on 2026-11-23: cut the mobile checkout scope or move the launch? — Priya
""",
    "KR1.1": """The Q3 milestone (20% of the way) was met by a whisker. The plan assumed checkout v2 would
be live from December 1 and carry the rest; every week it slips moves about 0.4 points of share
into 2027.
""",
    "I-01": """### Why the date moved
- **2026-10-06** Payments asked for SEPA direct debit and annual billing in v2 (+21 points).
- **2026-10-27** Due date moved from Nov 30 to Dec 15 (re-plan approved by Priya).
- **2026-11-09** Mobile checkout added to the launch scope after the Bluefin beta feedback.

The team has averaged about ten points a week throughout (2 in its slowest week, 17 in its
best); the scope, not the pace, is the problem.
""",
    "KR2.3": """The help centre revamp shipped in October and did what it promised (support replies are
faster), yet NPS barely moved: detractors now complain about setup time, which is KR2.4's
territory. The Q4 survey closes on December 5; expect the next check-in then.
""",
}


def slug(entity_id):
    """notes/<slug>.md: the id lower-cased, every run of other characters replaced by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", entity_id.lower())


def write_notes(dirpath):
    os.makedirs(dirpath, exist_ok=True)
    for name, text in NOTES.items():
        file = name if name.endswith(".md") else slug(name) + ".md"
        with open(os.path.join(dirpath, file), "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trackers", action="store_true",
                    help="write work as a Jira export (most teams) and a Linear export (mobile team)")
    ap.add_argument("--out", default=OUT, help="output folder (default: sample-data/acme)")
    args = ap.parse_args()

    items = Generator(SEED).build()
    epics = epic_keys(items)

    out = args.out
    # replace what this script writes; leave anything else (templates/, public/) alone
    for sub in ("data", "notes"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    for name in ("throughline.toml", "strategy.toml"):
        if os.path.exists(os.path.join(out, name)):
            os.remove(os.path.join(out, name))
    os.makedirs(os.path.join(out, "data"))

    if args.trackers:
        linear_projects = {"MOB"}
        jira_items = [i for i in items if i.project not in linear_projects]
        linear_items = [i for i in items if i.project in linear_projects]
        write_work_jira(jira_items, os.path.join(out, "data", "jira-export.csv"))
        write_work_linear(linear_items, os.path.join(out, "data", "linear-export.csv"))
        # Linear groups by project, so initiatives list the project name instead of the epic key.
        by_key = {i.key: i for i in items}
        epics = {ini: [by_key[k].title if by_key[k].project in linear_projects else k for k in keys]
                 for ini, keys in epics.items()}
    else:
        write_work_native(items, os.path.join(out, "data", "work.csv"))

    write_config(os.path.join(out, "throughline.toml"), args.trackers)
    write_strategy(os.path.join(out, "strategy.toml"))
    write_checkins(os.path.join(out, "data", "checkins.csv"))
    write_initiatives(os.path.join(out, "data", "initiatives.csv"), epics)
    write_people(os.path.join(out, "data", "people.csv"))
    write_commitments(os.path.join(out, "data", "commitments.csv"))
    write_notes(os.path.join(out, "notes"))

    counts = {}
    for it in items:
        if it.type != "epic":
            counts[it.status] = counts.get(it.status, 0) + 1
    print(f"wrote {out}: {len(BETS)} bets, {len(KRS)} key results, "
          f"{sum(len(k['checkins']) for k in KRS)} check-ins, {len(INITIATIVES)} initiatives, "
          f"{len(items)} work rows ({sum(1 for i in items if i.type == 'epic')} epics; "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + f"), {len(PEOPLE)} people")


if __name__ == "__main__":
    main()
