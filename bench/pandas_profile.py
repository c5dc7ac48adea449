#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The segprof profile computed with pandas, for bench/run.sh's side-by-side rows.

    pandas_profile.py split CUSTOMERS.ndjson LABELS.csv
    pandas_profile.py table TABLE.csv        (product_types joined by ';', a cluster column)

Prints what `segprof -f csv` prints: cluster_id, n_customers, avg_spend,
median_spend, avg_frequency, top_categories (TF-IDF over per-cluster
documents, segprof(1) COMPUTATION), share_of_revenue_pct, insight.  Figures
go through doubles and are rounded with Python's round-half-even at the end,
as a pandas user would write it; bench/run.sh compares them with segprof's
exact figures to within one unit of the last digit.  Ties in TF-IDF keep the
order of first appearance, as segprof does.
"""
import math
import sys

import pandas as pd


def load(argv):
    if len(argv) == 3 and argv[0] == "split":
        customers = pd.read_json(argv[1], lines=True, dtype={"id": str})
        labels = pd.read_csv(argv[2], dtype={"customer_id": str})
        df = customers.merge(labels, left_on="id", right_on="customer_id", how="inner")
        df = df.rename(columns={"cluster_id": "cluster"})
        types = df["product_types"]
    elif len(argv) == 2 and argv[0] == "table":
        df = pd.read_csv(argv[1], dtype={"id": str, "product_types": str},
                         keep_default_na=False)
        types = df["product_types"].str.split(";").map(lambda l: [t for t in l if t])
    else:
        sys.exit(__doc__)
    return df[["cluster", "frequency", "amount_spent"]].assign(product_types=types.values)


def top_categories(df, top=5):
    """TF-IDF: tf = customers of the cluster naming the slug, idf smooth."""
    slugs = df[["cluster", "product_types"]].explode("product_types").dropna()
    slugs = slugs.reset_index(drop=True)
    slugs["first"] = slugs.index  # order of first appearance within the cluster
    per = slugs.groupby(["cluster", "product_types"], sort=False).agg(
        tf=("first", "size"), first=("first", "min")).reset_index()
    k = df["cluster"].nunique()
    df_t = per.groupby("product_types")["cluster"].transform("size")
    per["score"] = per["tf"] * ((1 + k) / (1 + df_t)).map(math.log).add(1)
    per = per.sort_values(["cluster", "score", "first"], ascending=[True, False, True])
    return per.groupby("cluster").head(top).groupby("cluster")["product_types"].agg(", ".join)


def main():
    df = load(sys.argv[1:])
    g = df.groupby("cluster")
    out = pd.DataFrame({
        "n_customers": g.size(),
        "avg_spend": g["amount_spent"].mean(),
        "median_spend": g["amount_spent"].median(),
        "avg_frequency": g["frequency"].mean(),
    })
    out["top_categories"] = top_categories(df).reindex(out.index).fillna("")
    revenue = g["amount_spent"].sum()
    total = revenue.sum()
    out["share_of_revenue_pct"] = 100 * revenue / total if total else 0.0
    pop_mean = round(total / len(df), 2)
    for col in ["avg_spend", "median_spend", "avg_frequency", "share_of_revenue_pct"]:
        out[col] = out[col].round(2)
    focus = (out["avg_spend"] > pop_mean) & (out["share_of_revenue_pct"] >= 30)
    out["insight"] = focus.map({True: "Focus on retention & upsell",
                                False: "Growth-potential segment"})
    out.index.name = "cluster_id"
    out.to_csv(sys.stdout, float_format="%.2f")


if __name__ == "__main__":
    main()
