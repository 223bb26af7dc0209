module github.com/keyguard-dev/keyguard

go 1.26.8
