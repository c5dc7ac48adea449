#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent reference implementation of segprof's computation (segprof(1) COMPUTATION).

Standard library only (Python 3.11). It is deliberately simple and slow: exact
Decimal/Fraction arithmetic everywhere except the TF-IDF idf, which is float64 by
definition (ln((1+K)/(1+df)) + 1, as scikit-learn computes it).

    segprof_ref.py [--top N] [--lang en|es|pt] [--unlabeled skip|error]
                   [--rank tfidf|lift] [--min-support N] [--scores] [--index]
                   [--mean FIELD[,FIELD]] [--missing error|skip]
                   [--format json|ndjson|csv|tsv] [--compact] [--via-double] [FILE]
    segprof_ref.py [options] --customers FILE --labels FILE

Input errors exit 65 (usage errors 64, unopenable files 66) with a message on
stderr; the messages are NOT meant to match segprof's.

--rank lift ranks by lift, (tf/n) / (T/N), compared as exact fractions; --scores
adds each top category's score (lift, or the float64 TF-IDF score, rounded to 2
decimals from its exact value); --index adds idx_avg_spend, idx_avg_frequency and
idx_FIELD for every --mean FIELD: 100 * cluster mean / population mean, exact, with
the population the profiled customers (after --unlabeled skip), and for FIELD those of
them that have it.  segprof(1) "Lift" and "Index against the population".

