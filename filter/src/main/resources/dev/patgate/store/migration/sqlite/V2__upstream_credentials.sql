-- Version 2: the users' upstream (Pydio Cells) credentials, sealed with AES-GCM by the gateway
-- (dev.patgate.gateway.cells.CredentialStore); the filter never reads this table.
CREATE TABLE patgate_upstream_credentials (
  login VARCHAR(255) PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  upstream_id VARCHAR(255),
  sealed VARCHAR(8000) NOT NULL,
  created_at BIGINT NOT NULL
);
