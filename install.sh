#!/bin/sh
# install.sh builds keyguard from this checkout, puts the binary in a
# directory on your PATH, and offers to install the git hook that blocks
# commits with secrets. Safe to run again: it rebuilds and leaves an
# installed hook as it is.
set -eu

usage() {
	cat <<'EOF'
Usage: sh install.sh [--prefix DIR] [--hook | --global | --no-hook]
       sh install.sh --uninstall [--prefix DIR] [--hook | --global]

Builds keyguard from this checkout (needs Go) into DIR (default:
~/.local/bin), then installs the git pre-commit hook:

  --hook        in the git repository you run this from
  --global      in every repository of yours (git's global core.hooksPath)
  --no-hook     not at all
                (no flag: asks on a terminal, otherwise prints how)
  --prefix DIR  where the keyguard binary goes
  --uninstall   remove the hooks (this repository's and the global ones,
                or only those --hook / --global name) and the binary
  -h, --help    this help
EOF
}

die() {
	printf 'install.sh: %s\n' "$*" >&2
	exit 1
}

say() {
	printf 'install.sh: %s\n' "$*" >&2
}

prefix=${HOME:?HOME is not set}/.local/bin
hook=ask
uninstall=false
while [ $# -gt 0 ]; do
	case $1 in
	--prefix)
		[ $# -ge 2 ] || die "--prefix needs a directory"
		prefix=$2
		shift
		;;
	--prefix=*) prefix=${1#--prefix=} ;;
	--hook | --global | --no-hook)
		[ "$hook" = ask ] || die "choose one of --hook, --global and --no-hook"
		hook=${1#--}
		;;
	--uninstall) uninstall=true ;;
	-h | --help)
		usage
		exit 0
		;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift
done
[ -n "$prefix" ] || die "--prefix needs a directory"
case $prefix in
/*) ;;
*) prefix=$(pwd)/$prefix ;;
esac
bin=$prefix/keyguard

in_repo() {
	git rev-parse --git-dir >/dev/null 2>&1
}

if [ "$uninstall" = true ]; then
	if [ -x "$bin" ]; then
		# Hooks first: with the binary gone they would block every commit.
		if [ "$hook" != hook ] && [ "$hook" != no-hook ]; then
			"$bin" uninstall --global
		fi
		if [ "$hook" != global ] && [ "$hook" != no-hook ] && in_repo; then
			"$bin" uninstall
		fi
		rm -f "$bin"
		say "removed $bin"
		say "keyguard hooks in other repositories stay, and stop commits there until you delete them (.git/hooks/pre-commit) or install keyguard again"
	else
		say "no keyguard in $prefix: nothing to remove"
	fi
	exit 0
fi

# Build from the checkout this script is in, whatever the current directory.
src=$(cd -- "$(dirname -- "$0")" && pwd)
[ -f "$src/hook/cmd/keyguard/main.go" ] || die "run this script from a keyguard checkout ($src has no hook/cmd/keyguard)"
command -v go >/dev/null 2>&1 || die "Go is not installed (or not on PATH): install Go 1.26 or later from https://go.dev/dl/ and run this again"

mkdir -p -- "$prefix" 2>/dev/null || die "cannot create $prefix: choose another directory with --prefix DIR"
[ -w "$prefix" ] || die "cannot write to $prefix: choose another directory with --prefix DIR"

# Build next to the target and rename over it, so that a commit running the
# old binary meanwhile never sees a half-written file.
tmp=$prefix/.keyguard.$$
trap 'rm -f "$tmp"' EXIT
say "building keyguard with $(go version | cut -d' ' -f3)…"
(cd -- "$src" && CGO_ENABLED=0 go build -trimpath -o "$tmp" ./hook/cmd/keyguard) || die "go build failed (see above)"
mv -f -- "$tmp" "$bin"
say "installed $("$bin" version) in $bin"

case ":$PATH:" in
*":$prefix:"*) ;;
*) say "warning: $prefix is not on your PATH: add it (for example in ~/.profile: export PATH=\"$prefix:\$PATH\")" ;;
esac

if [ "$hook" = ask ]; then
	if [ -t 0 ] && [ -t 2 ]; then
		if in_repo; then
			question="Install the pre-commit hook in this repository ($(git rev-parse --show-toplevel 2>/dev/null || pwd))?"
			answer_hook=hook
		else
			question="Install the pre-commit hook for all your git repositories (git config --global core.hooksPath)?"
			answer_hook=global
		fi
		printf '%s [y/N] ' "$question" >&2
		read -r answer || answer=
		case $answer in
		[yY] | [yY][eE][sS]) hook=$answer_hook ;;
		*) hook=no-hook ;;
		esac
	else
		say "to block secrets before each commit, run: keyguard install (in a repository) or keyguard install --global (in all of them)"
		exit 0
	fi
fi
case $hook in
hook) "$bin" install ;;
global) "$bin" install --global ;;
no-hook) say "no hook installed; later: keyguard install [--global]" ;;
esac
