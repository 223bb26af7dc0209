// Package app is the keyguard GitHub App server: it turns verified webhook
// deliveries into durable scan jobs and reports check runs and review
// comments. It is built in a later milestone; the folder exists so the
// module's layout matches the design.
package app
