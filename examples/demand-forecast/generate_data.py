#!/usr/bin/env python3
"""Seeded generator of examples/demand-forecast/data/demand.csv (python3 standard library only).

The monthly demand case of seed 004: P products, one row per product and month, lag features
known at order time (three-month lead), and the demand to predict.
    python3 examples/demand-forecast/generate_data.py
"""
import csv
import math
import os
import random

SEED = 4004
PRODUCTS = 60
MONTHS = 48
rng = random.Random(SEED)
CATEGORIES = ["grocery", "household", "electronics", "garden"]


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "demand.csv")
    rows = []
    for p in range(PRODUCTS):
        category = CATEGORIES[p % len(CATEGORIES)]
        level = rng.uniform(50, 400)
        trend = rng.uniform(-0.5, 2.0)
        season_amp = {"grocery": 0.05, "household": 0.1, "electronics": 0.3, "garden": 0.6}[category]
        price = round(rng.uniform(2, 300), 2)
        history = []
        for m in range(MONTHS):
            year, month = 2022 + m // 12, m % 12 + 1
            promo = rng.random() < 0.15
            season = 1 + season_amp * math.sin(2 * math.pi * (month - 3) / 12)
            demand = max(0.0, (level + trend * m) * season * (1.35 if promo else 1.0) * rng.gauss(1, 0.08))
            history.append(demand)
            if m < 15:
                continue  # lag_12 of the three-month-ahead horizon needs 15 months of history
            lag3 = history[m - 3]
            lag4 = history[m - 4]
            lag5 = history[m - 5]
            lag15 = history[m - 15]
            ma3 = (lag3 + lag4 + lag5) / 3
            rows.append([f"P{p:03d}", f"{year}-{month:02d}-01T00:00:00Z", category, month, f"{price}",
                         "true" if promo else "false", f"{lag3:.2f}", f"{lag15:.2f}", f"{ma3:.2f}", f"{demand:.2f}"])
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["product_id", "month", "category", "month_of_year", "price", "promo",
                    "demand_lag_3", "demand_lag_15", "demand_ma_3", "demand"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
