package fakegithub

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

// maxAnnotationsPerRequest is GitHub's limit on annotations in one create
// or update (https://docs.github.com/rest/checks/runs#update-a-check-run);
// the description says so too (maxItems), as it limits summary and text
// to 65535 characters (maxLength).
const maxAnnotationsPerRequest = 50

// POST /repos/{owner}/{repo}/check-runs
func createCheckRun(c *call) {
	headSHA, _ := c.str("head_sha")
	cm := c.repo.commits[headSHA]
	if cm == nil {
		c.errorWith(http.StatusUnprocessableEntity, "No commit found for SHA: "+headSHA, nil)
		return
	}
	name, _ := c.str("name")
	now := time.Now().UTC().Truncate(time.Second)
	run := &CheckRun{ID: c.s.newID(), Repo: c.repo.fullName(), Name: name, HeadSHA: headSHA, Status: "queued", StartedAt: now}
	if !c.applyCheckRun(run, now) {
		return
	}
	c.s.checkRuns[run.ID] = run
	c.json(http.StatusCreated, c.checkRunJSON(run))
}

// PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}
func updateCheckRun(c *call) {
	run := c.checkRun()
	if run == nil {
		return
	}
	updated := *run
	updated.Annotations = append([]Annotation(nil), run.Annotations...)
	updated.Actions = append([]string(nil), run.Actions...)
	if !c.applyCheckRun(&updated, time.Now().UTC().Truncate(time.Second)) {
		return
	}
	updated.Updates++
	*run = updated
	c.json(http.StatusOK, c.checkRunJSON(run))
}

// applyCheckRun writes a create or update body over run, checking what
// GitHub checks beyond the schema. It answers the failure itself.
func (c *call) applyCheckRun(run *CheckRun, now time.Time) bool {
	if v, ok := c.str("name"); ok {
		run.Name = v
	}
	if v, ok := c.str("details_url"); ok {
		run.DetailsURL = v
	}
	if v, ok := c.str("external_id"); ok {
		run.ExternalID = v
	}
	if v, ok := c.str("started_at"); ok {
		t, _ := time.Parse(time.RFC3339, v)
		run.StartedAt = t
	}
	if v, ok := c.str("completed_at"); ok {
		t, _ := time.Parse(time.RFC3339, v)
		run.CompletedAt = t
	}
	if v, ok := c.str("status"); ok {
		run.Status = v
	}
	conclusion, hasConclusion := c.str("conclusion")
	if hasConclusion {
		// "Providing conclusion will automatically set the status
		// parameter to completed."
		run.Conclusion = conclusion
		run.Status = "completed"
	}
	if run.Status == "completed" && run.Conclusion == "" {
		c.errorWith(http.StatusUnprocessableEntity, "Invalid request.\n\n`conclusion` is required when `status` is \"completed\".", nil)
		return false
	}
	if _, ok := c.body["completed_at"]; ok && run.Conclusion == "" {
		c.errorWith(http.StatusUnprocessableEntity, "Invalid request.\n\n`conclusion` is required when `completed_at` is supplied.", nil)
		return false
	}
	if run.Status == "completed" && run.CompletedAt.IsZero() {
		run.CompletedAt = now
	}
	if list, ok := c.body["actions"].([]any); ok {
		// The schema bounds each field; GitHub also allows three.
		if len(list) > 3 {
			c.errorWith(http.StatusUnprocessableEntity, "Invalid request.\n\nOnly 3 actions are allowed.", nil)
			return false
		}
		run.Actions = nil
		for _, a := range list {
			if m, ok := a.(map[string]any); ok {
				id, _ := m["identifier"].(string)
				run.Actions = append(run.Actions, id)
			}
		}
	}
	out, ok := c.body["output"].(map[string]any)
	if !ok {
		return true
	}
	if v, ok := out["title"].(string); ok {
		run.Title = v
	}
	if v, ok := out["summary"].(string); ok {
		run.Summary = v
	}
	if v, ok := out["text"].(string); ok {
		run.Text = v
	}
	list, _ := out["annotations"].([]any)
	if len(list) > maxAnnotationsPerRequest {
		// The description's maxItems catches this first; kept in case a
		// regenerated description drops it.
		c.errorWith(http.StatusUnprocessableEntity, "Invalid request.\n\nNo more than 50 items are allowed; "+strconv.Itoa(len(list))+" were supplied.", nil)
		return false
	}
	for _, item := range list {
		m, _ := item.(map[string]any)
		a := Annotation{}
		a.Path, _ = m["path"].(string)
		a.StartLine, _ = c.num(m, "start_line")
		a.EndLine, _ = c.num(m, "end_line")
		var hasStartCol, hasEndCol bool
		a.StartColumn, hasStartCol = c.num(m, "start_column")
		a.EndColumn, hasEndCol = c.num(m, "end_column")
		a.Level, _ = m["annotation_level"].(string)
		a.Message, _ = m["message"].(string)
		a.Title, _ = m["title"].(string)
		a.RawDetails, _ = m["raw_details"].(string)
		// "Annotations only support start_column and end_column on the
		// same line. Omit this parameter if start_line and end_line have
		// different values."
		if (hasStartCol || hasEndCol) && a.StartLine != a.EndLine {
			c.errorWith(http.StatusUnprocessableEntity, "Invalid request.\n\nstart_column and end_column may only be given when start_line equals end_line.", nil)
			return false
		}
		if a.EndLine < a.StartLine {
			c.errorWith(http.StatusUnprocessableEntity, "Invalid request.\n\nend_line must not be before start_line.", nil)
			return false
		}
		run.Annotations = append(run.Annotations, a)
	}
	return true
}

