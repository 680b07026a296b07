-- Competence profiles: institutions, people, frameworks, assessments, development needs.
-- Every table has a `seq` from one sequence-backed column: lists page by it, so rows inserted
-- between pages appear after the cursor and no row is lost or repeated.

CREATE TABLE competence.institutions (
  seq          bigserial UNIQUE,
  id           text PRIMARY KEY,
  display_name text NOT NULL,
  kind         smallint NOT NULL,
  business_id  text NOT NULL UNIQUE,
  region       text NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE competence.people (
  seq                   bigserial UNIQUE,
  institution_id        text NOT NULL REFERENCES competence.institutions (id),
  id                    text NOT NULL,
  display_name          text NOT NULL,
  email                 text NOT NULL DEFAULT '',
  roles                 text NOT NULL DEFAULT '',
  teaching_field        text NOT NULL DEFAULT '',
  employment_start_date date,
  external_id           text,
  version               bigint NOT NULL DEFAULT 1,
  create_time           timestamptz NOT NULL DEFAULT now(),
  update_time           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, id),
  UNIQUE (institution_id, external_id)
);
CREATE INDEX people_list ON competence.people (institution_id, seq);

CREATE TABLE competence.frameworks (
  seq             bigserial UNIQUE,
  id              text PRIMARY KEY,
  display_name    text NOT NULL,
  status          smallint NOT NULL,
  case_identifier uuid NOT NULL UNIQUE,
  -- The levels and the item tree, as valohub.competence.v1.Framework JSON. A framework is
  -- read and written whole, and is immutable once published.
  content         jsonb NOT NULL,
  version         bigint NOT NULL DEFAULT 1,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  publish_time    timestamptz
);

-- One row per competence and level of a framework, so that assessments and needs can refer to
-- them with foreign keys.
CREATE TABLE competence.framework_competences (
  framework_id text NOT NULL REFERENCES competence.frameworks (id) ON DELETE CASCADE,
  code         text NOT NULL,
  PRIMARY KEY (framework_id, code)
);
CREATE TABLE competence.framework_levels (
  framework_id text NOT NULL REFERENCES competence.frameworks (id) ON DELETE CASCADE,
  code         text NOT NULL,
  rank         integer NOT NULL,
  PRIMARY KEY (framework_id, code)
);

CREATE TABLE competence.assessments (
  seq             bigserial UNIQUE,
  institution_id  text NOT NULL,
  person_id       text NOT NULL,
  id              text NOT NULL,
  framework_id    text NOT NULL,
  competence_code text NOT NULL,
  level_code      text NOT NULL,
  source          smallint NOT NULL,
  assess_time     timestamptz NOT NULL,
  note            text NOT NULL DEFAULT '',
  evidence_uri    text NOT NULL DEFAULT '',
  create_time     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, person_id, id),
  FOREIGN KEY (institution_id, person_id)
    REFERENCES competence.people (institution_id, id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, competence_code) REFERENCES competence.framework_competences,
  FOREIGN KEY (framework_id, level_code) REFERENCES competence.framework_levels
);
CREATE INDEX assessments_by_person ON competence.assessments (institution_id, person_id, seq);

CREATE TABLE competence.development_needs (
  seq             bigserial UNIQUE,
  institution_id  text NOT NULL,
  person_id       text NOT NULL,
  id              text NOT NULL,
  framework_id    text NOT NULL,
  competence_code text NOT NULL,
  priority        smallint NOT NULL,
  description     text NOT NULL DEFAULT '',
  version         bigint NOT NULL DEFAULT 1,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, person_id, id),
  FOREIGN KEY (institution_id, person_id)
    REFERENCES competence.people (institution_id, id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, competence_code) REFERENCES competence.framework_competences
);
CREATE INDEX development_needs_by_person ON competence.development_needs (institution_id, person_id, seq);

-- AIP-155 request ids: the first response to a create is kept and replayed to retries.
CREATE TABLE competence.request_log (
  scope       text NOT NULL,
  request_id  text NOT NULL,
  response    bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, request_id)
);
