"""Obfuscates the rebuilt files with CredData's own script, as its downloader does."""
import csv, glob, os, shutil, sys

creddata, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, creddata)
import obfuscate_creds  # noqa: E402  (from the CredData checkout)

# Only the rows whose files were rebuilt: some repositories or blobs may be missing.
meta = os.path.join(work, 'meta')
shutil.rmtree(meta, ignore_errors=True)
os.makedirs(meta)
for m in glob.glob(os.path.join(creddata, 'meta', '*.csv')):
    rows = list(csv.DictReader(open(m)))
    keep = [r for r in rows if os.path.exists(os.path.join(work, r['FilePath']))]
    if keep:
        with open(os.path.join(meta, os.path.basename(m)), 'w', newline='') as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(keep)
obf = os.path.join(work, 'obf')
shutil.rmtree(obf, ignore_errors=True)
shutil.copytree(os.path.join(work, 'data'), obf)
obfuscate_creds.obfuscate_creds(meta, obf, 0)
