-- The public quality label of each unit, as the quality service reports it (at publication and
-- through its change feed), and how far that feed has been followed. The catalogue leaves out a
-- unit whose label is anything but a valid approval; a unit without a label (published by the
-- development gate before this migration) is listed as NOT_REVIEWED.
CREATE TABLE learning.unit_quality (
  institution_id text NOT NULL,
  unit_id text NOT NULL,
  status text NOT NULL,
  model text NOT NULL DEFAULT '',
  model_version integer NOT NULL DEFAULT 0,
  decision_time timestamptz,
  valid_until timestamptz,
  feed_seq bigint NOT NULL DEFAULT 0,
  update_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, unit_id)
);

CREATE TABLE learning.quality_feed (
  id integer PRIMARY KEY CHECK (id = 1),
  after_seq bigint NOT NULL
);
INSERT INTO learning.quality_feed VALUES (1, 0);
