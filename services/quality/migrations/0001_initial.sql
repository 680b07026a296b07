-- The quality-assurance service: quality models and their versions, reviews of unit versions with
-- their assigned reviewers, each unit's quality status (with its change feed), participant
-- feedback and the audit trail. Messages that are read and written whole are kept as their
-- serialized protobuf (`body`); the columns beside them are what is searched on.

-- Every version of every model (valohub.quality.v1.QualityModel); versions never change.
CREATE TABLE quality.models (
  model_id text NOT NULL,
  model_version integer NOT NULL,
  seq bigserial UNIQUE,
  body bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, model_version)
);

-- Reviews (valohub.quality.v1.Review, with the frozen snapshot of the unit version).
CREATE TABLE quality.reviews (
  review_id uuid PRIMARY KEY,
  seq bigserial UNIQUE,
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  unit_version integer NOT NULL,
  state text NOT NULL
    CHECK (state IN ('OPEN', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'WITHDRAWN')),
  body bytea NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_unit ON quality.reviews (institution_id, unit_id, seq);
-- At most one open review per unit.
CREATE UNIQUE INDEX reviews_one_open ON quality.reviews (institution_id, unit_id)
  WHERE state = 'OPEN';

-- Who is assigned to which review: for "assigned to me" and for who may read a unit's feedback.
CREATE TABLE quality.review_reviewers (
  review_id uuid NOT NULL REFERENCES quality.reviews (review_id),
  reviewer_institution_id text NOT NULL,
  reviewer_person_id text NOT NULL,
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  PRIMARY KEY (review_id, reviewer_institution_id, reviewer_person_id)
);
CREATE INDEX review_reviewers_person
  ON quality.review_reviewers (reviewer_institution_id, reviewer_person_id);

-- Each unit's quality state (valohub.quality.v1.UnitQuality without its computed status). `seq`
-- is taken anew from quality.status_changes on every write, under a transaction advisory lock,
-- so that the feed in seq order never skips a change that commits late.
CREATE SEQUENCE quality.status_changes;
CREATE TABLE quality.unit_status (
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  seq bigint NOT NULL UNIQUE,
  body bytea NOT NULL,
  update_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, unit_id)
);

-- Participant feedback. The enrolment is kept only as a SHA-256 digest of its name: enough to
-- allow one rating per enrolment, not to tell who wrote what.
CREATE TABLE quality.feedback (
  seq bigserial PRIMARY KEY,
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  unit_version integer NOT NULL,
  enrolment_digest bytea NOT NULL UNIQUE,
  relevance smallint NOT NULL CHECK (relevance BETWEEN 1 AND 5),
  clarity smallint NOT NULL CHECK (clarity BETWEEN 1 AND 5),
  assessment smallint NOT NULL CHECK (assessment BETWEEN 1 AND 5),
  workload smallint NOT NULL CHECK (workload BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL
);
CREATE INDEX feedback_unit ON quality.feedback (institution_id, unit_id, create_time);

-- The audit trail: every review created, assignment, scorecard, decision, flag and model change.
CREATE TABLE quality.audit_events (
  seq bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL,
  actor text NOT NULL,
  actor_institution_id text NOT NULL DEFAULT '',
  action text NOT NULL,
  institution_id text NOT NULL DEFAULT '',
  unit_id text NOT NULL DEFAULT '',
  review_id text NOT NULL DEFAULT '',
  detail text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_unit ON quality.audit_events (institution_id, unit_id, seq);
CREATE INDEX audit_events_review ON quality.audit_events (review_id, seq);
