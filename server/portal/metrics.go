package portal

import (
	"crypto/subtle"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"kabinet/server/audit"
)

// metrics is what /metrics exposes, in the Prometheus text format: the Go
// runtime and the process, and the journal's verification.
type metrics struct {
	reg            *prometheus.Registry
	journalChecked prometheus.Gauge
	journalChains  prometheus.Gauge
	journalBroken  prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		journalChecked: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kabinet_journal_last_verified_timestamp_seconds",
			Help: "When the journal's chains were last verified (Unix time)."}),
		journalChains: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kabinet_journal_chains",
			Help: "Journal chains (accounts, and the system's) verified by the last run."}),
		journalBroken: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kabinet_journal_broken_chains",
			Help: "Journal chains found broken by the last verification: anything above 0 needs a person."}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.journalChecked, m.journalChains, m.journalBroken)
	return m
}

func (m *metrics) observeJournal(sum audit.Summary) {
	m.journalChecked.Set(float64(sum.CheckedAt.UnixMilli()) / 1000)
	m.journalChains.Set(float64(sum.Chains))
	m.journalBroken.Set(float64(len(sum.Broken)))
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
