# The secret is not readable after creation: an imported key has a null secret.
terraform import strata_api_key.ci key-0123456789abcdefghijk
