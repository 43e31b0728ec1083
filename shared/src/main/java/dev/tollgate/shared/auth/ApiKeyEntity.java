package dev.tollgate.shared.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key as stored: only the SHA-256 of the secret, never the secret itself. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    @Id
    public String id;

    public String name;

    public String namespace;

    /** The first characters of the key, shown in listings so that people can tell keys apart. */
    @Column(name = "display_prefix")
    public String displayPrefix;

    @Column(name = "secret_hash")
    public String secretHash;

    /** Comma-separated {@link Scope} wire names. */
    public String scopes;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
