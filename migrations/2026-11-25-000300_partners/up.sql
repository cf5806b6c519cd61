-- Partners of the federation, the service agreements negotiated with them, the history of
-- each agreement's life cycle, and the co-ops enrolled in them.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE partners (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CONSTRAINT partners_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
  kind          text NOT NULL CONSTRAINT partners_kind_check
    CHECK (kind IN ('insurance_broker', 'insurer', 'telemedicine', 'nutrition', 'sponsor', 'other')),
  website       text,
  contact_name  text,
  contact_email text,
  contact_phone text,
  notes         text CHECK (char_length(notes) <= 5000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- Accent- and case-insensitive name: the order of lists and the natural key.
  sort_name     text NOT NULL GENERATED ALWAYS AS (lower(immutable_unaccent(name))) STORED,

  CONSTRAINT partners_name_key UNIQUE (sort_name)
);

-- The stored status is the last one recorded by a transition; `expired` is never stored:
-- it is computed on read from `ends_on`.
CREATE TABLE service_agreements (
  id            uuid PRIMARY KEY,
  partner_id    uuid NOT NULL
    CONSTRAINT service_agreements_partner_id_fkey REFERENCES partners (id) ON DELETE RESTRICT,
  title         text NOT NULL CONSTRAINT service_agreements_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
  category      text NOT NULL CONSTRAINT service_agreements_category_check
    CHECK (category IN ('group_insurance', 'property_insurance', 'telemedicine', 'nutrition', 'other')),
  beneficiaries text NOT NULL CONSTRAINT service_agreements_beneficiaries_check
    CHECK (beneficiaries IN ('employees', 'members', 'both')),
  terms         text CHECK (char_length(terms) <= 5000),
  pricing       text CHECK (char_length(pricing) <= 2000),
  signed_on     date,
  starts_on     date,
  ends_on       date,
  status        text NOT NULL DEFAULT 'draft' CONSTRAINT service_agreements_status_check
    CHECK (status IN ('draft', 'negotiating', 'active', 'suspended', 'terminated')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT service_agreements_dates_order CHECK (ends_on >= starts_on),
  CONSTRAINT service_agreements_title_key UNIQUE (partner_id, title)
);

CREATE INDEX service_agreements_partner_idx ON service_agreements (partner_id, id);

CREATE TABLE agreement_transitions (
  id            uuid PRIMARY KEY,
  agreement_id  uuid NOT NULL
    CONSTRAINT agreement_transitions_agreement_id_fkey REFERENCES service_agreements (id) ON DELETE CASCADE,
  from_status   text NOT NULL
    CHECK (from_status IN ('draft', 'negotiating', 'active', 'suspended', 'terminated')),
  to_status     text NOT NULL
    CHECK (to_status IN ('draft', 'negotiating', 'active', 'suspended', 'terminated')),
  reason        text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
  effective_on  date NOT NULL,
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now()
);

-- The history in order; the status on a date is the last row at or before it.
CREATE INDEX agreement_transitions_history_idx
  ON agreement_transitions (agreement_id, effective_on, id);

CREATE TABLE enrollments (
  id             uuid PRIMARY KEY,
  agreement_id   uuid NOT NULL
    CONSTRAINT enrollments_agreement_id_fkey REFERENCES service_agreements (id) ON DELETE RESTRICT,
  cooperative_id uuid NOT NULL
    CONSTRAINT enrollments_cooperative_id_fkey REFERENCES cooperatives (id) ON DELETE RESTRICT,
  starts_on      date NOT NULL,
  -- Last day covered (inclusive); NULL while open-ended.
  ends_on        date,
  people_covered integer CONSTRAINT enrollments_people_covered_range CHECK (people_covered >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT enrollments_dates_order CHECK (ends_on >= starts_on),
  -- A co-op is enrolled at most once at a time in the same agreement.
  CONSTRAINT enrollments_no_overlap EXCLUDE USING gist (
    cooperative_id WITH =,
    agreement_id WITH =,
    daterange(starts_on, ends_on, '[]') WITH &&
  )
);

CREATE INDEX enrollments_agreement_idx ON enrollments (agreement_id, id);
CREATE INDEX enrollments_cooperative_idx ON enrollments (cooperative_id, id);
