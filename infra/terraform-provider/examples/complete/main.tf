terraform {
  required_providers {
    strata = {
      source = "strata/strata"
    }
  }
}

# endpoint and api_key default to STRATA_ENDPOINT and STRATA_API_KEY.
provider "strata" {}

resource "strata_tenant" "acme" {
  name = "acme"

  # Defaults of every datastore of the tenant; a change rolls out to them live.
  tiering {
    enabled = true
  }
}

resource "strata_datastore" "sessions" {
  tenant_id = strata_tenant.acme.id
  name      = "sessions"
  memory    = "256mb"

  # Overrides of the tenant defaults: changed in place (CONFIG SET on the running server).
  tiering {
    offload_threshold = 0.3

    lists {
      enabled   = true
      threshold = 2
    }
  }

  timeouts {
    create = "5m"
  }
}

resource "strata_api_key" "acme_admin" {
  name      = "acme-admin"
  role      = "tenant_admin"
  tenant_id = strata_tenant.acme.id
}

data "strata_nodes" "all" {}

output "endpoint" {
  value = strata_datastore.sessions.endpoint
}

output "password" {
  value     = strata_datastore.sessions.password
  sensitive = true
}

output "effective_tiering" {
  value = strata_datastore.sessions.effective_tiering
}

output "acme_api_key" {
  value     = strata_api_key.acme_admin.secret
  sensitive = true
}

output "nodes" {
  value = [for n in data.strata_nodes.all.nodes : "${n.name} ${n.health}"]
}
