-- Polity schema, version 16: the Ed25519 keys local actors sign their activities with (FEP-8b32 object integrity
-- proofs, eddsa-jcs-2022), published as a FEP-521a Multikey in the actor's assertionMethod. One key per actor,
-- made on first use; the 32-byte private seed is encrypted with the instance's Tink AEAD keyset (associated data:
-- the key id). RSA keys stay in actor_keys for HTTP signatures. Remote actors' Ed25519 keys are read from their
-- actor documents when a proof is checked and cached in memory like their RSA keys, not stored here.
-- Written to run unchanged on H2 (in PostgreSQL mode) and on PostgreSQL.
CREATE TABLE actor_proof_keys (
    actor_id               BIGINT        PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    key_id                 VARCHAR(2048) NOT NULL UNIQUE,
    public_key_multibase   VARCHAR(64)   NOT NULL,
    private_seed_encrypted VARCHAR       NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
