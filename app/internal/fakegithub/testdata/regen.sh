#!/bin/sh
# regen.sh rebuilds openapi-subset.json from GitHub's REST description as
# the @octokit/openapi npm package publishes it, keeping only the
# operations in operations.txt and the components they reference.
#
#   sh app/internal/fakegithub/testdata/regen.sh [VERSION]
#
# Needs npm (to fetch the package), Go, and network access to the npm
# registry. After it, run `go test ./internal/fakegithub/` in app/: the route
# table, operations.txt and the subset must agree, and every response the
# fake sends is checked against the new schemas.
set -eu

version=${1:-23.0.2}
here=$(cd "$(dirname "$0")" && pwd)
# The repository root: this folder is app/internal/fakegithub/testdata.
root=$(cd "$here/../../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@octokit/openapi@$version" >/dev/null && tar xzf octokit-openapi-*.tgz)
spec="$work/package/generated/api.github.com.json"
test -f "$spec" || { echo "regen.sh: no generated/api.github.com.json in @octokit/openapi@$version" >&2; exit 1; }

(cd "$here" && go run subset.go -spec "$spec" -ops operations.txt -out openapi-subset.json)
cp "$work/package/LICENSE" "$here/LICENSE.octokit-openapi"
sed -i.bak "s/^Package version: .*/Package version: $version/" "$here/README.md" && rm -f "$here/README.md.bak"

# The subset must scan clean: subset.go replaces token-shaped example
# values, and this checks it caught them all.
(cd "$root" && go run ./hook/cmd/keyguard scan "$here/openapi-subset.json")
