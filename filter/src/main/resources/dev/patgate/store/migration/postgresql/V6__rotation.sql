-- Version 6: token rotation (docs/token-lifecycle.md). family_id is the id of the first token of a
-- rotation family (NULL for a token never rotated nor made by a rotation); rotated_to is set on a
-- token rotated away, naming its successor, so that a later use of it is recognised as reuse.
ALTER TABLE patgate_tokens ADD COLUMN family_id VARCHAR(12);
ALTER TABLE patgate_tokens ADD COLUMN rotated_to VARCHAR(12);
CREATE INDEX patgate_tokens_family ON patgate_tokens (family_id);