// checkRun finds the {check_run_id} check run of this repository.
func (c *call) checkRun() *CheckRun {
	run := c.s.checkRuns[c.intParam("check_run_id")]
	if run == nil || run.Repo != c.repo.fullName() {
		c.notFound()
		return nil
	}
	return run
}

// GET /repos/{owner}/{repo}/check-runs/{check_run_id}
func getCheckRun(c *call) {
	if run := c.checkRun(); run != nil {
		c.json(http.StatusOK, c.checkRunJSON(run))
	}
}

// GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations
func listAnnotations(c *call) {
	run := c.checkRun()
	if run == nil {
		return
	}
	lo, hi := c.paginate(len(run.Annotations), 30, 100, 0)
	out := []any{}
	for _, a := range run.Annotations[lo:hi] {
		m := c.tmpl("check-annotation-items", "check-annotation")
		m["path"] = a.Path
		m["start_line"] = a.StartLine
		m["end_line"] = a.EndLine
		m["start_column"] = nil
		m["end_column"] = nil
		if a.StartColumn != 0 || a.EndColumn != 0 {
			m["start_column"] = a.StartColumn
			m["end_column"] = a.EndColumn
		}
		m["annotation_level"] = a.Level
		m["message"] = a.Message
		m["title"] = a.Title
		m["raw_details"] = a.RawDetails
		m["blob_href"] = "https://github.com/" + run.Repo + "/blob/" + run.HeadSHA + "/" + escapePath(a.Path)
		out = append(out, m)
	}
	c.json(http.StatusOK, out)
}

// GET /repos/{owner}/{repo}/commits/{ref}/check-runs
func listCheckRunsForRef(c *call) {
	cm := c.repo.resolve(c.params["ref"])
	if cm == nil {
		c.errorWith(http.StatusUnprocessableEntity, "No commit found for SHA: "+c.params["ref"], nil)
		return
	}
	var runs []*CheckRun
	for _, run := range c.s.checkRuns {
		if run.Repo != c.repo.fullName() || run.HeadSHA != cm.sha {
			continue
		}
		if name := c.query.Get("check_name"); name != "" && run.Name != name {
			continue
		}
		if st := c.query.Get("status"); st != "" && run.Status != st {
			continue
		}
		runs = append(runs, run)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].ID > runs[j].ID })
	if c.query.Get("filter") != "all" {
		// "latest" (the default): the most recent run of each name.
		seen := map[string]bool{}
		latest := runs[:0]
		for _, run := range runs {
			if !seen[run.Name] {
				seen[run.Name] = true
				latest = append(latest, run)
			}
		}
		runs = latest
	}
	lo, hi := c.paginate(len(runs), 30, 100, 0)
	list := []any{}
	for _, run := range runs[lo:hi] {
		list = append(list, c.checkRunJSON(run))
	}
	c.json(http.StatusOK, map[string]any{"total_count": len(runs), "check_runs": list})
}

func (c *call) checkRunJSON(run *CheckRun) map[string]any {
	api := c.base + "/repos/" + run.Repo
	id := strconv.FormatInt(run.ID, 10)
	out := c.tmpl("check-run", "check-run")
	out["id"] = run.ID
	out["node_id"] = nodeID("CheckRun", run.ID)
	out["head_sha"] = run.HeadSHA
	out["name"] = run.Name
	out["external_id"] = run.ExternalID
	out["url"] = api + "/check-runs/" + id
	out["html_url"] = "https://github.com/" + run.Repo + "/runs/" + id
	out["details_url"] = run.DetailsURL
	if run.DetailsURL == "" && c.app != nil {
		out["details_url"] = "https://github.com/apps/" + c.app.Slug
	}
	out["status"] = run.Status
	out["conclusion"] = nil
	if run.Conclusion != "" {
		out["conclusion"] = run.Conclusion
	}
	out["started_at"] = nullTime(run.StartedAt)
	out["completed_at"] = nullTime(run.CompletedAt)
	output := map[string]any{
		"title":             nil,
		"summary":           nil,
		"text":              nil,
		"annotations_count": len(run.Annotations),
		"annotations_url":   api + "/check-runs/" + id + "/annotations",
	}
	if run.Title != "" {
		output["title"] = run.Title
	}
	if run.Summary != "" {
		output["summary"] = run.Summary
	}
	if run.Text != "" {
		output["text"] = run.Text
	}
	out["output"] = output
	out["check_suite"] = map[string]any{"id": run.ID + 500000}
	if c.app != nil {
		out["app"] = c.appJSON(c.app)
	}
	prs := []any{}
	for _, n := range sortedPulls(c.repo) {
		pr := c.repo.pulls[n]
		if pr.State != "open" || pr.HeadSHA != run.HeadSHA {
			continue
		}
		repo := map[string]any{"id": c.repo.ID, "url": api, "name": c.repo.Name}
		prs = append(prs, map[string]any{
			"id":     pr.id,
			"number": pr.Number,
			"url":    api + "/pulls/" + strconv.Itoa(pr.Number),
			"head":   map[string]any{"ref": pr.Head, "sha": pr.HeadSHA, "repo": repo},
			"base":   map[string]any{"ref": pr.Base, "sha": pr.BaseSHA, "repo": repo},
		})
	}
	out["pull_requests"] = prs
	delete(out, "deployment")
	return out
}

func sortedPulls(r *repoState) []int {
	var ns []int
	for n := range r.pulls {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	return ns
}

// CheckRuns returns a repository's check runs, oldest first.
func (s *Server) CheckRuns(repo string) []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	full := s.repo(repo).fullName()
	var out []CheckRun
	for _, run := range s.checkRuns {
		if run.Repo == full {
			cp := *run
			cp.Annotations = append([]Annotation(nil), run.Annotations...)
			out = append(out, cp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
