-- Version 1: the tokens and the revocation change log. Stores made before Flyway took over hold
-- this version as row 1 of patgate_schema and are baselined at it (dev.patgate.store.Migrations).
CREATE TABLE patgate_tokens (
  id VARCHAR(12) PRIMARY KEY,
  login VARCHAR(255) NOT NULL,
  label VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  expires_at BIGINT,
  refresh_window_s BIGINT,
  last_used_at BIGINT,
  last_used_ip VARCHAR(64),
  scopes VARCHAR(8000) NOT NULL,
  revoked_at BIGINT,
  secret_digest VARCHAR(64) NOT NULL
);

CREATE INDEX patgate_tokens_login ON patgate_tokens (login);

CREATE TABLE patgate_token_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  token_id VARCHAR(12) NOT NULL,
  changed_at BIGINT NOT NULL
);
