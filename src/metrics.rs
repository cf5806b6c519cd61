//! `GET /metrics` in Prometheus' text format.
//!
//! Requests are counted and timed by route template (`/v1/cooperatives/{id}`), never by raw
//! path: unmatched paths all count as `unmatched`, so a scanner cannot grow the label set.
//! Beside them: the connection pool (read when scraped), database errors by kind and webhook
//! deliveries by outcome. The last two are process-wide counters, shared by every app the
//! process builds.

use std::sync::LazyLock;

use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};

use crate::db::DbPool;

pub(crate) const NAMESPACE: &str = "coopsante";

/// Latency buckets (seconds): from a cached read to a slow export.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Database errors seen by requests, by what the client was told: `unavailable` (503:
/// timeouts, lost connections, no pooled connection in time), `conflict`, `constraint`,
/// `internal`.
pub static DB_ERRORS: LazyLock<IntCounterVec> = LazyLock::new(|| {
    IntCounterVec::new(
        Opts::new(
            "db_errors_total",
            "Database errors met by requests, by kind",
        )
        .namespace(NAMESPACE),
        &["kind"],
    )
    .expect("a valid metric")
});

/// Webhook delivery attempts, by outcome: `delivered`, `retry` (failed, will be retried),
/// `failed` (failed for good).
pub static WEBHOOK_DELIVERIES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    IntCounterVec::new(
        Opts::new(
            "webhook_deliveries_total",
            "Webhook delivery attempts, by outcome",
        )
        .namespace(NAMESPACE),
        &["outcome"],
    )
    .expect("a valid metric")
});

/// Rate-limit checks answered by the instance's own budget because the shared Redis did
/// not answer in time (see `crate::ratelimit`).
pub static RATELIMIT_FALLBACKS: LazyLock<IntCounter> = LazyLock::new(|| {
    IntCounter::with_opts(
        Opts::new(
            "ratelimit_fallbacks_total",
            "Rate-limit checks answered by the instance's own budget because Redis did not answer",
        )
        .namespace(NAMESPACE),
    )
    .expect("a valid metric")
});

/// The pool's figures, read at each scrape.
struct PoolCollector {
    pool: DbPool,
    max: IntGauge,
    open: IntGauge,
    in_use: IntGauge,
    waiting: IntGauge,
}

impl PoolCollector {
    fn new(pool: DbPool) -> Self {
        let gauge = |name: &str, help: &str| {
            IntGauge::with_opts(Opts::new(name, help).namespace(NAMESPACE)).expect("a valid metric")
        };
        Self {
            pool,
            max: gauge("db_pool_max_size", "Connections the pool may open"),
            open: gauge("db_pool_connections", "Connections open in the pool"),
            in_use: gauge("db_pool_in_use", "Connections lent to requests"),
            waiting: gauge("db_pool_waiting", "Requests waiting for a connection"),
        }
    }
}

impl Collector for PoolCollector {
    fn desc(&self) -> Vec<&Desc> {
        [&self.max, &self.open, &self.in_use, &self.waiting]
            .into_iter()
            .flat_map(|g| g.desc())
            .collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let status = self.pool.status();
        let gauges = [
            (&self.max, status.max_size),
            (&self.open, status.size),
            (&self.in_use, status.size.saturating_sub(status.available)),
            (&self.waiting, status.waiting),
        ];
        gauges
            .into_iter()
            .flat_map(|(gauge, value)| {
                gauge.set(i64::try_from(value).unwrap_or(i64::MAX));
                gauge.collect()
            })
            .collect()
    }
}

/// The middleware that counts requests and serves `/metrics`, with this app's pool.
pub fn middleware(pool: &DbPool) -> PrometheusMetrics {
    let registry = Registry::new();
    let metrics: [Box<dyn Collector>; 4] = [
        Box::new(PoolCollector::new(pool.clone())),
        Box::new(DB_ERRORS.clone()),
        Box::new(WEBHOOK_DELIVERIES.clone()),
        Box::new(RATELIMIT_FALLBACKS.clone()),
    ];
    for metric in metrics {
        registry.register(metric).expect("metric names are unique");
    }
    PrometheusMetricsBuilder::new(NAMESPACE)
        .registry(registry)
        .endpoint("/metrics")
        .buckets(&BUCKETS)
        .mask_unmatched_patterns("unmatched")
        .build()
        .expect("valid request metrics")
}
