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
        demo -> Bool,
    }
}

diesel::table! {
    strategic_plans (id) {
        id -> Uuid,
        title -> Text,
        period_start -> Date,
        period_end -> Date,
        adopted_on -> Nullable<Date>,
        status -> Text,
        mission -> Nullable<Text>,
        vision -> Nullable<Text>,
        core_values -> Array<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    orientations (id) {
        id -> Uuid,
        plan_id -> Uuid,
        number -> Int4,
        title -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    objectives (id) {
        id -> Uuid,
        orientation_id -> Uuid,
        code -> Text,
        code_key -> Array<Int4>,
        title -> Text,
        description -> Nullable<Text>,
        owner -> Nullable<Text>,
        indicator -> Text,
        indicator_source -> Nullable<Text>,
        unit -> Nullable<Text>,
        direction -> Text,
        baseline_value -> Float8,
        baseline_date -> Date,
        target_value -> Float8,
        target_date -> Date,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    measurements (id) {
        id -> Uuid,
        objective_id -> Uuid,
        as_of -> Date,
        value -> Float8,
        comment -> Nullable<Text>,
        source -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(orientations -> strategic_plans (plan_id));
diesel::joinable!(objectives -> orientations (orientation_id));
diesel::joinable!(measurements -> objectives (objective_id));
diesel::allow_tables_to_appear_in_same_query!(
    strategic_plans,
    orientations,
    objectives,
    measurements,
);

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
        demo -> Bool,
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

diesel::table! {
    api_clients (id) {
        id -> Uuid,
        name -> Text,
        role -> Text,
        cooperative_id -> Nullable<Uuid>,
        partner_id -> Nullable<Uuid>,
        secret_hash -> Text,
        previous_secret_hash -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamptz>,
        expires_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        last_used_at -> Nullable<Timestamptz>,
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
    api_clients,
    cooperatives,
    partners,
    service_agreements,
    agreement_transitions,
    enrollments,
);

pub mod sql_types {
    /// PostgreSQL's 64-bit transaction id; only compared in SQL, never read.
    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "xid8"))]
    pub struct Xid8;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Xid8;

    changes (position) {
        position -> Int8,
        tx -> Xid8,
        at -> Timestamptz,
        actor -> Text,
        actor_role -> Text,
        request_id -> Nullable<Text>,
        resource_type -> Text,
        resource_id -> Uuid,
        action -> Text,
        changed -> Jsonb,
        state -> Nullable<Jsonb>,
        cooperative_id -> Nullable<Uuid>,
        partner_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Xid8;

    change_commits (tx) {
        tx -> Xid8,
        sequence -> Int8,
    }
}

diesel::table! {
    change_clock (only_row) {
        only_row -> Bool,
        sequence -> Int8,
        purged_through -> Int8,
    }
}

diesel::table! {
    change_restores (backup_head) {
        backup_head -> Int8,
        resumed_at -> Int8,
        restored_at -> Timestamptz,
    }
}

diesel::allow_tables_to_appear_in_same_query!(changes, change_commits, change_clock);

diesel::table! {
    webhook_subscriptions (id) {
        id -> Uuid,
        url -> Text,
        events -> Array<Text>,
        partner_id -> Nullable<Uuid>,
        description -> Nullable<Text>,
        secret -> Text,
        status -> Text,
        disabled_reason -> Nullable<Text>,
        queued_sequence -> Int8,
        queued_position -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamptz>,
        secret_rotated_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Uuid,
        subscription_id -> Uuid,
        sequence -> Int8,
        position -> Int8,
        event -> Text,
        payload -> Jsonb,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        leased_until -> Nullable<Timestamptz>,
        last_status_code -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_subscriptions, webhook_deliveries);

diesel::table! {
    events (id) {
        id -> Uuid,
        title -> Text,
        kind -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        municipality -> Nullable<Text>,
        description -> Nullable<Text>,
        reported_representatives -> Nullable<Int4>,
        reported_cooperatives -> Nullable<Int4>,
        approximate_representatives -> Nullable<Int4>,
        attendance_note -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    event_participations (id) {
        id -> Uuid,
        event_id -> Uuid,
        cooperative_id -> Uuid,
        representatives -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    event_presentations (id) {
        id -> Uuid,
        event_id -> Uuid,
        title -> Text,
        presenter_name -> Nullable<Text>,
        presenter_role -> Nullable<Text>,
        partner_id -> Nullable<Uuid>,
        project_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(event_participations -> events (event_id));
diesel::joinable!(event_participations -> cooperatives (cooperative_id));
diesel::joinable!(event_presentations -> events (event_id));
diesel::joinable!(event_presentations -> partners (partner_id));
diesel::allow_tables_to_appear_in_same_query!(events, event_participations, event_presentations);
diesel::allow_tables_to_appear_in_same_query!(cooperatives, events);
diesel::allow_tables_to_appear_in_same_query!(cooperatives, event_participations);
diesel::allow_tables_to_appear_in_same_query!(partners, events);
diesel::allow_tables_to_appear_in_same_query!(partners, event_presentations);

diesel::table! {
    projects (id) {
        id -> Uuid,
        title -> Text,
        kind -> Text,
        objective -> Nullable<Text>,
        context -> Nullable<Text>,
        expected_outcomes -> Array<Text>,
        status -> Text,
        started_on -> Nullable<Date>,
        completed_on -> Nullable<Date>,
        document_url -> Nullable<Text>,
        orientation_ids -> Array<Uuid>,
        objective_ids -> Array<Uuid>,
        public -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    project_transitions (id) {
        id -> Uuid,
        project_id -> Uuid,
        from_status -> Text,
        to_status -> Text,
        reason -> Text,
        effective_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    project_funders (id) {
        id -> Uuid,
        project_id -> Uuid,
        partner_id -> Uuid,
        amount -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(project_transitions -> projects (project_id));
diesel::joinable!(project_funders -> projects (project_id));
diesel::joinable!(project_funders -> partners (partner_id));
diesel::joinable!(event_presentations -> projects (project_id));
diesel::allow_tables_to_appear_in_same_query!(projects, project_transitions, project_funders);
diesel::allow_tables_to_appear_in_same_query!(partners, project_funders);
diesel::allow_tables_to_appear_in_same_query!(projects, event_presentations);

diesel::table! {
    representations (id) {
        id -> Uuid,
        title -> Text,
        kind -> Text,
        authority -> Text,
        consultation -> Nullable<Text>,
        filed_on -> Nullable<Date>,
        held_on -> Nullable<Date>,
        summary -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    representation_requests (id) {
        id -> Uuid,
        representation_id -> Uuid,
        number -> Int4,
        text -> Text,
        outcome -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(representation_requests -> representations (representation_id));
diesel::allow_tables_to_appear_in_same_query!(representations, representation_requests);

diesel::table! {
    board_terms (id) {
        id -> Uuid,
        person_name -> Text,
        office -> Text,
        cooperative_id -> Nullable<Uuid>,
        from_on -> Nullable<Date>,
        until_on -> Nullable<Date>,
        public -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::joinable!(board_terms -> cooperatives (cooperative_id));
diesel::allow_tables_to_appear_in_same_query!(cooperatives, board_terms);
