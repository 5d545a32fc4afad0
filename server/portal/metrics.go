package portal

import (
	"context"
	"crypto/subtle"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/uptrace/bun"

	"kabinet/server/audit"
)

// metrics is what /metrics exposes, in the Prometheus text format: the Go
// runtime and the process, requests by route, the database pool, the job
// queue, the password hasher's queue and the journal's verification.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	argonWait prometheus.Histogram
	journal   *journalState // set by watchJournal; health reads it too
}

// pagesRoute is the one label of every page go-app serves (its handler
// is mounted at "/", so the path would say nothing, and raw URLs would
// make a series per address typed).
const pagesRoute = "pages"

func newMetrics(db *bun.DB) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kabinet_http_requests_total",
			Help: "HTTP requests answered, by method, route template and status."}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "kabinet_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route template and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}}, []string{"method", "route", "status"}),
		argonWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kabinet_argon2_queue_wait_seconds",
			Help:    "Time a password hash waited for a free hashing slot (one per core).",
			Buckets: []float64{0, .001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.DB, "kabinet"), jobQueue{db: db},
		m.requests, m.latency, m.argonWait)
	return m
}

// observeArgonWait is the hasher's report of one hash's wait.
func (m *metrics) observeArgonWait(d time.Duration) { m.argonWait.Observe(d.Seconds()) }

// count is the first middleware: it times every request and counts it
// under Fiber's matched route (the template, "/api/v1/npd/receipts/:id",
// never the URL with its ids). An error is handed to the error handler
// here, as Fiber's logger does, so that the status counted is the one
// sent.
func (m *metrics) count(c *fiber.Ctx) error {
	began := time.Now()
	if err := c.Next(); err != nil {
		if err := c.App().ErrorHandler(c, err); err != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	route := c.Route().Path
	if route == "/" {
		route = pagesRoute
	}
	// The method is fasthttp's buffer, reused by the next request: the
	// series keeps its own copy.
	labels := []string{strings.Clone(c.Method()), route, strconv.Itoa(c.Response().StatusCode())}
	m.requests.WithLabelValues(labels...).Inc()
	m.latency.WithLabelValues(labels...).Observe(time.Since(began).Seconds())
	return nil
}

// jobQueue reports, when scraped, how many jobs are due and how long the
// oldest due one has waited: a queue that grows or ages means the workers
// do not keep up (or a handler keeps failing).
type jobQueue struct{ db *bun.DB }

var (
	jobsDueDesc = prometheus.NewDesc("kabinet_jobs_due", "Jobs due to run and not done.", nil, nil)
	jobsAgeDesc = prometheus.NewDesc("kabinet_jobs_oldest_due_age_seconds",
		"How long the oldest due job has been waiting (0 when none is due).", nil, nil)
)

func (q jobQueue) Describe(ch chan<- *prometheus.Desc) { ch <- jobsDueDesc; ch <- jobsAgeDesc }

func (q jobQueue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var due int64
	var age float64
	err := q.db.NewRaw(`SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(run_at)), 0)::float8
		FROM jobs WHERE done_at IS NULL AND run_at <= now()`).Scan(ctx, &due, &age)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(jobsDueDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(jobsDueDesc, prometheus.GaugeValue, float64(due))
	ch <- prometheus.MustNewConstMetric(jobsAgeDesc, prometheus.GaugeValue, age)
}

// watchJournal adds the journal's verifications to what is scraped (the
// journal is made after the metrics, which its hasher reports to).
func (m *metrics) watchJournal(db *bun.DB, journal *audit.Journal) {
	m.journal = &journalState{db: db, journal: journal, one: make(chan struct{}, 1)}
	m.reg.MustRegister(journalChecks{m.journal})
}

// journalStateFresh is how long one reading of the journal's state serves
// the monitors.
var journalStateFresh = 10 * time.Second

// journalState is the journal's State as the monitors read it (/metrics,
// and health, which anyone may ask): a reading takes every chain's record
// and checks its MAC, tens of milliseconds for 10 000 chains, so one
// reading serves every request of the next journalStateFresh, and
// requests that come while it runs wait for it rather than start their
// own. A break, or a record changed to hide one, shows within that time.
type journalState struct {
	db      *bun.DB
	journal *audit.Journal
	one     chan struct{} // held by the reading in progress
	at      time.Time     // of st; zero before the first reading
	st      audit.State
}

func (j *journalState) get(ctx context.Context) (audit.State, error) {
	select {
	case j.one <- struct{}{}:
	case <-ctx.Done():
		return audit.State{}, ctx.Err()
	}
	defer func() { <-j.one }()
	if !j.at.IsZero() && time.Since(j.at) < journalStateFresh {
		return j.st, nil
	}
	st, err := j.journal.State(ctx, j.db)
	if err != nil {
		return st, err
	}
	j.st, j.at = st, time.Now()
	return st, nil
}

// journalChecks reports, when scraped, what the journal's verifications
// recorded (journal_checks): whichever found a break — the job, a journal
// page, `kabinet journal verify`, on any of the portal's processes — it
// counts within journalStateFresh, not at the job's next run, and a
// restart forgets none. A record that fails its MAC (changed without the
// key, to hide a break) counts as broken too (audit.State).
type journalChecks struct{ state *journalState }

var (
	journalVerifiedDesc = prometheus.NewDesc("kabinet_journal_last_verified_timestamp_seconds",
		"The oldest of the journal chains' last verifications (Unix time): every chain was verified since. "+
			"The job verifies them all every 15 minutes.", nil, nil)
	journalChainsDesc = prometheus.NewDesc("kabinet_journal_chains",
		"Journal chains (accounts, the system's, and the anchor's count of the whole journal) ever verified.", nil, nil)
	journalBrokenDesc = prometheus.NewDesc("kabinet_journal_broken_chains",
		"Journal chains found broken, the anchor's count among them: anything above 0 needs a person.", nil, nil)
)

func (j journalChecks) Describe(ch chan<- *prometheus.Desc) {
	ch <- journalVerifiedDesc
	ch <- journalChainsDesc
	ch <- journalBrokenDesc
}

func (j journalChecks) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := j.state.get(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(journalBrokenDesc, err)
		return
	}
	var oldest float64
	if !st.Oldest.IsZero() {
		oldest = float64(st.Oldest.UnixMicro()) / 1e6
	}
	ch <- prometheus.MustNewConstMetric(journalVerifiedDesc, prometheus.GaugeValue, oldest)
	ch <- prometheus.MustNewConstMetric(journalChainsDesc, prometheus.GaugeValue, float64(st.Chains))
	ch <- prometheus.MustNewConstMetric(journalBrokenDesc, prometheus.GaugeValue, float64(st.Broken))
}

// handler serves /metrics to a scraper holding METRICS_TOKEN as a bearer
// token or, without a token configured, only to this machine itself (a
// request a proxy forwarded is not this machine's, whatever its socket).
func (m *metrics) handler(token string) fiber.Handler {
	serve := adaptor.HTTPHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return func(c *fiber.Ctx) error {
		if token != "" {
			got := []byte(c.Get(fiber.HeaderAuthorization))
			if subtle.ConstantTimeCompare(got, []byte("Bearer "+token)) != 1 {
				return c.SendStatus(fiber.StatusUnauthorized)
			}
		} else if !c.Context().RemoteIP().IsLoopback() || c.Get(fiber.HeaderXForwardedFor) != "" || c.Get("X-Real-IP") != "" {
			return c.SendStatus(fiber.StatusForbidden)
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		return serve(c)
	}
}
