# keyguard-app: a static binary on a distroless, non-root base.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
COPY app/go.mod app/go.sum ./app/
RUN cd app && go mod download
COPY . .
# The App is its own module (app/go.mod), built from its directory.
WORKDIR /src/app
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/keyguard-app ./cmd/keyguard-app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/keyguard-app /keyguard-app
USER nonroot:nonroot
# The SQLite queue lives here (a Fly volume in production).
VOLUME /data
ENV KEYGUARD_DATA_DIR=/data PORT=8080
EXPOSE 8080
ENTRYPOINT ["/keyguard-app"]
