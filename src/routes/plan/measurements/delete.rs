use crate::db::objectives::MeasurementRow;
use crate::domain::ids::MeasurementId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a measurement
    ///
    /// Admins only.
    delete_measurement: DELETE "/measurements/{id}", MeasurementRow, MeasurementId,
    tag: "strategic-plans",
    id: "Measurement id",
    may_not: msg!("may-record-measurements"),
}
