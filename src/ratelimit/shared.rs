//! Budgets shared by every instance, in Redis (`COOPSANTE_REDIS_URL`): the same GCRA as the
//! in-memory limits, run as one Lua script so that reading and moving a key's theoretical
//! arrival time is atomic whatever instance asks, on Redis's clock (the instances' clocks
//! never meet). When Redis does not answer in time the limits fall back to each instance's own
//! (fail open, per instance): an outage of the limiter must not take the API down. Each
//! fallback counts in `coopsante_ratelimit_fallbacks_total` and is logged at most every 10 s.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::OnceCell;

/// What the shared budget says of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Counted: `remaining` requests left now, whole again in `reset` seconds.
    Allowed { remaining: u32, reset: u64 },
    /// Over the budget: try again in `retry_after` seconds.
    Refused { retry_after: u64 },
}

/// GCRA over microseconds. KEYS[1]: the key; ARGV[1]: the emission interval (one request's
/// share of the window), ARGV[2]: the window. A request is allowed while the theoretical
/// arrival time is at most `window - interval` ahead of now; the key expires when whole.
const GCRA: &str = r"
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local tolerance = window - interval
if tat - now > tolerance then
  return {0, 0, tat - now - tolerance}
end
local next_tat = tat + interval
redis.call('SET', KEYS[1], next_tat, 'PX', math.ceil((next_tat - now) / 1000))
return {1, math.floor((tolerance - (next_tat - now)) / interval) + 1, next_tat - now}
";

/// How long a check may wait for Redis before the instance's own budget answers instead.
const ANSWER_WITHIN: Duration = Duration::from_millis(200);

pub struct Shared {
    client: redis::Client,
    /// Every key is under this prefix (several deployments may share one Redis).
    prefix: String,
    script: redis::Script,
    connection: Arc<OnceCell<ConnectionManager>>,
    connecting: Arc<AtomicBool>,
    last_warned: AtomicU64,
}

impl Shared {
    /// A limiter on the Redis at `url` (`redis://`); connects on first use.
    pub fn new(url: &str, prefix: impl Into<String>) -> Result<Self, String> {
        let client = redis::Client::open(url).map_err(|e| format!("not a Redis URL: {e}"))?;
        Ok(Self {
            client,
            prefix: prefix.into(),
            script: redis::Script::new(GCRA),
            connection: Arc::new(OnceCell::new()),
            connecting: Arc::new(AtomicBool::new(false)),
            last_warned: AtomicU64::new(0),
        })
    }

    /// Counts one request of `key` against the shared budget `name` of `per_minute`; `None`
    /// when Redis did not answer (the caller falls back to the instance's budget).
    pub async fn check(&self, name: &str, key: &str, per_minute: u32) -> Option<Answer> {
        let answer = match self.connection.get() {
            Some(conn) => self.run(conn.clone(), name, key, per_minute).await,
            None => {
                self.connect();
                Err("not connected yet".to_owned())
            }
        };
        match answer {
            Ok(answer) => Some(answer),
            Err(why) => {
                crate::metrics::RATELIMIT_FALLBACKS.inc();
                self.warn(&why);
                None
            }
        }
    }

    async fn run(
        &self,
        mut conn: ConnectionManager,
        name: &str,
        key: &str,
        per_minute: u32,
    ) -> Result<Answer, String> {
        const WINDOW: u64 = 60_000_000;
        let interval = WINDOW / u64::from(per_minute.max(1));
        let mut invocation = self.script.key(format!("{}:{name}:{key}", self.prefix));
        invocation.arg(interval).arg(WINDOW);
        let call = invocation.invoke_async::<(i64, i64, i64)>(&mut conn);
        let (allowed, remaining, micros) = tokio::time::timeout(ANSWER_WITHIN, call)
            .await
            .map_err(|_| format!("no answer within {} ms", ANSWER_WITHIN.as_millis()))?
            .map_err(|e| e.to_string())?;
        let seconds = (micros.max(0) as u64).div_ceil(1_000_000);
        Ok(if allowed == 1 {
            Answer::Allowed {
                remaining: remaining.clamp(0, i64::from(per_minute)) as u32,
                reset: seconds,
            }
        } else {
            Answer::Refused {
                retry_after: seconds.max(1),
            }
        })
    }

    /// Connects now (at start: so that the first requests share the budget, and an
    /// unreachable Redis is said at once); on failure, checks will try again.
    pub async fn connect_now(&self) -> Result<(), String> {
        let conn = ConnectionManager::new_with_config(self.client.clone(), manager_config())
            .await
            .map_err(|e| e.to_string())?;
        let _ = self.connection.set(conn);
        Ok(())
    }

    /// Connects in the background, once at a time, so that no request waits for it.
    fn connect(&self) {
        if self.connecting.swap(true, Ordering::AcqRel) {
            return;
        }
        let (client, cell, connecting) = (
            self.client.clone(),
            self.connection.clone(),
            self.connecting.clone(),
        );
        actix_web::rt::spawn(async move {
            match ConnectionManager::new_with_config(client, manager_config()).await {
                Ok(conn) => {
                    let _ = cell.set(conn);
                    log::info!("rate limits shared through Redis");
                }
                // The next check tries again.
                Err(e) => log::debug!("cannot connect to Redis yet: {e}"),
            }
            connecting.store(false, Ordering::Release);
        });
    }

    fn warn(&self, why: &str) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let last = self.last_warned.load(Ordering::Relaxed);
        if now >= last + 10
            && self
                .last_warned
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            log::warn!("Redis did not answer ({why}): rate limits are per instance meanwhile");
        }
    }
}

fn manager_config() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(ANSWER_WITHIN))
}
