terraform {
  required_providers {
    strata = {
      source = "strata/strata"
    }
  }
}

# endpoint and api_key may also come from STRATA_ENDPOINT and STRATA_API_KEY.
provider "strata" {
  endpoint = "http://127.0.0.1:8080"
  api_key  = var.strata_api_key
}

variable "strata_api_key" {
  type      = string
  sensitive = true
}
