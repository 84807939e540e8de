data "strata_datastore" "sessions" {
  tenant_id = strata_tenant.acme.id
  name      = "sessions"
}

output "sessions_effective_offload_threshold" {
  value = data.strata_datastore.sessions.effective_tiering.offload_threshold
}
