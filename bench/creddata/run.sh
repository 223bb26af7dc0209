#!/bin/bash
# Scores keyguard on CredData (github.com/Samsung/CredData), people's labels
# of credentials in real code from about 300 public repositories.
#
#   bench/creddata/run.sh CREDDATA_CHECKOUT MIRRORS [WORKDIR]
#
# CREDDATA_CHECKOUT is a checkout of Samsung/CredData; MIRRORS holds a git
# clone of each repository it lists, as MIRRORS/owner+name (full history:
# the labels are for one commit of each). Nothing of CredData is kept in
# this repository. The files are rebuilt from the clones, obfuscated with
# CredData's own obfuscate_creds.py as its download script does, scanned,
# and scored line by line. CREDS=1 (the default here) leaves out rows that
# label identifiers rather than credentials (UUIDs, bucket names, nonces).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
creddata=$(cd "$1" && pwd); mirrors=$(cd "$2" && pwd); work=${3:-$(mktemp -d)}
mkdir -p "$work"
cd "$here/../.." && go build -o "$work/keyguard" ./hook/cmd/keyguard
python3 "$here/build.py" "$creddata" "$mirrors" "$work/data"
# obfuscate_creds imports pybase62; base62.py stands in where PyPI is not reachable.
PYTHONPATH="$creddata:$here" python3 "$here/obfuscate.py" "$creddata" "$work"
"$work/keyguard" scan --format json "$work/obf" > "$work/report.json" || true
# score.py writes its misses and false positives to errors.json in $work.
cd "$work" && CREDS=${CREDS-1} python3 "$here/score.py" "$creddata" "$work/obf" "$work/report.json"
