"""Scores a keyguard JSON report against CredData's labels, line by line.

score.py CREDDATA_CHECKOUT DATASET REPORT. A finding counts for the
labelled values it overlaps: first those whose columns it falls in, else
those on its lines, true labels before false ones. A true row found is a
true positive, a false row found a false positive; findings on unlabelled
lines are counted apart ("unmarked"). Rows labelled X (undecided) are
left out. With CREDS=1, so are rows that label identifiers rather than
credentials. Writes the misses and false positives to errors.json in
the current directory.
"""
import csv, glob, json, os, sys, collections
creddata, data = sys.argv[1], sys.argv[2]
report = json.load(open(sys.argv[3]))
rows = []
NONCRED = {'UUID', 'AWS S3 Bucket', 'Firebase Domain', 'Tencent WeChat API App ID', 'Nonce', 'Salt', 'Other', 'Info'}
for m in glob.glob(os.path.join(creddata, 'meta', '*.csv')):
    for r in csv.DictReader(open(m)):
        fp = os.path.join(data, r['FilePath'][5:])
        if not os.path.exists(fp):
            continue
        r['path'] = os.path.abspath(fp)
        r['ls'], r['le'] = int(r['LineStart']), int(r['LineEnd'])
        if os.environ.get('CREDS') and set(r['Category'].split(':')) <= NONCRED:
            continue
        rows.append(r)
byfile = collections.defaultdict(list)
for r in rows:
    byfile[r['path']].append(r)
hit = set()          # row ids found
unmarked = []
fprule = collections.Counter()
tprule = collections.Counter()
for f in report:
    p = os.path.abspath(f['file'])
    lo, hi = f['line'], f.get('end_line') or f['line']
    matched = False
    cands = []
    for r in byfile.get(p, []):
        if r['ls'] <= hi and lo <= r['le']:
            exact = 0
            if r['ValueStart'] and r['ls'] == r['le'] == lo and f.get('column'):
                vs, ve = int(r['ValueStart']), int(r['ValueEnd'] or 10**9)
                c = f['column'] - 1
                # a finding elsewhere on the line is not this value
                if not (vs - 16 <= c <= ve):
                    continue
                exact = 1
            cands.append((exact, r['GroundTruth'] == 'T', r))
    if cands:
        best = max((x[0], x[1]) for x in cands)
        matched = True
        for e, t, r in cands:
            if (e, t) != best and not (r['ls'] != r['le'] and t):
                continue
            hit.add(id(r))
            if r['GroundTruth'] in 'TF':
                (tprule if r['GroundTruth'] == 'T' else fprule)[f['rule_id']] += 1
    if not matched:
        unmarked.append(f)
T = [r for r in rows if r['GroundTruth'] == 'T']
F = [r for r in rows if r['GroundTruth'] == 'F']
tp = sum(1 for r in T if id(r) in hit)
fp = sum(1 for r in F if id(r) in hit)
fn = len(T) - tp
P = tp / (tp + fp) if tp + fp else 0
R = tp / len(T) if T else 0
F1 = 2 * P * R / (P + R) if P + R else 0
print(f"rows T={len(T)} F={len(F)}  TP={tp} FP={fp} FN={fn}  P={P:.3f} R={R:.3f} F1={F1:.3f}  unmarked findings={len(unmarked)}")
cat = collections.defaultdict(lambda: [0, 0, 0])
for r in T:
    cat[r['Category']][0] += 1
    cat[r['Category']][1] += id(r) in hit
for r in F:
    cat[r['Category']][2] += id(r) in hit
print(f"{'category':40} {'T':>6} {'found':>6} {'recall':>6} {'FP':>5}")
for k, (t, h, f_) in sorted(cat.items(), key=lambda x: -x[1][0]):
    print(f"{k:40} {t:6} {h:6} {h/t if t else 0:6.2f} {f_:5}")
print('FP by rule:', fprule.most_common(25))
json.dump({'fn': [(r['path'], r['ls'], r['le'], r['Category'], r['ValueStart'], r['ValueEnd']) for r in T if id(r) not in hit],
           'fp': [(r['path'], r['ls'], r['le'], r['Category'], r['ValueStart'], r['ValueEnd']) for r in F if id(r) in hit],
           'unmarked': [(f['file'], f['line'], f['rule_id']) for f in unmarked]}, open('errors.json', 'w'))
