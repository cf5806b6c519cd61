//! What every table of the API's resources can do by id: read, read and lock, delete.
//! Written once here (Lemmy's `Crud`); each table module declares its row with
//! [`resource!`](crate::resource) and keeps only the queries particular to it.

use std::future::Future;

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

/// A row of a table whose primary key is the resource's id.
pub trait Resource: Sized + Send {
    type Id: Copy + Send + Sync;

    /// What the API calls it, for messages ("no cooperative with this id").
    const NAME: &'static str;

    fn find(
        conn: &mut AsyncPgConnection,
        id: Self::Id,
    ) -> impl Future<Output = QueryResult<Option<Self>>> + Send;

    /// Reads and locks the row for the rest of the transaction, so that concurrent editors
    /// queue up instead of overwriting each other.
    fn find_for_update(
        conn: &mut AsyncPgConnection,
        id: Self::Id,
    ) -> impl Future<Output = QueryResult<Option<Self>>> + Send;

    /// True when a row was deleted.
    fn delete(
        conn: &mut AsyncPgConnection,
        id: Self::Id,
    ) -> impl Future<Output = QueryResult<bool>> + Send;

    /// The row's version, incremented by every change (the `ETag`).
    fn version(&self) -> i32;
}

/// Implements [`Resource`] for a row struct (`Selectable`, with `id` and `version` fields)
/// over its table: `resource!(CooperativeRow, cooperatives, CooperativeId);`.
macro_rules! resource {
    ($row:ty, $table:ident, $id:ty) => {
        impl $crate::Resource for $row {
            type Id = $id;

            const NAME: &'static str = <$id>::RESOURCE;

            async fn find(
                conn: &mut diesel_async::AsyncPgConnection,
                id: $id,
            ) -> diesel::QueryResult<Option<Self>> {
                use diesel::prelude::*;
                use diesel_async::RunQueryDsl;
                $crate::schema::$table::table
                    .find(id)
                    .select(<$row>::as_select())
                    .first(conn)
                    .await
                    .optional()
            }

            async fn find_for_update(
                conn: &mut diesel_async::AsyncPgConnection,
                id: $id,
            ) -> diesel::QueryResult<Option<Self>> {
                use diesel::prelude::*;
                use diesel_async::RunQueryDsl;
                $crate::schema::$table::table
                    .find(id)
                    .select(<$row>::as_select())
                    .for_update()
                    .first(conn)
                    .await
                    .optional()
            }

            async fn delete(
                conn: &mut diesel_async::AsyncPgConnection,
                id: $id,
            ) -> diesel::QueryResult<bool> {
                use diesel_async::RunQueryDsl;
                diesel::delete(diesel::QueryDsl::find($crate::schema::$table::table, id))
                    .execute(conn)
                    .await
                    .map(|n| n > 0)
            }

            fn version(&self) -> i32 {
                self.version
            }
        }
    };
}
pub(crate) use resource;
