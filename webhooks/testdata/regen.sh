#!/bin/sh
# regen.sh rewrites this folder's example payloads from the npm package
# @octokit/webhooks-examples (MIT, see LICENSE.octokit-webhooks-examples):
# real deliveries that the octokit/webhooks project collected from GitHub's
# documentation. Run it from anywhere; it needs npm and node, not network
# access to GitHub.
#
#     sh webhooks/testdata/regen.sh
#
# The package version is pinned so the output is reproducible; each example
# is picked by what it must show (its action, an installation, a branch push),
# not by its position in the package, and written as one compact line, the
# way GitHub sends it.
set -eu

version=7.6.1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm install --silent --no-audit --no-fund --prefix "$tmp" "@octokit/webhooks-examples@$version" >/dev/null
pkg="$tmp/node_modules/@octokit/webhooks-examples"

license=$(node -p "require('$pkg/package.json').license")
if [ "$license" != MIT ]; then
	echo "regen.sh: @octokit/webhooks-examples@$version is licensed $license, not MIT: check before using it" >&2
	exit 1
fi

PKG="$pkg" OUT="$here" node <<'JS'
const fs = require("fs");
const path = require("path");
const events = {};
for (const e of require(path.join(process.env.PKG, "api.github.com/index.json"))) {
  events[e.name] = e.examples;
}

// file name (event.action.json) -> the event and what the example must show.
const want = [
  ["ping.json", "ping", (p) => p.hook && p.hook.type === "Organization"],
  ["pull_request.opened.json", "pull_request", (p) => p.action === "opened" && p.installation],
  ["pull_request.synchronize.json", "pull_request", (p) => p.action === "synchronize" && p.installation],
  ["pull_request.closed.json", "pull_request", (p) => p.action === "closed" && p.installation],
  // Push payloads carry repository.created_at and pushed_at as Unix integers.
  ["push.json", "push", (p) => p.installation && p.ref.startsWith("refs/heads/") && !p.deleted && typeof p.repository.created_at === "number"],
  ["push.deleted.json", "push", (p) => p.installation && p.deleted],
  ["check_suite.requested.json", "check_suite", (p) => p.action === "requested" && p.installation],
  ["check_suite.rerequested.json", "check_suite", (p) => p.action === "rerequested" && p.installation],
  ["check_run.rerequested.json", "check_run", (p) => p.action === "rerequested" && p.installation],
  ["check_run.requested_action.json", "check_run", (p) => p.action === "requested_action" && p.installation],
  ["installation.created.json", "installation", (p) => p.action === "created" && !p.requester],
  ["installation.deleted.json", "installation", (p) => p.action === "deleted"],
  ["installation_repositories.added.json", "installation_repositories", (p) => p.action === "added" && !p.requester],
  ["installation_repositories.removed.json", "installation_repositories", (p) => p.action === "removed"],
  ["merge_group.checks_requested.json", "merge_group", (p) => p.action === "checks_requested" && p.installation],
  // Comment commands and rotation issues. The package (7.6.1) has no
  // issue_comment on a pull request and no issues closed: the tests add
  // issue.pull_request, a command or the keyguard marker, and change the
  // action, in memory.
  ["issue_comment.created.json", "issue_comment", (p) => p.action === "created" && p.installation && !p.issue.pull_request],
  ["pull_request_review_comment.created.json", "pull_request_review_comment", (p) => p.action === "created" && p.installation],
  ["issues.reopened.json", "issues", (p) => p.action === "reopened" && p.installation],
  ["star.created.json", "star", (p) => p.action === "created"],
];

for (const [file, event, ok] of want) {
  const p = (events[event] || []).find(ok);
  if (!p) {
    console.error(`regen.sh: no ${event} example for ${file}`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(process.env.OUT, file), JSON.stringify(p) + "\n");
}
JS

echo "regen.sh: wrote $(ls "$here"/*.json | wc -l) payloads from @octokit/webhooks-examples@$version"
