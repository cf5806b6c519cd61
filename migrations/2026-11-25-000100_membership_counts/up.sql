-- Membership counts: how many members a co-op reported at a date, per category.

CREATE TABLE membership_counts (
  id             uuid PRIMARY KEY,
  cooperative_id uuid NOT NULL REFERENCES cooperatives (id) ON DELETE RESTRICT,
  as_of          date NOT NULL,
  users          integer NOT NULL CHECK (users >= 0),
  workers        integer NOT NULL CHECK (workers >= 0),
  supporting     integer NOT NULL CHECK (supporting >= 0),
  total          integer NOT NULL GENERATED ALWAYS AS (users + workers + supporting) STORED,
  source         text NOT NULL
    CHECK (source IN ('annual_report', 'agm', 'estimate', 'partner_report', 'other')),
  note           text CHECK (char_length(note) <= 2000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT membership_counts_total_positive CHECK (users + workers + supporting > 0),
  -- One count per co-op and date. The index also answers "latest count at or before D" for a
  -- co-op with one backward index-only scan (the counts are INCLUDEd).
  CONSTRAINT membership_counts_one_per_date UNIQUE (cooperative_id, as_of) INCLUDE (users, workers, supporting)
);

-- Statistics pick the co-ops that were members on a date.
CREATE INDEX cooperatives_membership_period_idx ON cooperatives (member_since, left_on)
  WHERE member_since IS NOT NULL;
