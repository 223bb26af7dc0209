"""Rebuilds CredData's data/ from git clones of the repositories it labels.

build.py CREDDATA_CHECKOUT MIRRORS OUT: for each repository in
snapshot.json, the files its meta/*.csv names are read at the labelled
commit from MIRRORS/owner+name and written where CredData's downloader
would put them (OUT/<repo id>/<scope>/<file id><ext>). A file's id is the
first 8 hex digits of the SHA-256 of its path; a repository's id is the
CRC-32 of its snapshot key, as CredData defines them.
"""
import binascii, csv, hashlib, json, os, subprocess, sys
creddata, mirrors, out = sys.argv[1], sys.argv[2], sys.argv[3]
snap = json.load(open(os.path.join(creddata, 'snapshot.json')))
stats = {'ok': 0, 'missing_repo': [], 'missing_commit': [], 'missing_files': 0, 'files': 0}
for key, url in snap.items():
    nid = f"{binascii.crc32(binascii.unhexlify(key)):08x}"
    commit = key[:40]
    name = url.replace('https://github.com/', '').rstrip('/').removesuffix('.git')
    mirror = os.path.join(mirrors, name.replace('/', '+'))
    if os.path.isdir(os.path.join(mirror, 'repo')):
        mirror = os.path.join(mirror, 'repo')
    try:
        rows = list(csv.DictReader(open(os.path.join(creddata, 'meta', f'{nid}.csv'))))
    except FileNotFoundError:
        rows = []
    if not rows:
        continue
    want = {}
    for r in rows:
        want[r['FileID']] = r['FilePath']
    if not os.path.isdir(mirror):
        stats['missing_repo'].append(name); continue
    if subprocess.run(['git', '-C', mirror, 'cat-file', '-e', commit + '^{commit}'], capture_output=True).returncode:
        stats['missing_commit'].append(name); continue
    ls = subprocess.run(['git', '-C', mirror, 'ls-tree', '-r', '-z', '--full-tree', commit], capture_output=True, check=True).stdout
    found = {}
    for ent in ls.split(b'\0'):
        if not ent: continue
        meta, path = ent.split(b'\t', 1)
        mode, typ, sha = meta.split()
        if typ != b'blob' or mode == b'120000': continue
        p = path.decode('utf-8', 'surrogateescape')
        fid = hashlib.sha256(p.encode('utf-8', 'surrogateescape')).hexdigest()[:8]
        if fid in want and fid not in found:
            found[fid] = sha.decode()
    for fid, fp in want.items():
        if fid not in found:
            stats['missing_files'] += 1; continue
        dst = os.path.join(out, fp[len('data/'):])
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        res = subprocess.run(['git', '-C', mirror, 'cat-file', 'blob', found[fid]], capture_output=True)
        if res.returncode:
            stats['missing_files'] += 1; continue
        blob = res.stdout
        open(dst, 'wb').write(blob)
        stats['files'] += 1
    stats['ok'] += 1
print(json.dumps({k: (v if not isinstance(v, list) else len(v)) for k, v in stats.items()}))
print('missing repos:', ' '.join(stats['missing_repo'][:20]))
print('missing commits:', ' '.join(stats['missing_commit']))
