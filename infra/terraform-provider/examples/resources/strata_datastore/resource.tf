resource "strata_datastore" "sessions" {
  tenant_id       = strata_tenant.acme.id
  name            = "sessions"
  memory          = "256mb"
  eviction_policy = "allkeys-lru"

  # Overrides of the tenant defaults, changed in place.
  tiering {
    offload_threshold = 0.3
    upload_threshold  = 0.1

    hashes {
      enabled   = true
      max_bytes = 2048
    }
  }

  timeouts {
    create = "5m"
    update = "5m"
    delete = "5m"
  }
}

output "sessions_endpoint" {
  value = strata_datastore.sessions.endpoint
}

output "sessions_password" {
  value     = strata_datastore.sessions.password
  sensitive = true
}
