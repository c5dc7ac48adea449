#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzzing harnesses (tests/fuzz/corpus/*).

Seeds come from examples/ and tests/fixtures/ (small files only) plus a few
hand-written edge cases.  The request, ndjson and labels harnesses take one
selector byte before the file (output options, see fuzz_common.h), so each
seed is written with one or more selector bytes in front (shard: and a byte
for K).  The partial seeds are partials written by the segprof binary given
as $SEGPROF (default build/segprof); without it they are left out.  Run from
anywhere; rewrites the directories it writes.  The compressed harness takes a
selector byte, a mode byte and a cut byte before the text it compresses
itself (see fuzz_compressed.c)."""
import glob
import hashlib
import json
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(HERE, "corpus")
MAX_SEED = 8192

# selector bytes (fuzz_common.h): json, ndjson, csv, tsv, table, markdown,
# cards, partial, compact+extras, table+extras, partial+extras, skip,
# skip+missing+extras, top 0, top 2, es, pt, top 1000000, cards+locale numbers
SEL_ALL = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0c, 0x0f, 0x10, 0x18, 0x20,
           0x40, 0x80, 0x88, 0x60, 0x26]
SEL_FEW = [0x00, 0x04, 0x13, 0x0e, 0x1f]


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def put(kind, data, sels=None):
    if len(data) > MAX_SEED:
        return
    d = os.path.join(CORPUS, kind)
    for sel in sels if sels is not None else [None]:
        blob = data if sel is None else bytes([sel]) + data
        name = hashlib.sha1(blob).hexdigest()[:16]
        with open(os.path.join(d, name), "wb") as f:
            f.write(blob)


def array_lines_seeds():
    """Array framing by lines (fuzz_array_lines.c): the example's customers one
    a line, and laid out so that guesses are wrong: two on a line, one over
    two lines whose first ends in "},", a string never closed, CRLF."""
    doc = json.loads(read("examples/request.json"))
    lines = [json.dumps(c, separators=(",", ":")).encode() for c in doc["customers"]]
    labels = json.dumps(doc["labels"], separators=(",", ":")).encode()

    def request(body):
        return b'{"customers":[\n' + body + b'\n],"labels":' + labels + b"}\n"

    put("array_lines", request(b",\n".join(lines)), [0x00, 0x04, 0x10])
    put("array_lines", request(b",\r\n".join(lines[:3]) + b" ,\t\n" + b",\n".join(lines[3:])),
        [0x00])
    put("array_lines", request(lines[0] + b"," + b",\n".join(lines[1:])), [0x00, 0x10])
    put("array_lines", request(b",\n".join(b"  \t" [:1 + i % 3] + l for i, l in enumerate(lines))),
        [0x00])
    nested = lines[1].replace(b'{"id"', b'{"x":{"y":[1,{}]},\n"id"', 1)
    put("array_lines", request(b",\n".join([lines[0], nested] + lines[2:])), [0x00])
    unclosed = lines[2].replace(b'"id":"C003"', b'"id":"C003', 1)
    put("array_lines", request(b",\n".join(lines[:2] + [unclosed] + lines[3:])), [0x00, 0x10])


def main():
    for kind in ("request", "ndjson", "labels", "fastcust", "compressed", "csvcust", "csvplain", "csvframe", "shard", "partial",
                 "jscan", "idmap", "accum", "labelline", "labelmap"):
        shutil.rmtree(os.path.join(CORPUS, kind), ignore_errors=True)
        os.makedirs(os.path.join(CORPUS, kind))
    for kind in ("ndjson_frame", "array_lines", "join"):
        shutil.rmtree(os.path.join(CORPUS, kind), ignore_errors=True)
        os.makedirs(os.path.join(CORPUS, kind))

    # ---- request documents
    rich = {"examples/request.json": SEL_ALL,
            "tests/fixtures/compute/strings.request.json": [0x02, 0x03, 0x04, 0x05],
            "tests/fixtures/compute/non_ascii.request.json": [0x04, 0x05, 0x88],
            "tests/fixtures/compute/unlabeled_skip.request.json": [0x10]}
    paths = ["examples/request.json", "tests/fixtures/ci/bad-amount.json",
             "tests/fixtures/formats/nonascii.request.json"]
    paths += sorted(os.path.relpath(p, ROOT) for p in
                    glob.glob(os.path.join(ROOT, "tests/fixtures/compute/*.request.json")))
    paths += sorted(os.path.relpath(p, ROOT) for p in
                    glob.glob(os.path.join(ROOT, "tests/fixtures/input/*.json")))
    for p in paths:
        put("request", read(p), rich.get(p, [0x00]))
    hand = [
        b'{"customers": [], "labels": {}}',
        b'\xef\xbb\xbf{"labels": {"a": 1}, "customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["x"]}]}',
        b'{"labels": {"a": "s", "b": -2}, "extra": [1, {"k": null}], "customers": [{"id": "a", "frequency": 1.0, "amount_spent": -0, "product_types": ["x", "x"]}, {"id": "b", "frequency": 2, "amount_spent": 1e2, "product_types": []}]}',
        b'{"customers": [{"id": 17, "frequency": 3, "amount_spent": 0.1, "product_types": ["caf\\u00e9", "\\ud83d\\ude00"], "recency": 4, "tags": {"a": [1]}}], "labels": {"17": 0}}',
        b'{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["x"]}, {"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["x"]}], "labels": {"a": 0, "a": 1}}',
        b'{"customers": [{"id": "", "frequency": -1, "amount_spent": "1", "product_types": [""]}], "labels": {"": 0, "x": null, "y": 1.5, "z": ""}}',
        b'{"customers": {}, "labels": []}',
        b'{"customers": [' + b'[' * 600 + b']' * 600 + b'], "labels": {}}',
        b'{"customers": [{"id": "a\\/b~c", "frequency": 9223372036854775807, "amount_spent": 1.7976931348623157e308, "product_types": ["p|q", "r\\ts", "u\\nv"]}], "labels": {"a/b~c": "x|y"}}',
        b'{"customers": [{"id": 99999999999999999999, "frequency": 1e400, "amount_spent": 1e-400, "product_types": []}], "labels": {}}',
        b'{"customers": [1, "two", null, true, []], "labels": {"a": 0}',
        b'\r\n\t {"customers" : [ ] , "labels" : { } } \n',
        b'{"customers": [{"id": "a", "frequency": 1, "amount_spent": 4321.675, "product_types": ["x"]}], "labels": {"a": 0}, "customers": []}',
    ]
    hand += [
        b'{"customers": [{"id": "a", "frequency": 1, "amount_spent": 2.5, "product_types": ["x"], "recency": 3, "tenure": 1.25, "a/b~c": -4},'
        b' {"id": "b", "frequency": 2, "amount_spent": 0, "product_types": [], "recency": 1e3, "tenure": 0},'
        b' {"id": "c", "frequency": 3, "amount_spent": 7, "product_types": ["y"], "recency": "soon"}], "labels": {"a": 0, "b": 0, "c": "z"}}',
    ]
    for i, h in enumerate(hand):
        put("request", h, [SEL_FEW[i % len(SEL_FEW)]])

    # ---- NDJSON customers (labels: the fixed CSV of fuzz_ndjson.c)
    nd = read("examples/customers.ndjson")
    put("ndjson", nd, SEL_ALL)
    lines = nd.splitlines(keepends=True)
    put("ndjson", b"".join(lines[:5]), SEL_FEW)
    put("ndjson", b"".join(lines[5:12]).replace(b"\n", b"\r\n"), [0x00])
    put("ndjson", b"\xef\xbb\xbf" + b"".join(lines[:3]) + b"\n  \n", [0x00])
    put("ndjson", b"[" + b",".join(l.rstrip(b"\n") for l in lines[:6]) + b"]", [0x00, 0x60])
    put("ndjson", b'{"customers": [' + b",".join(l.rstrip(b"\n") for l in lines[:4]) +
        b'], "labels": {"ignored": 1}}', [0x00, 0x60])
    put("ndjson", lines[0] + b'{"id":"C002","frequency":5,"amount_spent":"190.4","product_types":["tea"]}\n' +
        b'{"id":"C003", bad json\n' + lines[0] + b'{"id":"NOPE","frequency":1,"amount_spent":1,"product_types":[]}\n', [0x00, 0x10])
    put("ndjson", b'{"id":1,"frequency":2.0,"amount_spent":3,"product_types":["\\u00e9","x","x"],"f":[{"g":1}]}\n'
        b'{"id":2,"frequency":0,"amount_spent":0,"product_types":[]}\n{"id":17,"frequency":1,"amount_spent":1e1,"product_types":["a"]}\n'
        b'{"id":-5,"frequency":1,"amount_spent":1,"product_types":["b"]}', [0x00, 0x04, 0x05])
    put("ndjson", b'{"id":"C021","frequency":1,"amount_spent":0.005,"product_types":["z"]}\n{"id":"X","frequency":1,"amount_spent":0.015,"product_types":["z","y"]}\n', [0x00, 0x02])
    put("ndjson", b'{"id":"C001","frequency":1,"amount_spent":1,"product_types":["z"],"recency":2,"tenure":0.5,"a/b~c":1e-3}\n'
        b'{"id":"C002","frequency":4,"amount_spent":3,"product_types":[],"recency":-2,"tenure":9007199254740993}\n'
        b'{"id":"C005","frequency":4,"amount_spent":3,"product_types":["q"],"recency":null}\n', [0x08, 0x0e, 0x0f, 0x18, 0x1c])

    # ---- NDJSON framing (fuzz_ndjson_frame.c): the NDJSON seeds, with lines
    # that make blocks and batches end everywhere: blank, CRLF, none at the end
    for name in sorted(os.listdir(os.path.join(CORPUS, "ndjson"))):
        with open(os.path.join(CORPUS, "ndjson", name), "rb") as f:
            blob = f.read()
        put("ndjson_frame", blob[1:], [blob[0] & 0x9f])
    put("ndjson_frame", b"\n \n" + b"".join(lines[:4]) + b"\r\n\t\r\n" + lines[4].rstrip(b"\n"),
        [0x00, 0x10])

    array_lines_seeds()

    # ---- the join queue (fuzz_join.c): labels, a NUL, customers (NDJSON, or
    # CSV with bit 0x20); duplicates and unlabeled customers near and far
    # apart (the queue holds eight)
    put("join", nd, [0x00, 0x10])
    put("join", read("examples/labels.csv") + b"\0" + nd, [0x00, 0x04, 0x11])
    row = b'{"id":"%s","frequency":1,"amount_spent":2,"product_types":["t%d"]}\n'
    ids = [b"C001", b"C002", b"C001", b"C050", b"C003", b"C004", b"C005", b"C006", b"C007",
           b"C008", b"C009", b"C002", b"C050", b"C010", b"C010", b"C003"]
    dup_labels = b"customer_id,cluster_id\nC001,1\nC002,2\nC003,1\nC001,2\nC004,0\n" + \
        b"".join(b"C%03d,%d\n" % (i, i % 3) for i in range(5, 11)) + b"C004,1\n"
    put("join", dup_labels + b"\0" + b"".join(row % (k, i % 4) for i, k in enumerate(ids)),
        [0x00, 0x01, 0x10])
    csv_rows = b"id,frequency,amount_spent,product_types\n" + \
        b"".join(b"%s,1,2,t%d;u\n" % (k, i % 4) for i, k in enumerate(ids))
    put("join", dup_labels + b"\0" + csv_rows, [0x20, 0x30, 0x21])

    # ---- labels files (customers: the fixed NDJSON of fuzz_labels.c)
    lab = read("examples/labels.csv")
    put("labels", lab, [0x00, 0x04, 0x10])
    put("labels", lab.replace(b",", b"\t"), [0x00, 0x60])
    put("labels", lab.replace(b"\n", b"\r\n"), [0x00])
    obj = {}
    for line in lab.decode().splitlines()[1:]:
        k, v = line.split(",")
        obj[k] = int(v)
    put("labels", json.dumps(obj).encode(), [0x00, 0x20])
    small = b"customer_id,cluster_id\nC001,2\nC002,0\nC003,\"a,b\"\nC004,\"say \"\"hi\"\"\"\n17,-3\nX,gold\n"
    put("labels", small, [0x00, 0x02, 0x03, 0x04, 0x05, 0x40])
    put("labels", b"C001\t1\nC002\tx\\ty\nC003\t\\\\\nC004\t2\n17\t2\nX\t-0\n", [0x00, 0x60])
    put("labels", b'{"C001": 1, "C002": "x", "C003": -9223372036854775808, "C004": "\\u00e9", "17": 0, "X": 0, "C001": 2}', [0x00, 0x20])
    put("labels", b'\xef\xbb\xbf{"C001":0,"C002":0,"C003":1,"C004":1,"17":2,"X":2,"nobody":3}', [0x00, 0x10])
    put("labels", b'C001,1\nC002,\nC003,1,2\n,4\nC004,99999999999999999999\n"C005,1\nX,"a"b\n\xff,1\n17,1\x00\n', [0x00, 0x10])
    put("labels", b'customer_id,cluster_id\n', [0x00])
    put("labels", b'C001,1\nC002,1\nC003,2\nC004,2\n17,x\nX,x\n', [0x08, 0x0e, 0x0f, 0x18, 0x06, 0x07])
    put("labels", b'C001,1\nC002,1\nC003,1\nC004,1\n17,1\n', [0x10])

    # ---- compressed: selector, mode, cut, then the text compressed by the
    # harness.  mode: bit 0 zstd; bits 1-2 layout (one, two, two around an
    # empty one, skippable frame first); bits 3-4 damage (none, cut, flip);
    # bits 5-6 role (request, customers, labels); bit 7 raw bytes.
    texts = {0: read("examples/request.json"), 1: b"".join(lines[:6]), 2: lab}
    for role, text in texts.items():
        for mode_low in (0x00, 0x01, 0x02, 0x03, 0x05, 0x07, 0x08, 0x09, 0x0b, 0x10, 0x11):
            put("compressed", bytes([0x00, role << 5 | mode_low, 77]) + text)
    put("compressed", bytes([0x04, 0x00, 0]) + b"")
    put("compressed", bytes([0x00, 0x01, 3]) + b'{"customers": x}')
    put("compressed", bytes([0x00, 0x80, 0]) + b"\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 12)
    put("compressed", bytes([0x00, 0x81, 0]) + b"\x20\x00\x00\x00abc")
    # ---- shard: the NDJSON seeds again, with K = 1, 2, 3, 5, 8 (the byte after the selector)
    for i, name in enumerate(sorted(os.listdir(os.path.join(CORPUS, "ndjson")))):
        with open(os.path.join(CORPUS, "ndjson", name), "rb") as f:
            blob = f.read()
        put("shard", blob[:1] + bytes([[0, 1, 2, 4, 7][i % 5]]) + blob[1:])
    # tables with the cluster in the row (selector bit 7): CSV, TSV, NDJSON
    table = (b"id,frequency,amount_spent,recency_days,tenure_months,product_types,cluster\n"
             b"C001,3,10.5,4,12,tea;cheese,0\nC002,1,7,2,3,wine,1\n17,2,1.25,9,1,tea,0\n"
             b"12346.0,4,3,1,1,,1\n\"C0,5\",1,2,3,4,tea,0\nC003,2,\"4\n.5\",1,1,tea,1\n"
             b"C004,x,1,1,1,tea,0\nC001,1,1,1,1,tea,1\n")
    clean = (b"id,frequency,amount_spent,recency_days,tenure_months,product_types,cluster\n"
             b"C001,3,10.5,4,12,tea;cheese,0\nC002,1,7,2,3,wine,1\n17,2,1.25,9,1,tea,0\n"
             b"12346.0,4,3,1,1,,1\n\"C0,5\",1,2,3,4,tea,0\nC003,2,4.5,1,1,\"tea;\nwine\",1\n"
             b"1e3,1,1,1,1,tea,0\nC004,1,1,1,1,cheese,1\nC005,1,2,1,1,tea,0\nC006,1,3,1,1,tea,0\n")
    for k in (1, 2, 4, 7):
        put("shard", bytes([0x80 | 0x02, k]) + table)
        put("shard", bytes([0x80 | 0x02, k]) + clean)
    put("shard", bytes([0x80, 3]) + table.replace(b",", b"\t"))
    put("shard", bytes([0x84, 2]) + b'{"id":"C001","frequency":1,"amount_spent":2,"recency_days":1,'
        b'"tenure_months":1,"product_types":["tea"],"cluster":0}\n{"id":17,"frequency":1,'
        b'"amount_spent":2,"recency_days":1,"tenure_months":1,"product_types":[],"cluster":"x"}\n')

    # ---- partial: partials of the examples (sharded, merged, with extras), by hand
    segprof = os.environ.get("SEGPROF", os.path.join(ROOT, "build", "segprof"))
    ex = ["--customers", os.path.join(ROOT, "examples/customers.ndjson"),
          "--labels", os.path.join(ROOT, "examples/labels.csv")]
    runs = [["--partial"], ["--shard=0/2"], ["--shard=1/2"], ["--shard=2/3", "--sum=frequency"],
            ["--partial", "--median=amount_spent", "--missing=skip"]]
    if os.access(segprof, os.X_OK):
        parts = [subprocess.run([segprof] + r + ex, check=True, capture_output=True).stdout
                 for r in runs]
        for p, sels in zip(parts, [[0x00, 0x02, 0x06], [0x00], [0x03], [0x04], [0x07, 0x20]]):
            put("partial", p, sels)
        put("partial", parts[1] + parts[2], [0x00, 0x02])
        put("partial", parts[0] + parts[0], [0x02])
    h = b'{"segprof_partial":2,"extras":[],"skip_missing":false,"shards":null}\n'
    put("partial", b'{"segprof_partial":1,"extras":[],"skip_missing":false}\n'
        b'{"cluster_id":1,"n":2,"frequency_sum":"3","spends":[1.5,2.25],"slugs":[["tea",2,0,0]],"extras":[]}\n', [0x00])
    put("partial", h + b'{"cluster_id":"a","n":3,"frequency_sum":"340282366920938463463374607431768211455",'
        b'"spends":{"scale":18,"vlq":"AD////////B"},"slugs":[["x",3,5,1],["y",1,1099511627775,0]],"extras":[]}\n', [0x00, 0x02])
    put("partial", b'{"segprof_partial":2,"extras":[{"name":"v","ops":["mean","median"]}],"skip_missing":true,'
        b'"shards":{"of":4,"have":[[0,1],[3,3]]}}\n{"cluster_id":-3,"n":2,"frequency_sum":"0",'
        b'"spends":{"scale":0,"vlq":"AD"},"slugs":[],"extras":[{"scale":1,"vlq":"Z"}]}\n', [0x00, 0x05])

    # ---- csvcust: CSV/TSV customers with a cluster column
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/tables/*.csv"))):
        t = read(os.path.relpath(p, ROOT))
        names = [(b"customer_unique_id", b"id"), (b"n_orders", b"frequency"),
                 (b"payment_value", b"amount_spent"), (b"categories", b"product_types"),
                 (b"review_score", b"recency")]
        for a, b in names:
            t = t.replace(a, b)
        put("csvcust", t, [0x00, 0x08, 0x10, 0x18, 0x20, 0x07])
        put("csvframe", t, [0x00, 0x10, 0x20])
    put("csvcust", b'cluster\tid\tfrequency\tamount_spent\tproduct_types\n0\ta\t1\t2\tx|y\n1\tb\\tc\t2\t3.5\t\n', [0x40, 0x60, 0x00])
    put("csvcust", b'id,frequency,amount_spent,product_types,cluster,recency,tenure,a/b~c\n'
        b'a,1,10,"[\'x\', \'y\\u00e9\']",0,1,2,3\nb,2.0,1e2,"[""z""]",gold,,,\nc,-1,x,;;,1,a,b,c\n"d\n",1,1,,,1,1,1\n', [0x00, 0x08, 0x18, 0x07])
    put("csvframe", b'id,frequency,amount_spent,product_types,cluster\r\n\na,1,2,x;y,0\r\n  \t\r\n'
        b'"b\nc",1,2,"x,\ny",1\nd,1,2,x,1\ne,1,2,"x\n\nf,1,2,x,1\ng,-1,2,x,1\nh,1,2,x,1', [0x00, 0x10, 0x40])
    put("csvframe", b'\n\ncluster\tid\tfrequency\tamount_spent\tproduct_types\n0\ta\t1\t2\tx\n\n'
        b'1\tb\t1\t2\t"y"\n2\tc\t1\t-2\tz\n3\td\t1\t2', [0x40, 0x50])
    put("csvcust", b'1,2,3\n', [0x00])
    put("csvcust", b'\xef\xbb\xbfid,id,frequency\r\n', [0x00])

    # ---- csvplain: records read by the plain paths and the full ones
    # (selector: header 0-2 or 3 = the first line, 4 TSV, 8 '|', 16 skip)
    m_lines = [b"C0977724,8,427.67,24,42,senior-aquarium;plant-pots-xxl;kettle-kit,3",
               b"C0723545,16,1001.74,70,99,aquarium;cr\xc3\xa8me-br\xc3\xbbl\xc3\xa9e,3",
               b"C0122405,7,285.81,54,6,unscented-notebook;espresso-beans-6-pack,5\r"]
    put("csvplain", b"\n".join(m_lines) + b"\n", [0x02])
    put("csvplain", b"\n".join(l.replace(b",", b"\t") for l in m_lines) + b"\n", [0x06])
    put("csvplain", b"a,1,2.50,x;y,0\nb,0,0.0,,\n12.0,1.0,1e2,x;;y,-3\nc,01,-0,;x,1.5\n"
        b"d,18446744073709551616,0.1234567890123456789,x,99999999999999999999\n"
        b"e,3,4,\"x,y\",1\nf,3,4,x\"y,1\ng,3,4,\"['a', 'b']\",s\nh,3,4,x,1,extra\n"
        b"i\x00,1,1,x,1\nj\xff,1,1,x,1\n,,,,\n", [0x00, 0x08])
    put("csvplain", b"7,a,x|y,3.25,,2,id-long-enough-to-cross-sixteen-bytes\n"
        b"007,1,p,100.100,2,3,z\n-0,,,1,2,3,q\n", [0x01, 0x09, 0x11])
    put("csvplain", b"id\tfrequency\tamount_spent\tproduct_types\tcluster\n"
        b"a\\tb\t1\t2\tx\t1\nc\t1\t2\tx\"y\t1\n", [0x07])

    # ---- fastcust: single customer objects
    fc = [l.rstrip(b"\n") for l in lines[:8]]
    for p in ["examples/request.json", "tests/fixtures/compute/strings.request.json",
              "tests/fixtures/compute/number_forms.request.json",
              "tests/fixtures/compute/frequency_exponent.request.json",
              "tests/fixtures/compute/ids_and_layout.request.json",
              "tests/fixtures/compute/non_ascii.request.json"]:
        doc = json.loads(read(p))
        for c in doc["customers"][:3]:
            fc.append(json.dumps(c, ensure_ascii=False).encode())
            fc.append(json.dumps(c, separators=(",", ":")).encode())
    fc += [
        b'{"id":17,"frequency":0,"amount_spent":0,"product_types":[]}',
        b'{"id":-17,"frequency":1,"amount_spent":1.5e3,"product_types":["a","a"],"x":true,"y":null,"z":"s","w":-1.0E-2}',
        b' {"product_types":["\xc3\xa9"],"amount_spent":123456789012345678,"frequency":123456789012345678,"id":"\xe2\x82\xac"} ',
        b'{"id":"a","frequency":1,"amount_spent":0.1000000000000000055511151231257827,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":9007199254740993,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":1e22,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":1e23,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":4.9e-324,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"id":"c"}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"k":1,"k":2}',
        b'{"id":"a","frequency":-0,"amount_spent":-0.0,"product_types":["b"]}',
        b'{"id":"a\\u0041","frequency":1,"amount_spent":1,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["\xed\xa0\x80"]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["\xf4\x90\x80\x80"]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["\xc0\xaf"]}',
        b'{"id":"a","frequency":1,"amount_spent":01,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":1.,"product_types":["b"]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b",]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"]}x',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"n":[1]}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"n":99999999999999999999}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"n":1e999}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"recency":-0.0,"a/b~c":2e-5,"x":12345678901234567}',
        b'{"recency":1,"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"recency":2}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"recency":"1","x":true}',
        b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"a\\/b~c":3}',
    ]
    # two objects on two lines: the second read after the first (the keys it
    # remembers) must be read as if alone -- same keys, others, repeated
    pairs = [
        (lines[0], lines[1]),
        (b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"x":1,"y":2}',
         b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"x":1,"x":2}'),
        (b'{"x":1,"y":2,"id":"a","frequency":1,"amount_spent":1,"product_types":["b"]}',
         b'{"x":1,"y":2,"x":3,"id":"a","frequency":1,"amount_spent":1,"product_types":["b"]}'),
        (b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"recency":1}',
         b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"recency":1,"recency":1}'),
        (b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"]}',
         b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"id":"a"}'),
        (b'{"id":"a","frequency":1,"amount_spent":1,"product_types":["b"],"cluster":3}',
         b'{"id" :"a","frequency":1,"amount_spent":1,"cluster":"c","product_types":["b"]}'),
    ]
    for a, b in pairs:
        fc.append(a.rstrip(b"\n") + b"\n" + b.rstrip(b"\n"))
    for c in fc:
        put("fastcust", c)

    # ---- jscan: values framed by the fast and the portable loop (a cut byte
    # first: the step by which the windows grow)
    js = [b"\n".join(fc[:6]), fc[8], fc[12]]
    js += [
        b'{"a":"}}}}}}}}}}}}}}}}}}]]]]]]]]]]]]]]]]]"} x',
        b'{"a":"x\\"}\\\\","b":"\\\\\\\\\\\\\\"}"}xxxxxxxxxxxxxxxxxxxxx',
        b'"just a string, long enough for blocks \\" still" , 1',
        b"[" * 40 + b"]" * 40,
        b"[" * 530,
        b'{"a":1,"b":"...............\0.."}',
        b'{"a":[{"b":[{"c":"{[\\u0022]}"}]}],"d":"\\\\"}',
    ]
    for i, v in enumerate(js):
        put("jscan", v, [1, 16, 63][i % 3:i % 3 + 1] + [0])

    # ---- idmap: a size-hint byte, then (op, length, id) triples
    def ops(*ids, op=0):
        return b"".join(bytes([op, len(k)]) + k for k in ids)
    short = [b"", b"a", b"ab", b"abc", b"abcd", b"abcdefg", b"C0000001", b"C00000001",
             b"0123456789abcdef", b"0123456789abcdefg"]
    long_ = [b"customer-" + bytes([48 + i]) * 30 for i in range(4)]
    for hint in (0, 1, 40):
        for _ in range(2):  # short ids in both orders
            put("idmap", bytes([hint]) + ops(*short) + ops(*short, op=1) + ops(*long_)
                + ops(*short[:5]) + ops(*long_, op=3))
            short.reverse()
    put("idmap", bytes([0]) + ops(*[b"C%07d" % i for i in range(120)])
        + ops(*[b"C%07d" % i for i in range(0, 240, 2)], op=1))
    for fmt in (b"C%08d", b"k%03d", b"%d", b"customer-%012d", b"customer-%024d"):
        # ids that share their first (or last) bytes
        put("idmap", bytes([0]) + ops(*[fmt % i for i in range(0, 200, 3)])
            + ops(*[fmt % i for i in range(200)], op=1))
    put("idmap", bytes([0]) + ops(b"ab\x00", b"ab", b"a\x00b", b"\x00ab", b"abc\x00\x00\x00\x00\x00",
                                        b"abc", b"\x00" * 16, b"\x00" * 17, b"\x00" * 8))

    # ---- labelmap: a size-hint byte, then (op, number low, number high[, length, id])
    def lm(op, num, raw=b""):
        return bytes([op, num & 255, num >> 8]) + (bytes([len(raw)]) + raw if op & 3 == 0 else b"")
    for hint in (0, 2, 200):
        # C + 7 digits ascending, then looked up (and looked up again: duplicates)
        put("labelmap", bytes([hint]) + b"".join(lm(1 | 5 << 2 | (i % 8) << 4, i) for i in range(1, 150))
            + b"".join(lm(0x81 | 5 << 2, i) for i in range(0, 160, 3)) + lm(0x81 | 5 << 2, 3))
    # descending plain decimal; canonical with a width change; then a raw id (to the hash table)
    put("labelmap", bytes([1]) + b"".join(lm(3, 900 - i) for i in range(0, 900, 7))
        + b"".join(lm(0x83, i) for i in range(0, 900, 5)))
    put("labelmap", bytes([0]) + b"".join(lm(2, i * 37) for i in range(60)) + lm(0, 0, b"C12x")
        + b"".join(lm(0x82, i * 37) for i in range(70)))
    # sparse numbers (x 10^9): too sparse for the dense form
    put("labelmap", bytes([0]) + b"".join(lm(3 | 2 << 2, i) for i in range(40))
        + b"".join(lm(0x83 | 2 << 2, i) for i in range(45)))
    # padded and unpadded forms of one number
    put("labelmap", bytes([4]) + lm(1 | 3 << 2, 7) + lm(2, 7) + lm(1 | 3 << 2, 70) + lm(1 | 2 << 2, 7)
        + lm(0x81 | 3 << 2, 7) + lm(0x82, 7) + lm(0x81 | 2 << 2, 7))

    # ---- accum: records of a cluster byte and slugs joined by ','
    for p in ["examples/request.json", "tests/fixtures/compute/strings.request.json",
              "tests/fixtures/compute/non_ascii.request.json"]:
        doc = json.loads(read(p))
        recs = [bytes([ord("0") + i % 4]) + ",".join(c["product_types"]).encode()
                for i, c in enumerate(doc["customers"])]
        put("accum", b"\n".join(recs))
    many = ",".join("s%d" % (i % 23) for i in range(60)).encode()
    put("accum", b"0" + many + b"\n1" + many + b"\n0a,b,a\n")
    put("accum", b"0exactly-twenty-four-byte,exactly-twenty-four-bytes,exactly-twenty-four-bytes-and-more\n"
        b"1abcdefg,abcdefgh,abcdefghi,abcdefghijklmnop,abcdefghijklmnopq,a,ab,abc,abcd\n"
        b"2a\x00,a,\x00,,a,,\n3\n")
    put("accum", b"\n".join(b"%d%s" % (i % 4, ",".join("t%d" % ((i * 7 + k) % 300) for k in range(i % 9)).encode())
                            for i in range(400)))

    # ---- labelline: a TSV byte, then lines of a labels file
    ll = [b"C0000001,3\nC0000002,0\r\nC0000003,-12\nxyz,123456789012345678\n",
          b"12345,1\n007,2\n-5,1\n12.0,1\n1e3,2\n",
          b"-0,1\n-1.0,2\n-0.0,1\n0e5,1\n",
          b"a,1\nb,\nc,x\n",
          b"a very long customer id beyond sixteen bytes,7\nshort,1\n",
          b"C1,1234567890123456789\nC2,1\n",
          b'C1,1\n"C2",1\nC\xc3\xa9,1\nC\x7f,1\n',
          b"C1,1\r\r\nC2,1\rC3,1\n",
          b"C1,1\nC2,2",
          b" C1 ,1\n,1\nC1,,1\nC1,1,\n"]
    for t in ll:
        put("labelline", t, [0])
        put("labelline", t.replace(b",", b"\t"), [1])
    put("labelline", b"C\\1\t1\nC2\t1\n", [1])


if __name__ == "__main__":
    main()
