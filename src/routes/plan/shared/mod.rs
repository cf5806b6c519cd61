//! What the strategic plan's resources share: who may read them, the schema of their merge
//! patches, and (`progress`) how an objective's progress is read, which the plan's summary
//! and the annual report show too.

pub mod progress;

use utoipa::openapi::{RefOr, Schema};

use crate::auth::{Caller, Role};
use crate::error::ApiResult;
use crate::i18n::msg;

/// Roles that may read plans, orientations, objectives and their progress.
pub(crate) const READERS: &[Role] = &[Role::Admin, Role::Reader, Role::CoopManager];

/// 403 unless the caller may read the plan's records.
pub(crate) fn may_read(caller: &Caller) -> ApiResult<()> {
    caller.require(READERS, msg!("may-read-strategic-plans"))
}

/// 403 unless the caller may change plans, orientations and objectives (admins).
pub(crate) fn may_edit(caller: &Caller) -> ApiResult<()> {
    caller.require(&[Role::Admin], msg!("may-edit-strategic-plans"))
}

/// The schema of a merge patch of `what`.
pub(crate) fn patch_schema(schema: RefOr<Schema>, what: &str) -> RefOr<Schema> {
    crate::routes::merge_patch_schema(
        schema,
        &format!("{what}: any subset of its writable fields"),
        &[],
    )
}
