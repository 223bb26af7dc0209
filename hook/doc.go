// Package hook is the keyguard command: a thin shell over package detector
// that builds fragments from files (and, for the git gates, from diffs),
// scans them, renders the findings and chooses the exit status: 0 clean,
// 1 secrets found, 2 error.
//
// It must never link go-github, ghinstallation or the App's database
// drivers: the pre-commit binary stays small and starts instantly
// (deps_test.go holds that line).
package hook
