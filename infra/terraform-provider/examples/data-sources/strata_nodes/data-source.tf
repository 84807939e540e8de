data "strata_nodes" "all" {}

output "healthy_nodes" {
  value = [for n in data.strata_nodes.all.nodes : n.name if n.health == "healthy"]
}