--via-double takes every amount as the shortest decimal that reads back as the same
IEEE double (segprof(1) "Limits"); by default the decimal as written is used. The
two agree for every amount with at most 15 significant digits.
"""
import argparse
import csv
import decimal
import io
import json
import math
import re
import sys
from decimal import Decimal
from fractions import Fraction

EX_USAGE, EX_DATAERR, EX_NOINPUT = 64, 65, 66
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1

INSIGHTS = {
    "en": ("Focus on retention & upsell", "Growth-potential segment"),
    "es": ("Enfoque en retención y upselling", "Segmento con potencial de crecimiento"),
    "pt": ("Foco em retenção e upsell", "Segmento com potencial de crescimento"),
}
FIELDS = ("cluster_id", "n_customers", "avg_spend", "median_spend", "avg_frequency",
          "top_categories", "share_of_revenue_pct", "insight")

decimal.getcontext().prec = 200  # only used for exact conversions; arithmetic is Fraction


class DataError(Exception):
    pass


def die(msg, code):
    sys.stderr.write("segprof_ref: %s\n" % msg)
    sys.exit(code)


# --------------------------------------------------------------------------- JSON reading

class Obj(dict):
    """A JSON object that remembers whether it had duplicate keys (and which)."""
    dups = ()


def _pairs(pairs):
    o = Obj()
    dups = []
    for k, v in pairs:
        if k in o:
            dups.append(k)
        o[k] = v
    if dups:
        o.dups = tuple(dups)
    return o


def _bad_constant(name):
    raise DataError("invalid JSON: %s is not a JSON number" % name)


def _check_strings(v):
    """Reject lone surrogates (e.g. "\\ud800"): they are not Unicode text."""
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise DataError("invalid JSON: string with a lone surrogate escape")
    elif isinstance(v, list):
        for x in v:
            _check_strings(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_strings(k)
            _check_strings(x)


def loads(text):
    try:
        v = json.loads(text, parse_float=Decimal, parse_int=int,
                       parse_constant=_bad_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise DataError("invalid JSON: %s" % e)
    except RecursionError:
        raise DataError("invalid JSON: nested too deeply")
    if _SURROGATE_ESCAPE.search(text):   # only escapes can make lone surrogates
        _check_strings(v)
    return v


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_text(path):
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        die("%s: cannot open: %s" % (path, e.strerror), EX_NOINPUT)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataError("%s: invalid UTF-8: %s" % (path, e))


# --------------------------------------------------------------------------- validation

def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


def integral(v):
    """An integral Decimal (1.0, 1e3: segprof(1) COMPUTATION, Numbers) -> int, else v."""
    if isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value():
        return int(v)
    return v


def integral_text(s):
    """A CSV id or cluster field written as an integral JSON number -> int, else None."""
    if not JSON_NUMBER.match(s):
        return None
    d = Decimal(s)
    if d != d.to_integral_value():
        return None
    return int(d)


def customer_id(v, where):
    v = integral(v)
    if is_int(v):
        if not INT64_MIN <= v <= INT64_MAX:
            raise DataError("%s/id: integer out of 64-bit range" % where)
        return str(v)
    if isinstance(v, str):
        if v == "":
            raise DataError("%s/id: empty id" % where)
        return v
    raise DataError("%s/id: expected a string or an integer" % where)


def cluster_id(v, where):
    v = integral(v)
    if is_int(v):
        if not INT64_MIN <= v <= INT64_MAX:
            raise DataError("%s: integer cluster id out of 64-bit range" % where)
        return v
    if isinstance(v, str):
        if v == "":
            raise DataError("%s: empty cluster id" % where)
        return v
    raise DataError("%s: cluster id must be an integer or a non-empty string" % where)


def as_decimal(v):
    """JSON number -> Decimal (None if not a number)."""
    if is_int(v):
        return Decimal(v)
    if isinstance(v, Decimal):
        return v
    return None


class Customer:
    __slots__ = ("id", "freq", "amount", "dec", "slugs", "extra")


def parse_extras(c, o, where, fields, skip_missing):
    """c.extra[FIELD] := the exact value (Fraction) or None when missing (skip)."""
    c.extra = {}
    for f in fields:
        v = as_decimal(o.get(f)) if f in o else None
        if v is not None and not v.is_finite():
            v = None
        if v is None and not skip_missing:
            raise DataError("%s/%s: expected a number" % (where, f))
        c.extra[f] = None if v is None else Fraction(v)


def parse_customer(o, where, via_double):
    if not isinstance(o, dict):
        raise DataError("%s: expected an object" % where)
    for k in ("id", "frequency", "amount_spent", "product_types"):
        if k not in o:
            raise DataError("%s: missing key %r" % (where, k))
        if k in o.dups:
            raise DataError("%s: duplicate key %r" % (where, k))
    c = Customer()
    c.id = customer_id(o["id"], where)

    f = as_decimal(o["frequency"])
    if f is None:
        raise DataError("%s/frequency: expected a number" % where)
    if not f.is_finite() or f != f.to_integral_value():
        raise DataError("%s/frequency: not an integer" % where)
    f = int(f)
    if f < 0 or f > INT64_MAX:
        raise DataError("%s/frequency: out of range" % where)
    c.freq = f

    a = as_decimal(o["amount_spent"])
    if a is None:
        raise DataError("%s/amount_spent: expected a number" % where)
    d = float(a)
    if math.isinf(d) or not a.is_finite():
        raise DataError("%s/amount_spent: not finite as a double" % where)
    if a < 0:
        raise DataError("%s/amount_spent: negative" % where)
    if via_double:
        a = Decimal(repr(d))
    if a == 0:
        a = Decimal(0)              # -0 is 0
    c.dec = a                       # for sorting (exact comparison, fast)
    c.amount = Fraction(a)          # exact: Decimal -> Fraction is lossless

    p = o["product_types"]
    if not isinstance(p, list):
        raise DataError("%s/product_types: expected an array" % where)
    slugs = []
    seen = set()
    for i, s in enumerate(p):
        if not isinstance(s, str):
            raise DataError("%s/product_types/%d: expected a string" % (where, i))
        if s == "":
            raise DataError("%s/product_types/%d: empty slug" % (where, i))
        if s not in seen:
            seen.add(s)
            slugs.append(s)
    c.slugs = slugs
    return c


def parse_labels_obj(o, where):
    if not isinstance(o, dict):
        raise DataError("%s: labels must be an object" % where)
    if o.dups:
        raise DataError("%s: duplicate label for customer %r" % (where, o.dups[0]))
    return {k: cluster_id(v, "%s/%s" % (where, k)) for k, v in o.items()}


# --------------------------------------------------------------------------- split inputs

def read_customers_file(path, fmt):
    """-> list of customer JSON objects, in file order."""
    text = read_text(path)
    stripped = text.lstrip(" \t\r\n")
    if fmt == "auto":
        if not stripped:
            raise DataError("%s: empty customers file" % path)
        if stripped[0] == "[":
            fmt = "json"
        elif stripped[0] == "{":
            # a request document or a single-line NDJSON file parse as one value;
            # several NDJSON lines do not
            try:
                v = loads(text)
            except DataError:
                v = None
            if isinstance(v, dict) and "customers" in v:
                fmt = "json"
            else:
                fmt = "ndjson"
        else:
            raise DataError("%s: customers file is neither JSON nor NDJSON" % path)
    if fmt == "json":
        v = loads(text)
        if isinstance(v, dict):
            if "customers" in v.dups:
                raise DataError("%s: duplicate key 'customers'" % path)
            v = v.get("customers")
        if not isinstance(v, list):
            raise DataError("%s: expected an array of customers" % path)
        return v
    out = []
    for ln, line in enumerate(text.split("\n"), 1):
        if line.strip(" \t\r") == "":
            continue
        try:
            o = loads(line)
        except DataError as e:
            raise DataError("%s:%d: %s" % (path, ln, e))
        if not isinstance(o, dict):
            raise DataError("%s:%d: expected a customer object" % (path, ln))
        out.append(o)
    return out


def label_cluster_from_text(s, where):
    body = s[1:] if s.startswith("-") else s
    v = integral_text(s)
    if (body != "" and body.isascii() and body.isdigit()) or v is not None:
        v = int(s) if v is None else v
        if not INT64_MIN <= v <= INT64_MAX:
            raise DataError("%s: integer cluster id out of 64-bit range" % where)
        return v
    if s == "":
        raise DataError("%s: empty cluster id" % where)
    return s


def read_labels_file(path, fmt):
    text = read_text(path)
    stripped = text.lstrip(" \t\r\n")
    if fmt == "auto":
        if stripped[:1] in ("{", "["):
            fmt = "json"
        else:
            first = stripped.split("\n", 1)[0]
            fmt = "tsv" if "\t" in first else "csv"
    if fmt == "json":
        return parse_labels_obj(loads(text), path)
    rows = []
    if fmt == "csv":
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as e:
            raise DataError("%s: invalid CSV: %s" % (path, e))
    else:
        for line in text.split("\n"):
            if line.endswith("\r"):
                line = line[:-1]
            fields = line.split("\t") if line != "" else []
            rows.append([tsv_unescape(x) for x in fields])
    labels = {}
    first = True
    for ln, row in enumerate(rows, 1):
        if not row or row == [""]:
            continue
        if first:
            first = False
            if [x.strip() for x in row] == ["customer_id", "cluster_id"]:
                continue
        if len(row) != 2:
            raise DataError("%s:%d: expected 2 fields, got %d" % (path, ln, len(row)))
        cust, clus = row
        v = integral_text(cust)
        if v is not None and INT64_MIN <= v <= INT64_MAX and not (
                v == 0 and "e" in cust.lower()):
            cust = str(v)           # 12346.0 is the customer 12346
        if cust == "":
            raise DataError("%s:%d: empty customer id" % (path, ln))
        if cust in labels:
            raise DataError("%s:%d: duplicate label for customer %r" % (path, ln, cust))
        labels[cust] = label_cluster_from_text(clus, "%s:%d" % (path, ln))
    return labels


def tsv_unescape(s):
    if "\\" not in s:
        return s
    out, i = [], 0
    m = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] in m:
            out.append(m[s[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# --------------------------------------------------------------------------- computation

def round2(x):
    """Fraction -> Decimal with 2 decimals, rounded half away from zero (exact)."""
    neg = x < 0
    x = -x if neg else x
    q = (2 * x.numerator * 100 + x.denominator) // (2 * x.denominator)
    d = Decimal(q).scaleb(-2)
    return -d if neg and q else d


def median(vals):
    """vals: Decimals (compared exactly) -> Fraction."""
    s = sorted(vals)
    n = len(s)
    if n % 2:
        return Fraction(s[n // 2])
    return (Fraction(s[n // 2 - 1]) + Fraction(s[n // 2])) / 2


def cluster_sort_key(cid):
    if isinstance(cid, int):
        return (0, cid, b"")
    return (1, 0, cid.encode("utf-8"))


def round2_or_none(x):
    return None if x is None else round2(x)


def float_exact(x):
    """A float64 as the exact Fraction of its binary value."""
    return Fraction(x)


def index(part, n_part, whole, n_whole):
    """100 * (part/n_part) / (whole/n_whole), or None when whole is 0."""
    if whole == 0:
        return None
    return round2(100 * (part / n_part) / (whole / n_whole))


def compute(customers, labels, top, lang, unlabeled, rank="tfidf", min_support=10,
            scores=False, want_index=False, means=(), skip_missing=False):
    """customers: list of Customer; labels: dict str -> cluster id. -> list of profiles."""
    seen = {}
    for i, c in enumerate(customers):
        if c.id in seen:
            raise DataError("/customers/%d/id: duplicate customer id %r (first at /customers/%d)"
                            % (i, c.id, seen[c.id]))
        seen[c.id] = i
    clusters = {}   # cluster id (typed) -> list of customers, input order
    skipped = 0
    for i, c in enumerate(customers):
        if c.id not in labels:
            if unlabeled == "skip":
                skipped += 1
                continue
            raise DataError("/customers/%d: customer %r has no label" % (i, c.id))
        clusters.setdefault(labels[c.id], []).append(c)
    orphans = sum(1 for k in labels if k not in seen)

    K = len(clusters)
    n_all = sum(len(m) for m in clusters.values())
    total = sum((c.amount for m in clusters.values() for c in m), Fraction(0))
    pop_mean = round2(total / n_all) if n_all else None

    # document frequency of each slug over clusters; customers having it (T)
    df, T = {}, {}
    for m in clusters.values():
        present = set()
        for c in m:
            present.update(c.slugs)
            for s in c.slugs:
                T[s] = T.get(s, 0) + 1
        for s in present:
            df[s] = df.get(s, 0) + 1
    freq_all = sum(c.freq for m in clusters.values() for c in m)
    pop_extra = {}
    for f in means:
        vals = [c.extra[f] for m in clusters.values() for c in m if c.extra[f] is not None]
        pop_extra[f] = (sum(vals, Fraction(0)), len(vals))

    focus, growth = INSIGHTS[lang]
    out = []
    for cid in sorted(clusters, key=cluster_sort_key):
        m = clusters[cid]
        n = len(m)
        spend = sum((c.amount for c in m), Fraction(0))
        avg_spend = round2(spend / n)
        med = round2(median([c.dec for c in m]))
        avg_freq = round2(Fraction(sum(c.freq for c in m), n))
        share = round2(100 * spend / total) if total != 0 else Decimal("0.00")

        tf, first = {}, {}
        for c in m:
            for s in c.slugs:      # already de-duplicated per customer
                if s not in tf:
                    tf[s] = 0
                    first[s] = len(first)
                tf[s] += 1
        if rank == "lift":
            score = {s: Fraction(tf[s] * n_all, n * T[s]) for s in tf if tf[s] >= min_support}
        else:
            score = {s: float_exact(tf[s] * (math.log((1 + K) / (1 + df[s])) + 1)) for s in tf}
        ranked = sorted(score, key=lambda s: (-score[s], first[s]))[:top]
        topcats = ", ".join(ranked)

        insight = focus if (avg_spend > pop_mean and share >= 30) else growth
        p = {
            "cluster_id": cid,
            "n_customers": n,
            "avg_spend": avg_spend,
            "median_spend": med,
            "avg_frequency": avg_freq,
            "top_categories": topcats,
        }
        if scores:
            p["top_scores"] = [(s, round2(score[s])) for s in ranked]
        p["share_of_revenue_pct"] = share
        p["insight"] = insight
        for f in means:
            vals = [c.extra[f] for c in m if c.extra[f] is not None]
            if skip_missing:
                p["n_" + f] = len(vals)
            p["mean_" + f] = round2(sum(vals, Fraction(0)) / len(vals)) if vals else None
        if want_index:
            p["idx_avg_spend"] = index(spend, n, total, n_all)
            p["idx_avg_frequency"] = index(Fraction(sum(c.freq for c in m)), n,
                                           Fraction(freq_all), n_all)
            for f in means:
                vals = [c.extra[f] for c in m if c.extra[f] is not None]
                whole, n_whole = pop_extra[f]
                p["idx_" + f] = (index(sum(vals, Fraction(0)), len(vals), whole, n_whole)
                                 if vals else None)
        out.append(p)
    return out, skipped, orphans


# --------------------------------------------------------------------------- output

def fmt_real(d):
    """Decimal with <= 2 decimals -> shortest text with at least one decimal."""
    s = format(d, "f")
    if "." not in s:
        return s + ".0"
    s = s.rstrip("0")
    return s + "0" if s.endswith(".") else s


def text_value(v):
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return fmt_real(v)
    if isinstance(v, list):     # top_scores: the scores, as top_categories lists the slugs
        return ", ".join(fmt_real(score) for _, score in v)
    return str(v)


def json_value(v, indent=None):
    if v is None:
        return "null"
    if isinstance(v, Decimal):
        return fmt_real(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):     # top_scores, laid out as json.dumps(indent=4) would
        items = ['{"slug":%s,"score":%s}' % (json_value(s), fmt_real(d)) for s, d in v]
        if indent is None or not v:
            return "[" + ",".join(items) + "]"
        pad = " " * indent
        items = ['%s    {\n%s        "slug": %s,\n%s        "score": %s\n%s    }'
                 % (pad, pad, json_value(s), pad, fmt_real(d), pad) for s, d in v]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return str(v)


def render(profiles, fmt, compact):
    fields = list(profiles[0]) if profiles else list(FIELDS)
    if fmt == "json" and not compact:
        if not profiles:
            return '{\n    "cluster_profiles": []\n}\n'
        objs = []
        for p in profiles:
            lines = ['            "%s": %s' % (k, json_value(p[k], 12)) for k in fields]
            objs.append("        {\n" + ",\n".join(lines) + "\n        }")
        return '{\n    "cluster_profiles": [\n' + ",\n".join(objs) + "\n    ]\n}\n"
    one = ["{" + ",".join('"%s":%s' % (k, json_value(p[k])) for k in fields) + "}"
           for p in profiles]
    if fmt == "json":
        return '{"cluster_profiles":[' + ",".join(one) + "]}\n"
    if fmt == "ndjson":
        return "".join(o + "\n" for o in one)
    if fmt == "csv":
        def q(s):
            if any(ch in s for ch in ',"\r\n'):
                return '"' + s.replace('"', '""') + '"'
            return s
        rows = [",".join(fields)]
        rows += [",".join(q(text_value(p[k])) for k in fields) for p in profiles]
        return "".join(r + "\n" for r in rows)
    if fmt == "tsv":
        def e(s):
            return (s.replace("\\", "\\\\").replace("\t", "\\t")
                    .replace("\n", "\\n").replace("\r", "\\r"))
        rows = ["\t".join(fields)]
        rows += ["\t".join(e(text_value(p[k])) for k in fields) for p in profiles]
        return "".join(r + "\n" for r in rows)
    raise AssertionError(fmt)


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(prog="segprof_ref.py", description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", default="-")
    ap.add_argument("-n", "--top", type=int, default=5)
    ap.add_argument("--lang", choices=("en", "es", "pt"), default="en")
    ap.add_argument("--unlabeled", choices=("error", "skip"), default="error")
    ap.add_argument("-f", "--format", choices=("json", "ndjson", "csv", "tsv"), default="json")
    ap.add_argument("--compact", action="store_true")
    ap.add_argument("--customers")
    ap.add_argument("--labels")
    ap.add_argument("--customers-format", choices=("auto", "json", "ndjson"), default="auto")
    ap.add_argument("--labels-format", choices=("auto", "json", "csv", "tsv"), default="auto")
    ap.add_argument("--via-double", action="store_true",
                    help="read amounts through IEEE doubles (segprof(1) Limits)")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("--rank", choices=("tfidf", "lift"), default="tfidf")
    ap.add_argument("--min-support", type=int, default=10)
    ap.add_argument("--scores", action="store_true")
    ap.add_argument("--index", action="store_true")
    ap.add_argument("--mean", action="append", default=[])
    ap.add_argument("--missing", choices=("error", "skip"), default="error")
    try:
        a = ap.parse_args(argv)
    except SystemExit as e:
        sys.exit(EX_USAGE if e.code else 0)
    if not 0 <= a.top <= 1000000:
        die("--top must be 0..1000000", EX_USAGE)
    split = a.customers is not None or a.labels is not None
    if split and (a.customers is None or a.labels is None or a.file != "-"):
        die("--customers and --labels go together, without FILE", EX_USAGE)
    if split and a.customers == "-" and a.labels == "-":
        die("--customers and --labels cannot both be standard input", EX_USAGE)

    try:
        if split:
            raw = read_customers_file(a.customers, a.customers_format)
            labels = read_labels_file(a.labels, a.labels_format)
        else:
            doc = loads(read_text(a.file))
            if not isinstance(doc, dict):
                raise DataError("the request must be a JSON object")
            for k in ("customers", "labels"):
                if k not in doc:
                    raise DataError("missing key %r" % k)
                if k in doc.dups:
                    raise DataError("duplicate key %r" % k)
            raw = doc["customers"]
            if not isinstance(raw, list):
                raise DataError("/customers: expected an array")
            labels = parse_labels_obj(doc["labels"], "/labels")
        means = list(dict.fromkeys(f for arg in a.mean for f in arg.split(",")))
        customers = []
        for i, o in enumerate(raw):
            c = parse_customer(o, "/customers/%d" % i, a.via_double)
            parse_extras(c, o, "/customers/%d" % i, means, a.missing == "skip")
            customers.append(c)
        profiles, skipped, orphans = compute(customers, labels, a.top, a.lang, a.unlabeled,
                                             a.rank, a.min_support, a.scores, a.index,
                                             means, a.missing == "skip")
    except DataError as e:
        die(str(e), EX_DATAERR)
    if not a.quiet:
        if orphans:
            sys.stderr.write("segprof_ref: warning: %d labels name no customer in the input\n"
                             % orphans)
        if skipped:
            sys.stderr.write("segprof_ref: warning: %d unlabeled customers skipped\n" % skipped)
    out = render(profiles, a.format, a.compact)
    sys.stdout.buffer.write(out.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
