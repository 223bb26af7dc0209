# Every check CI runs; `make test` is the one command a newcomer needs.
GO ?= go

.PHONY: test build bench accuracy fmt

test:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	cd app && $(GO) vet ./...
	$(GO) test ./...
	@# The App is a module of its own (app/go.mod), so the hook builds without it.
	cd app && $(GO) test ./...
	@# Dogfood: this repository must scan clean with keyguard itself.
	$(GO) run ./hook/cmd/keyguard scan .
	@# Accuracy targets on the labelled corpus, two seeds.
	$(GO) run ./bench/accuracy --check --seed 1 > /dev/null
	$(GO) run ./bench/accuracy --check --seed 2 --size 1500 > /dev/null

build:
	$(GO) build -o keyguard ./hook/cmd/keyguard

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./detector/...

fmt:
	gofmt -w .

accuracy:
	$(GO) run ./bench/accuracy --show-errors 20
