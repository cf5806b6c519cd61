//! Bulkheads: no one resource may hold more than half of the connection pool.
//!
//! A lock held elsewhere on one table (a long migration, a stuck psql session) makes every
//! request to that resource wait up to the lock timeout with a pooled connection in hand.
//! Without a bound those waiters take the whole pool and every other endpoint answers 503
//! too. Here the requests of one resource (the first path segment after `/v1/` of the
//! matched route: `/v1/partners/{id}/history` is `partners`) run at most half the pool's
//! size at a time; the others wait for their turn at most the pool's wait timeout, then get
//! the same 503 as an empty pool. Kept in memory per instance, keyed by route templates only
//! (an unknown path matches none), so it cannot grow without bound.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use tokio::sync::Semaphore;

use crate::db::DbPool;
use crate::error::ApiError;

pub struct Bulkheads {
    per_resource: usize,
    wait: Duration,
    resources: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Bulkheads {
    /// Half the pool per resource (at least one), waiting as long as the pool would.
    pub fn for_pool(pool: &DbPool) -> Self {
        Self {
            per_resource: (pool.status().max_size / 2).max(1),
            wait: pool.timeouts().wait.unwrap_or(Duration::from_secs(2)),
            resources: Mutex::default(),
        }
    }

    /// The semaphore of a resource some route already matched, by the path's first segment:
    /// no route matching (regular expressions) on every request. A segment no route has
    /// matched yet is looked up the slow way, so only route templates ever become keys.
    fn known(&self, path: &str) -> Option<(Arc<Semaphore>, String)> {
        let segment = resource(path)?;
        let resources = self.resources.lock().unwrap_or_else(|e| e.into_inner());
        resources
            .get(segment)
            .map(|s| (s.clone(), segment.to_owned()))
    }

    fn semaphore(&self, resource: &str) -> Arc<Semaphore> {
        let mut resources = self.resources.lock().unwrap_or_else(|e| e.into_inner());
        resources
            .entry(resource.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_resource)))
            .clone()
    }
}

/// The resource a route template belongs to: `/v1/partners/{id}/history` is `partners`.
fn resource(pattern: &str) -> Option<&str> {
    pattern
        .strip_prefix("/v1/")?
        .split('/')
        .next()
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let semaphore = req
        .app_data::<web::Data<Bulkheads>>()
        .and_then(|bulkheads| {
            let (semaphore, resource) = bulkheads.known(req.path()).or_else(|| {
                let pattern = req.match_pattern()?;
                let r = resource(&pattern)?;
                Some((bulkheads.semaphore(r), r.to_owned()))
            })?;
            Some((semaphore, bulkheads.wait, resource))
        });
    let _permit = match semaphore {
        None => None,
        Some((semaphore, wait, resource)) => {
            match tokio::time::timeout(wait, semaphore.acquire_owned()).await {
                Ok(Ok(permit)) => Some(permit),
                _ => {
                    log::warn!("bulkhead: {resource} already holds half the pool; 503");
                    let response = ApiError::Unavailable.error_response();
                    return Ok(req.into_response(response).map_into_boxed_body());
                }
            }
        }
    };
    // The permit is held until the handler has answered (a streamed export then runs on
    // the connection it already holds).
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

#[cfg(test)]
mod tests {
    use super::resource;

    #[test]
    fn a_route_belongs_to_its_first_segment_after_the_version() {
        assert_eq!(resource("/v1/partners"), Some("partners"));
        assert_eq!(resource("/v1/partners/{id}/history"), Some("partners"));
        assert_eq!(resource("/v1/stats/membership"), Some("stats"));
        assert_eq!(resource("/readyz"), None);
        assert_eq!(resource("/v1/"), None);
        assert_eq!(resource("/v1/{tail}"), None);
    }
}
