// Mirrors migrations/; keep in step (a test loads every column through it).

diesel::table! {
    cooperatives (id) {
        id -> Uuid,
        name -> Text,
        legal_name -> Nullable<Text>,
        legal_form -> Text,
        neq -> Nullable<Text>,
        street -> Nullable<Text>,
        municipality -> Text,
        province -> Text,
        postal_code -> Nullable<Text>,
        region -> Nullable<Text>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        website -> Nullable<Text>,
        founded_on -> Nullable<Date>,
        services -> Array<Text>,
        hosts_gmf -> Bool,
        federation_status -> Text,
        member_since -> Nullable<Date>,
        left_on -> Nullable<Date>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
        search_text -> Text,
        sort_name -> Text,
    }
}

diesel::table! {
    partners (id) {
        id -> Uuid,
        name -> Text,
        kind -> Text,
        website -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
        sort_name -> Text,
    }
}

diesel::table! {
    service_agreements (id) {
        id -> Uuid,
        partner_id -> Uuid,
        title -> Text,
        category -> Text,
        beneficiaries -> Text,
        terms -> Nullable<Text>,
        pricing -> Nullable<Text>,
        signed_on -> Nullable<Date>,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    agreement_transitions (id) {
        id -> Uuid,
        agreement_id -> Uuid,
        from_status -> Text,
        to_status -> Text,
        reason -> Text,
        effective_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    enrollments (id) {
        id -> Uuid,
        agreement_id -> Uuid,
        cooperative_id -> Uuid,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        people_covered -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(service_agreements -> partners (partner_id));
diesel::joinable!(agreement_transitions -> service_agreements (agreement_id));
diesel::joinable!(enrollments -> service_agreements (agreement_id));
diesel::joinable!(enrollments -> cooperatives (cooperative_id));
diesel::allow_tables_to_appear_in_same_query!(
    cooperatives,
    partners,
    service_agreements,
    agreement_transitions,
    enrollments,
);
