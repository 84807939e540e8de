resource "strata_api_key" "ci" {
  name      = "ci-pipeline"
  role      = "tenant_admin"
  tenant_id = strata_tenant.acme.id
}

output "ci_api_key" {
  value     = strata_api_key.ci.secret
  sensitive = true
}
