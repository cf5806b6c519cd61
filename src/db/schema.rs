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
    membership_counts (id) {
        id -> Uuid,
        cooperative_id -> Uuid,
        as_of -> Date,
        users -> Int4,
        workers -> Int4,
        supporting -> Int4,
        total -> Int4,
        source -> Text,
        note -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(membership_counts -> cooperatives (cooperative_id));
diesel::allow_tables_to_appear_in_same_query!(cooperatives, membership_counts);

diesel::table! {
    idempotency_keys (owner, key) {
        owner -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Int4>,
        headers -> Nullable<Jsonb>,
        body -> Nullable<Bytea>,
        created_at -> Timestamptz,
    }
}
