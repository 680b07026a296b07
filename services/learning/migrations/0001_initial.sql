-- The learning-units service: units and their versions, enrolments, credentials, issuer keys,
-- status lists and the outbox to the competence service.

CREATE TABLE learning.request_log (
  scope text NOT NULL,
  request_id text NOT NULL,
  response bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, request_id)
);

-- The providing institutions as the competence service described them when they last saved a
-- unit: the issuer Profile of their credentials.
CREATE TABLE learning.issuers (
  institution_id text PRIMARY KEY,
  display_name text NOT NULL,
  update_time timestamptz NOT NULL DEFAULT now()
);

-- One row per unit; its versions are in unit_versions.
CREATE TABLE learning.units (
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  seq bigserial UNIQUE,
  latest_version integer NOT NULL DEFAULT 1,
  published_version integer NOT NULL DEFAULT 0,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, unit_id)
);

-- Every version of every unit. The content is the Unit message without its output-only fields;
-- the columns beside it are what the catalogue searches on.
CREATE TABLE learning.unit_versions (
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  unit_version integer NOT NULL,
  seq bigserial UNIQUE,
  state text NOT NULL CHECK (state IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'RETIRED', 'SUPERSEDED')),
  content bytea NOT NULL,
  search_text text NOT NULL DEFAULT '',
  search tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
  competences text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{}',
  eqf_level integer NOT NULL DEFAULT 0,
  ects_equivalent double precision NOT NULL DEFAULT 0,
  participation_mode text NOT NULL DEFAULT '',
  pacing text NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  publish_time timestamptz,
  PRIMARY KEY (institution_id, unit_id, unit_version),
  FOREIGN KEY (institution_id, unit_id) REFERENCES learning.units ON DELETE CASCADE
);
CREATE INDEX unit_versions_published ON learning.unit_versions (seq) WHERE state = 'PUBLISHED';
CREATE INDEX unit_versions_search ON learning.unit_versions USING gin (search)
  WHERE state = 'PUBLISHED';
CREATE INDEX unit_versions_competences ON learning.unit_versions USING gin (competences)
  WHERE state = 'PUBLISHED';

CREATE TABLE learning.enrolments (
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  enrolment_id text NOT NULL,
  seq bigserial UNIQUE,
  unit_version integer NOT NULL,
  person_institution_id text NOT NULL,
  person_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('ENROLLED', 'COMPLETED', 'WITHDRAWN')),
  -- CompleteEnrolmentRequest with the result and evidence, once completed.
  completion bytea,
  credential_id uuid,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  complete_time timestamptz,
  PRIMARY KEY (institution_id, unit_id, enrolment_id),
  FOREIGN KEY (institution_id, unit_id) REFERENCES learning.units
);
-- One live enrolment per person and unit.
CREATE UNIQUE INDEX enrolments_one_per_person ON learning.enrolments
  (institution_id, unit_id, person_institution_id, person_id) WHERE state <> 'WITHDRAWN';

-- Public keys of the issuers (the private keys are files, never rows).
CREATE TABLE learning.issuer_keys (
  institution_id text NOT NULL,
  key_id text NOT NULL,
  seq bigserial UNIQUE,
  algorithm text NOT NULL,
  kid text NOT NULL UNIQUE,
  public_jwk text NOT NULL,
  active boolean NOT NULL DEFAULT false,
  create_time timestamptz NOT NULL DEFAULT now(),
  retire_time timestamptz,
  PRIMARY KEY (institution_id, key_id)
);
CREATE UNIQUE INDEX issuer_keys_one_active ON learning.issuer_keys (institution_id) WHERE active;

-- Bitstring Status Lists, one series per issuer; bit i of the list is bit (7 - i % 8) of byte
-- i / 8 (the first index is the most significant bit), as the W3C recommendation has it.
CREATE TABLE learning.status_lists (
  institution_id text NOT NULL,
  list_id integer NOT NULL,
  size integer NOT NULL,
  next_index integer NOT NULL DEFAULT 0,
  bits bytea NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, list_id),
  CHECK (next_index <= size AND length(bits) * 8 = size)
);

CREATE TABLE learning.credentials (
  credential_id uuid PRIMARY KEY,
  seq bigserial UNIQUE,
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  unit_version integer NOT NULL,
  enrolment_id text NOT NULL,
  person_institution_id text NOT NULL,
  person_id text NOT NULL,
  key_id text NOT NULL,
  jwt text NOT NULL,
  status_list_id integer NOT NULL,
  status_index integer NOT NULL,
  revoked boolean NOT NULL DEFAULT false,
  revocation_reason text,
  revoked_by text,
  revoke_time timestamptz,
  version bigint NOT NULL DEFAULT 1,
  issue_time timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_id, status_list_id, status_index),
  FOREIGN KEY (institution_id, unit_id, enrolment_id) REFERENCES learning.enrolments
);
CREATE INDEX credentials_holder ON learning.credentials (person_institution_id, person_id, seq);

-- The transactional outbox: events written in the transaction of the change that caused them,
-- delivered by the relay at least once; the receiver applies them idempotently.
CREATE TABLE learning.outbox (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  kind text NOT NULL,
  -- The institution whose data the event changes (the receiver authorizes by it).
  tenant text NOT NULL,
  payload bytea NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_time timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_time timestamptz,
  dead_time timestamptz,
  create_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending ON learning.outbox (next_attempt_time)
  WHERE delivered_time IS NULL AND dead_time IS NULL;
