use crate::db::agreements::AgreementRow;
use crate::domain::ids::AgreementId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a service agreement
    ///
    /// Admins only, for agreements entered by mistake: its history goes with it. Refused with
    /// 409 while co-ops are enrolled; record a `terminated` transition instead.
    delete_service_agreement: DELETE "/service-agreements/{id}", AgreementRow, AgreementId,
    tag: "service-agreements",
    id: "Agreement id",
    may_not: msg!("may-delete-service-agreements"),
    in_use: msg!("agreement-has-enrollments"),
}
