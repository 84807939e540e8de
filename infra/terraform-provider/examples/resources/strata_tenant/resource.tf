resource "strata_tenant" "acme" {
  name = "acme"

  # Defaults for every datastore of the tenant; a change rolls out to them live.
  tiering {
    enabled           = true
    offload_threshold = 0.5
    min_value_size    = 64

    lists {
      enabled   = true
      threshold = 2
    }
  }
}
