package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/keyguard-dev/keyguard/app/review"
)

// revocable are the token types GitHub's credential revocation API
// accepts: personal access tokens (classic and fine-grained), OAuth
// tokens, and GitHub App user tokens and refresh tokens.
var revocable = []string{"ghp_", "github_pat_", "gho_", "ghu_", "ghr_"}

// Revocable reports whether GitHub's revocation API takes secret.
func Revocable(secret string) bool {
	for _, p := range revocable {
		if strings.HasPrefix(secret, p) {
			return true
		}
	}
	return false
}

// revoke asks GitHub to revoke a leaked GitHub token and records that it
// did. The API must be called without credentials (GitHub refuses
// authenticated calls) and allows 60 calls an hour, so a failure is
// logged and the issue simply does not claim a revocation; the rotation
// request stands either way. The token itself never reaches a log.
func (w *Worker) revoke(ctx context.Context, repo string, l review.Leak) {
	log := zerolog.Ctx(ctx)
	secret := l.Reveal()
	if !Revocable(secret) || w.RevokeURL == "" {
		return
	}
	body, err := json.Marshal(map[string][]string{"credentials": {secret}})
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.RevokeURL, bytes.NewReader(body))
	if err != nil {
		log.Warn().Str("fingerprint", l.Fingerprint).Msg("cannot build the revocation request")
		return
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	client := w.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// The transport's error may quote the request; keep to the facts.
		log.Warn().Str("fingerprint", l.Fingerprint).Msg("revocation request failed to reach GitHub")
		return
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		log.Warn().Str("fingerprint", l.Fingerprint).Int("status", resp.StatusCode).Msg("GitHub did not accept the revocation")
		return
	}
	if err := w.Ledger.MarkRevoked(ctx, repo, l.Fingerprint); err != nil {
		log.Warn().Err(err).Msg("revoked, but the ledger could not record it")
		return
	}
	log.Info().Str("fingerprint", l.Fingerprint).Msg("revoked a leaked GitHub token")
}

// RevokeURL is where GitHub's credential revocation API lives for an API
// base URL ("https://api.github.com/" or a GitHub Enterprise Server's
// "https://HOST/api/v3/").
func RevokeURL(apiBase string) string {
	return fmt.Sprintf("%s/credentials/revoke", strings.TrimSuffix(apiBase, "/"))
}
