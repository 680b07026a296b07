-- API keys of institution systems. Only the SHA-256 of the secret is kept: the secret has 256
-- random bits, so a fast hash is enough and no salt is needed.
CREATE TABLE competence.api_keys (
  seq            bigserial UNIQUE,
  institution_id text NOT NULL REFERENCES competence.institutions (id) ON DELETE CASCADE,
  id             text NOT NULL,
  display_name   text NOT NULL,
  roles          text NOT NULL,
  secret_sha256  bytea NOT NULL,
  secret_prefix  text NOT NULL,
  revoked        boolean NOT NULL DEFAULT false,
  create_time    timestamptz NOT NULL DEFAULT now(),
  revoke_time    timestamptz,
  version        bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (institution_id, id),
  UNIQUE (id)
);
CREATE INDEX api_keys_list ON competence.api_keys (institution_id, seq);
