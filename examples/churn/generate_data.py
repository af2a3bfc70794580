#!/usr/bin/env python3
"""Seeded generator of examples/churn/data/churn.csv (python3 standard library only).

Re-running it reproduces the checked-in file byte for byte:
    python3 examples/churn/generate_data.py
"""
import csv
import math
import os
import random

SEED = 20261123
ROWS = 4000
rng = random.Random(SEED)
PLANS = ["basic", "plus", "pro"]
REGIONS = ["north", "south", "east", "west"]
CONTRACTS = ["monthly", "annual"]


def row(i):
    plan = rng.choices(PLANS, weights=[0.5, 0.3, 0.2])[0]
    region = rng.choice(REGIONS)
    contract = rng.choices(CONTRACTS, weights=[0.65, 0.35])[0]
    tenure = round(min(600.0, rng.expovariate(1 / 24.0)), 1)
    base = {"basic": 20.0, "plus": 45.0, "pro": 80.0}[plan]
    charges = round(max(5.0, rng.gauss(base, 8.0)), 2)
    calls = min(20, int(rng.expovariate(1 / 1.5)))
    gender = rng.choice(["female", "male"])
    # Churn rises with support calls and monthly contracts, falls with tenure; the
    # interaction of calls and plan makes a non-linear model worth more than a linear one.
    z = (-1.2 + 0.45 * calls - 0.05 * tenure + (1.1 if contract == "monthly" else -0.6)
         + 0.015 * (charges - base) + (0.35 * calls if plan == "basic" else 0.0)
         - (0.8 if region == "west" and plan == "pro" else 0.0))
    churned = rng.random() < 1 / (1 + math.exp(-z))
    # Missing values: a few tenures and plans were never recorded.
    tenure_cell = "" if rng.random() < 0.04 else f"{tenure}"
    plan_cell = "NA" if rng.random() < 0.02 else plan
    return [f"C{i:05d}", tenure_cell, f"{charges}", plan_cell, region, contract, calls, gender,
            "true" if churned else "false"]


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "churn.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["customer_id", "tenure_months", "monthly_charges", "plan", "region", "contract",
                    "support_calls", "gender", "churned"])
        for i in range(ROWS):
            w.writerow(row(i))


if __name__ == "__main__":
    main()
