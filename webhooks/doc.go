// Package webhooks receives GitHub's deliveries safely: signature checks
// that fail closed, bounded bodies, de-duplication by delivery ID. It is
// built in a later milestone.
package webhooks
