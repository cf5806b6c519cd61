//! Revoked API clients, known to every running instance without a database round-trip per
//! request: loaded whole at start, then kept fresh by `LISTEN` on a dedicated connection (a
//! pooled one would stay subscribed and hear nothing while in a transaction). Notifications
//! sent while that connection is down are lost, so the set is loaded whole again after every
//! reconnect. Revocation is final: the set only grows, and is bounded by the number of clients.

use std::collections::HashSet;
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use futures_util::StreamExt;

use crate::db::api_clients;
use crate::domain::ids::ApiClientId;

#[derive(Debug, Default)]
pub struct Revoked(RwLock<HashSet<ApiClientId>>);

impl Revoked {
    pub fn contains(&self, id: ApiClientId) -> bool {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&id)
    }

    pub fn insert(&self, id: ApiClientId) {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id);
    }

    fn extend(&self, ids: impl IntoIterator<Item = ApiClientId>) {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(ids);
    }
}

/// Follows revocations for as long as the process runs, reconnecting after any failure.
pub async fn follow(url: String, revoked: actix_web::web::Data<Revoked>) {
    let mut backoff = Duration::from_millis(100);
    loop {
        match listen(&url, &revoked).await {
            Ok(()) => {
                log::warn!("revocation feed: the connection closed; reconnecting");
                // It was up: start over from a short wait.
                backoff = Duration::from_millis(100);
            }
            Err(e) => log::warn!("revocation feed: {e}; retrying in {backoff:?}"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

/// One connection's life: subscribe, load everything, then apply each notification.
async fn listen(url: &str, revoked: &Revoked) -> Result<(), String> {
    let mut conn = crate::db::connect(url).await?;
    // Subscribe before loading, so that nothing revoked in between is missed.
    api_clients::listen_for_revocations(&mut conn)
        .await
        .map_err(|e| format!("cannot listen: {e}"))?;
    let all = api_clients::revoked(&mut conn)
        .await
        .map_err(|e| format!("cannot load revoked clients: {e}"))?;
    revoked.extend(all);
    let mut notifications = std::pin::pin!(conn.notifications_stream());
    while let Some(notification) = notifications.next().await {
        let notification = notification.map_err(|e| format!("notification failed: {e}"))?;
        match notification.payload.parse::<ApiClientId>() {
            Ok(id) => revoked.insert(id),
            Err(_) => log::warn!(
                "revocation feed: ignored payload {:?}",
                notification.payload
            ),
        }
    }
    Ok(())
}
