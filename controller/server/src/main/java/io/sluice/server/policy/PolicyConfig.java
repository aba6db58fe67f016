package io.sluice.server.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** The {@code policy:} section of the configuration file: where versions are kept, who may change them. */
public final class PolicyConfig {
    @NotEmpty
    private String database = ".sluice/policy.db";

    /** Bearer token that policy changes must carry; unset refuses every change (403). */
    @Size(min = 16, message = "must be at least 16 characters, or a change could be guessed")
    private String token;

    @JsonProperty
    public String getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(String database) {
        this.database = database;
    }

    @JsonProperty
    public String getToken() {
        return token;
    }

    @JsonProperty
    public void setToken(String token) {
        this.token = token;
    }
}
