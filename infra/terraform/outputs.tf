output "region" {
  value = var.region
}

output "cluster_name" {
  value = module.eks.cluster_name
}

output "kubeconfig_command" {
  description = "Points kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

output "ecr_registry" {
  description = "The registry host the images are pushed to."
  value       = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${var.region}.amazonaws.com"
}

output "ecr_repositories" {
  description = "Image name -> repository URL."
  value       = { for name, repo in aws_ecr_repository.image : name => repo.repository_url }
}

output "postgres_endpoint" {
  value = aws_db_instance.postgres.address
}

output "redis_endpoint" {
  value = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "rabbitmq_endpoint" {
  value = local.amqp_endpoint
}

output "attachments_file_system_id" {
  value = aws_efs_file_system.attachments.id
}

output "ci_role_arn" {
  description = "For the workflow's AWS_ROLE_ARN secret (empty without github_repository)."
  value       = local.ci_enabled ? aws_iam_role.ci[0].arn : ""
}
