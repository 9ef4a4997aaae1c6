-- Version 4: failed authentications counted across gateway instances (dev.patgate.auth.SharedFailures).
-- kind names the account (token.address, token.login, password.address, password.login); subject is
-- an address group (192.0.2.7, 2001:db8:0:1::/64) or the SHA-256 of a login tried, never a secret.
-- failures is the count since the row was last forgotten; last_failure_at (epoch ms) the latest
-- failure any instance wrote. Instances add to a row in batches and read back the rows over budget.
CREATE TABLE patgate_failures (
  kind VARCHAR(32) NOT NULL,
  subject VARCHAR(160) NOT NULL,
  failures BIGINT NOT NULL,
  last_failure_at BIGINT NOT NULL,
  PRIMARY KEY (kind, subject)
);

CREATE INDEX patgate_failures_recent ON patgate_failures (kind, last_failure_at);
